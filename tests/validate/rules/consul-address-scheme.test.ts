/** consul-address-scheme: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-address-scheme/). */
import { describe, expect, it } from 'vitest';
import { consulAddressScheme } from '../../../tools/src/validate/rules/consul-address-scheme.js';
import { found, object, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('consul-address-scheme', () => {
  const config = (name: string, ports: Body) => object('v1', 'ConfigMap', name, { data: { 'config.json': JSON.stringify({ ports }) } });
  const HTTPS_ONLY = config('consul-client-config', { http: -1, https: 8501 });
  const withEnv = (kind: string, name: string, ...env: Body[]) => workload(kind, name, { containers: [{ name: 'c', image: 'x:1', env }] });
  const addr = (value: unknown) => ({ name: 'CONSUL_HTTP_ADDR', value });
  const messages = (resources: Parameters<typeof found>[1]) =>
    found(consulAddressScheme, resources).map((entry) => `${entry.at}: ${entry.message}`);

  it('https:// on the HTTPS port, and a port that is neither (another service), pass', () => {
    expect(messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('https://localhost:8501'), addr('10.0.0.1:9999'))])).toEqual(
      [],
    );
  });

  it('no scheme on the HTTPS port is http: an error at the value; CONSUL_HTTP_SSL=true makes it https', () => {
    expect(messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'))])).toEqual([
      "DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=127.0.0.1:8501: port 8501 is the client agent's HTTPS port (its HTTP port is off), but the address has no scheme (so http): the CLI speaks plain HTTP to a TLS listener and every call fails",
    ]);
    expect(
      messages([HTTPS_ONLY, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'), { name: 'CONSUL_HTTP_SSL', value: 'TRUE' })]),
    ).toEqual([]);
  });

  it('http:// on the HTTPS port with HTTP also on; https:// on the plain HTTP port', () => {
    const both = config('consul-client-config', { http: 8500, https: 8501 });
    expect(messages([both, withEnv('Job', 'consul-server-acl-init', addr('http://$(HOST_IP):8501'), addr('https://[::1]:8500/'))])).toEqual(
      [
        "Job/consul-server-acl-init /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=http://$(HOST_IP):8501: port 8501 is the client agent's HTTPS port, but the address has http://: the CLI speaks plain HTTP to a TLS listener and every call fails",
        "Job/consul-server-acl-init /spec/template/spec/containers/0/env/1/value: CONSUL_HTTP_ADDR=https://[::1]:8500/: port 8500 is the client agent's plain HTTP port, but the address has https://: the TLS handshake fails",
      ],
    );
  });

  it("the server pods are held to the server agent's ports, every other pod to the client's", () => {
    const serverConfig = config('consul-server-config', { http: 8500, https: -1 });
    expect(messages([HTTPS_ONLY, serverConfig, withEnv('StatefulSet', 'consul-server', addr('localhost:8500'))])).toEqual([]);
    expect(messages([HTTPS_ONLY, serverConfig, withEnv('StatefulSet', 'consul-server', addr('https://localhost:8500'))])).toHaveLength(1);
  });

  it('other variables, values from references, unparsable values, or no agent config: nothing to check', () => {
    expect(
      messages([
        HTTPS_ONLY,
        withEnv(
          'DaemonSet',
          'consul-client',
          { name: 'CONSUL_GRPC_ADDR', value: '127.0.0.1:8501' },
          { name: 'CONSUL_HTTP_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
          addr('not an address'),
        ),
      ]),
    ).toEqual([]);
    expect(messages([withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'))])).toEqual([]);
  });

  it("only the consul-server StatefulSet is held to the server agent's ports", () => {
    const serverConfig = config('consul-server-config', { http: 8500, https: -1 });
    for (const [kind, name] of [
      ['StatefulSet', 'other-database'],
      ['Deployment', 'consul-server'],
    ] as const) {
      expect(messages([HTTPS_ONLY, serverConfig, withEnv(kind, name, addr('localhost:8501'))])).toEqual([
        `${kind}/${name} /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=localhost:8501: port 8501 is the client agent's HTTPS port (its HTTP port is off), but the address has no scheme (so http): the CLI speaks plain HTTP to a TLS listener and every call fails`,
      ]);
    }
  });

  it('only CONSUL_HTTP_SSL set to true makes an address without a scheme https', () => {
    const both = config('consul-client-config', { http: 8500, https: 8501 });
    const HTTPS_PORT_AS_HTTP =
      "DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=127.0.0.1:8501: port 8501 is the client agent's HTTPS port, but the address has no scheme (so http): the CLI speaks plain HTTP to a TLS listener and every call fails";
    expect(
      messages([both, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'), { name: 'CONSUL_HTTP_SSL', value: 'false' })]),
    ).toEqual([HTTPS_PORT_AS_HTTP]);
    expect(messages([both, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8501'), { name: 'OTHER', value: 'true' })])).toEqual([
      HTTPS_PORT_AS_HTTP,
    ]);
    expect(
      messages([both, withEnv('DaemonSet', 'consul-client', addr('127.0.0.1:8500'), { name: 'CONSUL_HTTP_SSL', value: 'true' })]),
    ).toEqual([
      "DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value: CONSUL_HTTP_ADDR=127.0.0.1:8500: port 8500 is the client agent's plain HTTP port, but the address has no scheme (https, from CONSUL_HTTP_SSL=true): the TLS handshake fails",
    ]);
  });

  it('https:// on a port the agent does not serve, or on a port it serves both ways, is no finding', () => {
    const both = config('consul-client-config', { http: 8500, https: 8501 });
    expect(messages([both, withEnv('DaemonSet', 'consul-client', addr('https://10.0.0.1:9999'))])).toEqual([]);
    const same = config('consul-client-config', { http: 8501, https: 8501 });
    expect(messages([same, withEnv('DaemonSet', 'consul-client', addr('https://localhost:8501'))])).toEqual([]);
  });
});

describeRuleFixtures('consul-address-scheme');
