/**
 * Every branch of environment-label, consul-tls, client-host-port and hostport-requires-tls-acl on inline objects
 * (no kustomize build).
 */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { clientHostPort } from '../../../tools/src/validate/rules/client-host-port.js';
import { hostportRequiresTlsAcl } from '../../../tools/src/validate/rules/hostport-requires-tls-acl.js';
import { environmentLabel } from '../../../tools/src/validate/rules/environment-label.js';
import { consulTls } from '../../../tools/src/validate/rules/consul-tls.js';
import { found, object, tierSpec, workload, type Body } from './inline.js';

const agentConfig = (name: string, config: Body) => object('v1', 'ConfigMap', name, { data: { 'agent.json': JSON.stringify(config) } });
const serverConfig = (config: Body) => agentConfig('consul-server-config', config);
const clientConfig = (config: Body) => agentConfig('consul-client-config', config);
const TLS = { tls: { defaults: { ca_file: '/ca.pem', verify_outgoing: true } } };
const HOST_IP = { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } };
const port = (containerPort: number, hostPort?: unknown, protocol?: string): Body => ({
  containerPort,
  ...(hostPort === undefined ? {} : { hostPort }),
  ...(protocol ? { protocol } : {}),
});
const client = (ports: Body[], env: Body[] = [HOST_IP], pod: Body = {}) =>
  workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', ports, env }], ...pod });
const CLIENT = 'DaemonSet/consul-client /spec/template/spec/containers/0';

describe('environment-label', () => {
  const labelled = (name: string, environment?: unknown): ParsedResource => {
    const resource = object('v1', 'ConfigMap', name);
    const labels = { ...(resource.object.metadata as { labels: Body }).labels, environment };
    if (environment === undefined) delete labels.environment;
    return { ...resource, object: { ...resource.object, metadata: { name, labels } } };
  };

  it('every resource labelled with one declared environment passes', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b', 'env')])).toEqual([]);
  });

  it('a resource without the label, or with a label that is not text, is an error', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b'), labelled('c', 5)])).toEqual([
      { severity: 'error', at: 'ConfigMap/b /metadata/labels', message: 'no label environment' },
      { severity: 'error', at: 'ConfigMap/c /metadata/labels', message: 'no label environment' },
    ]);
  });

  it('two environments in one render, or an undeclared one, are errors', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b', 'prod'), labelled('c', 'env')])).toEqual([
      { severity: 'error', at: '-', message: 'resources carry different environment labels: env, prod' },
    ]);
    expect(found(environmentLabel, [labelled('a', 'qa')])).toEqual([
      {
        severity: 'error',
        at: '-',
        message: 'environment "qa" is not declared in environments.yaml: tier, storage class and node checks cannot run',
      },
    ]);
  });
});

