/** consul-client-ports: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-client-ports/). */
import { describe, expect, it } from 'vitest';
import { consulClientPorts } from '../../../tools/src/validate/rules/consul-client-ports.js';
import { found, object, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('consul-client-ports', () => {
  const config = (ports: Body) => object('v1', 'ConfigMap', 'consul-client-config', { data: { 'client.json': JSON.stringify({ ports }) } });
  const client = (ports: Body[]) => workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', ports }] });
  const AT = 'DaemonSet/consul-client /spec/template/spec/containers/0/ports';
  const GRPC = { containerPort: 8502, hostPort: 8502 };

  it('a host port for exactly each served API port passes (Serf and DNS need none)', () => {
    expect(
      found(consulClientPorts, [client([{ containerPort: 8500, hostPort: 8500 }, GRPC, { containerPort: 8301 }]), config({ grpc: 8502 })]),
    ).toEqual([]);
  });

  it('a hostPort at the API port number forwarding to another container port does not bind that API port', () => {
    const messages = found(consulClientPorts, [client([{ containerPort: 9000, hostPort: 8500 }, GRPC]), config({ grpc: 8502 })]).map(
      (finding) => finding.message,
    );
    expect(messages).toEqual([
      'hostPort 8500 forwards to container port 9000, which consul-client-config does not serve (serves http 8500, grpc 8502, dns 8600, serf_lan 8301)',
      'consul-client-config serves http on 8500, but the DaemonSet binds no hostPort 8500 for it: pods cannot reach it at HOST_IP:8500',
    ]);
  });

  it('a hostPort that is not a number binds nothing', () => {
    expect(
      found(consulClientPorts, [client([{ containerPort: 8500, hostPort: '8500' }, GRPC]), config({ grpc: 8502 })]).map(
        (finding) => finding.message,
      ),
    ).toEqual([
      'consul-client-config serves http on 8500, but the DaemonSet binds no hostPort 8500 for it: pods cannot reach it at HOST_IP:8500',
    ]);
  });

  it('a host port for a port the agent does not serve is an error', () => {
    expect(
      found(consulClientPorts, [
        client([
          { containerPort: 8500, hostPort: 8500 },
          { containerPort: 8501, hostPort: 8501 },
        ]),
        config({}),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: `${AT}/1/hostPort`,
        message:
          'hostPort 8501 forwards to container port 8501, which consul-client-config does not serve (serves http 8500, dns 8600, serf_lan 8301)',
      },
    ]);
  });

  it('a host port that differs from the served port is an error, and the served port is then unbound', () => {
    expect(found(consulClientPorts, [client([{ containerPort: 8500, hostPort: 18500 }]), config({})])).toEqual([
      {
        severity: 'error',
        at: `${AT}/0/hostPort`,
        message: 'hostPort 18500 differs from the http port 8500 of consul-client-config: pods calling HOST_IP:8500 reach nothing',
      },
      {
        severity: 'error',
        at: AT,
        message:
          'consul-client-config serves http on 8500, but the DaemonSet binds no hostPort 8500 for it: pods cannot reach it at HOST_IP:8500',
      },
    ]);
  });

  it('a served API port without a TCP host port is an error', () => {
    expect(
      found(consulClientPorts, [
        client([
          { containerPort: 8500, hostPort: 8500 },
          { containerPort: 8502, hostPort: 8502, protocol: 'UDP' },
        ]),
        config({ grpc: 8502 }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: AT,
        message:
          'consul-client-config serves grpc on 8502, but the DaemonSet binds no hostPort 8502 for it: pods cannot reach it at HOST_IP:8502',
      },
    ]);
    expect(
      found(consulClientPorts, [client([GRPC]), config({ http: -1, grpc: 8502, https: 8501 })]).map((finding) => finding.message),
    ).toEqual([
      'consul-client-config serves https on 8501, but the DaemonSet binds no hostPort 8501 for it: pods cannot reach it at HOST_IP:8501',
    ]);
  });

  it('no DaemonSet, no agent container or no client config: not checked', () => {
    expect(found(consulClientPorts, [config({})])).toEqual([]);
    expect(found(consulClientPorts, [client([{ containerPort: 1, hostPort: 1 }])])).toEqual([]);
    expect(
      found(consulClientPorts, [
        workload('DaemonSet', 'consul-client', { initContainers: [{ name: 'i', ports: [{ containerPort: 1, hostPort: 1 }] }] }),
        config({}),
      ]),
    ).toEqual([]);
  });
});

describeRuleFixtures('consul-client-ports');
