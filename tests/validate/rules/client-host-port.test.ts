/** client-host-port: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/client-host-port/). */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { clientHostPort } from '../../../tools/src/validate/rules/client-host-port.js';
import { client, clientConfig, found, HOST_IP, object, port, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const CLIENT = 'DaemonSet/consul-client /spec/template/spec/containers/0';

describe('client-host-port', () => {
  const check = (daemonSet: ParsedResource, config?: Body) => found(clientHostPort, [daemonSet, ...(config ? [clientConfig(config)] : [])]);

  it('HTTP 8500 and gRPC 8502 on the same host ports, with HOST_IP, passes; with HTTP off the API is 8501', () => {
    expect(check(client([port(8500, 8500), port(8502, 8502, 'TCP'), port(8301, undefined, 'UDP')]))).toEqual([]);
    expect(check(client([port(8501, 8501), port(8502, 8502)]), { ports: { http: -1, https: 8501 } })).toEqual([]);
    expect(check(client([port(8500, 8500), port(8502, 8502)]), { ports: { http: -1 } })).toEqual([]);
  });

  it('the API port is the HTTP port when it is above 0, else the HTTPS port when that is, else 8500', () => {
    expect(check(client([port(8080, 8080), port(8502, 8502)]), { ports: { http: 8080 } })).toEqual([]);
    expect(check(client([port(8501, 8501), port(8502, 8502)]), { ports: { http: 0, https: 8501 } })).toEqual([]);
    expect(check(client([port(8500, 8500), port(8502, 8502)]), { ports: { http: 0, https: 0 } })).toEqual([]);
  });

  it('a required port without a host port, or only on UDP, is an error', () => {
    const message = (n: number) => `container port ${n} is not bound to a host port: pods cannot reach the agent at HOST_IP:${n}`;
    expect(check(client([port(8500), port(8502, 8502)]))).toEqual([{ severity: 'error', at: `${CLIENT}/ports`, message: message(8500) }]);
    expect(check(client([port(8500, 8500), port(8502, 8502, 'UDP')]))).toEqual([
      { severity: 'error', at: `${CLIENT}/ports`, message: message(8502) },
    ]);
    expect(check(client([port(8502, 8502)]), { ports: { http: -1, https: 8501 } })).toEqual([
      { severity: 'error', at: `${CLIENT}/ports`, message: message(8501) },
    ]);
  });

  it('a host port that differs from the container port is an error', () => {
    expect(check(client([port(8500, 18500), port(8502, 8502)]))).toEqual([
      { severity: 'error', at: `${CLIENT}/ports/0/hostPort`, message: 'hostPort 18500 differs from containerPort 8500' },
    ]);
  });

  it('an agent without HOST_IP from status.hostIP is an error', () => {
    const message =
      'the client agent has no HOST_IP from the downward API (status.hostIP): pods are told to call HOST_IP, and with TLS its certificate must name it (auto_encrypt.ip_san)';
    const ports = [port(8500, 8500), port(8502, 8502)];
    expect(check(client(ports, []))).toEqual([{ severity: 'error', at: `${CLIENT}/env`, message }]);
    expect(check(client(ports, [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]))).toEqual([
      { severity: 'error', at: `${CLIENT}/env`, message },
    ]);
    expect(check(client(ports, [{ name: 'NODE_IP', valueFrom: HOST_IP.valueFrom }]))).toEqual([
      { severity: 'error', at: `${CLIENT}/env`, message },
    ]);
  });

  it('no client DaemonSet is an error; one without an agent container says nothing more', () => {
    expect(found(clientHostPort, [object('v1', 'ConfigMap', 'x')])).toEqual([
      { severity: 'error', at: '-', message: 'no DaemonSet consul-client: pods have no node-local agent' },
    ]);
    expect(found(clientHostPort, [workload('DaemonSet', 'consul-client', { initContainers: [{ name: 'init' }] })])).toEqual([]);
    expect(found(clientHostPort, [workload('Deployment', 'consul-client', {})]).map((finding) => finding.at)).toEqual(['-']);
  });
});

describeRuleFixtures('client-host-port');