describe('consul-tls', () => {
  const check = (server: Body, clientSide: Body) => found(consulTls, [serverConfig(server), clientConfig(clientSide)]);
  const AT = 'ConfigMap/consul-client-config /data';

  it('TLS on both sides, HTTP off on both, passes; servers without TLS ask nothing of clients', () => {
    expect(check({ ...TLS, ports: { http: -1 } }, { ...TLS, ports: { http: -1 } })).toEqual([]);
    expect(check({}, {})).toEqual([]);
    expect(found(consulTls, [serverConfig(TLS)])).toEqual([]);
  });

  it('servers with TLS and a client without the CA or verify_outgoing is an error', () => {
    const message =
      'the servers use TLS but the client config has no CA (tls.defaults.ca_file) with verify_outgoing: clients cannot reach the servers';
    expect(check(TLS, {})).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { tls: { defaults: { ca_file: '/ca.pem' } } })).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { tls: { defaults: { ca_file: '', verify_outgoing: true } } })).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { ca_file: '/ca.pem', verify_outgoing: true })).toEqual([]);
  });

  it('servers verifying incoming RPC need a client certificate: auto_encrypt or a cert_file', () => {
    const message = 'the servers verify incoming RPC, but the client has no certificate (auto_encrypt.tls or tls.defaults.cert_file)';
    for (const verifying of [
      { tls: { ...TLS.tls, internal_rpc: { verify_incoming: true } } },
      { tls: { defaults: { ...TLS.tls.defaults, verify_incoming: true } } },
      { ...TLS, verify_incoming: true },
    ]) {
      expect(check(verifying, TLS)).toEqual([{ severity: 'error', at: AT, message }]);
      expect(check(verifying, { ...TLS, auto_encrypt: { tls: true } })).toEqual([]);
      expect(check(verifying, { tls: { defaults: { ...TLS.tls.defaults, cert_file: '/c.pem' } } })).toEqual([]);
    }
    expect(check({ tls: { ...TLS.tls, internal_rpc: { verify_incoming: false } } }, TLS)).toEqual([]);
  });

  it('servers serving HTTPS only and a client serving plain HTTP is an error', () => {
    expect(check({ ...TLS, ports: { http: -1 } }, TLS)).toEqual([
      {
        severity: 'error',
        at: AT,
        message: 'the servers serve HTTPS only, but the client agent serves plain HTTP on 8500: set ports.http to -1',
      },
    ]);
    expect(check({ ...TLS, ports: { http: 0 } }, { ...TLS, ports: { http: 8080 } }).map((finding) => finding.message)).toEqual([
      'the servers serve HTTPS only, but the client agent serves plain HTTP on 8080: set ports.http to -1',
    ]);
    expect(check(TLS, TLS)).toEqual([]);
  });
});

describe('client-host-port', () => {
  const check = (daemonSet: ParsedResource, config?: Body) => found(clientHostPort, [daemonSet, ...(config ? [clientConfig(config)] : [])]);

  it('HTTP 8500 and gRPC 8502 on the same host ports, with HOST_IP, passes; with HTTP off the API is 8501', () => {
    expect(check(client([port(8500, 8500), port(8502, 8502, 'TCP'), port(8301, undefined, 'UDP')]))).toEqual([]);
    expect(check(client([port(8501, 8501), port(8502, 8502)]), { ports: { http: -1, https: 8501 } })).toEqual([]);
    expect(check(client([port(8500, 8500), port(8502, 8502)]), { ports: { http: -1 } })).toEqual([]);
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

describe('hostport-requires-tls-acl', () => {
  const ACL = { acl: { enabled: true, default_policy: 'deny' } };
  const onHostPort = client([port(8501, 8501)]);
  const check = (tier: 'development' | 'staging' | 'production', resources: ParsedResource[]) =>
    found(hostportRequiresTlsAcl, resources, tierSpec(tier));
  const AT = 'ConfigMap/consul-client-config /data';

  it('TLS and default-deny ACLs pass; development is not checked', () => {
    expect(check('production', [onHostPort, clientConfig({ ...TLS, ...ACL })])).toEqual([]);
    expect(check('development', [onHostPort, clientConfig({})])).toEqual([]);
  });

  it('missing TLS or ACLs (or ACLs that allow) on a host port are errors in staging and production', () => {
    expect(check('staging', [onHostPort, clientConfig(ACL)])).toEqual([
      {
        severity: 'error',
        at: AT,
        message: 'tier staging: the client agent on a host port has no TLS (tls.defaults.ca_file and verify_outgoing)',
      },
    ]);
    expect(check('production', [onHostPort, clientConfig({ ...TLS, acl: { enabled: true, default_policy: 'allow' } })])).toEqual([
      { severity: 'error', at: AT, message: 'tier production: the client agent on a host port has no ACLs with default_policy deny' },
    ]);
    expect(
      check('production', [onHostPort, clientConfig({ ...TLS, acl: { default_policy: 'deny' } })]).map((finding) => finding.at),
    ).toEqual([AT]);
  });

  it('no client config: both errors on the DaemonSet', () => {
    expect(check('production', [onHostPort]).map((finding) => finding.at)).toEqual([
      'DaemonSet/consul-client /data',
      'DaemonSet/consul-client /data',
    ]);
  });

  it('no host port, or no client DaemonSet, is not checked', () => {
    expect(check('production', [client([port(8500)]), clientConfig({})])).toEqual([]);
    expect(check('production', [clientConfig({})])).toEqual([]);
  });
});
