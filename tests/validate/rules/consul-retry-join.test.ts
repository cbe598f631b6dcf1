/** consul-retry-join: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-retry-join/). */
import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import { consulRetryJoin } from '../../../tools/src/validate/rules/consul-retry-join.js';
import { agentConfig, clientConfig, found, inNamespace, servers, type Body, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

// Workloads that do not start `consul agent`: the rule reads the ConfigMaps' own config and the containers' args.
const server = (args: string[] = []) => servers(3, {}, { containers: [{ name: 'consul', args }] });
const client = (args: string[] = []) => workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', args }] });
const serverConfig = (config: Body) => agentConfig('consul-server-config', config);
const ALLOWED = 'consul-server, consul-server.consul-env, consul-server.consul-env.svc, consul-server.consul-env.svc.cluster.local';

describe('consul-retry-join', () => {
  it('joining the server Service of the own namespace, by any of its names, with a port or a trailing dot, passes', () => {
    for (const join of [
      'consul-server',
      'consul-server.consul-env',
      'consul-server.consul-env.svc.',
      'consul-server.consul-env.svc.cluster.local:8301',
    ])
      expect(
        found(consulRetryJoin, [server(), client(), serverConfig({ retry_join: [join] }), clientConfig({ retry_join: [join] })]),
      ).toEqual([]);
  });

  it('an agent config without retry_join is an error on its ConfigMap; no ConfigMap, nothing to check', () => {
    expect(found(consulRetryJoin, [server(), serverConfig({})])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'the server agent has no retry_join: it never finds the servers (use consul-server)',
      },
    ]);
    expect(found(consulRetryJoin, [server(), client()])).toEqual([]);
  });

  it('another namespace, a pod IP or a cloud auto-join is an error naming the allowed names', () => {
    expect(found(consulRetryJoin, [clientConfig({ retry_join: ['consul-server.other', '10.0.0.7', 'provider=gce'] })])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-client-config /data',
        message: `the client agent joins "consul-server.other" (namespace other, not consul-env): only ${ALLOWED} reach this datacenter's servers`,
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-client-config /data',
        message: `the client agent joins "10.0.0.7": only ${ALLOWED} reach this datacenter's servers`,
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-client-config /data',
        message: `the client agent joins "provider=gce": only ${ALLOWED} reach this datacenter's servers`,
      },
    ]);
  });

  it("the ConfigMap's own namespace wins over the environment's", () => {
    const config = inNamespace(clientConfig({ retry_join: ['consul-server.consul-env'] }), 'elsewhere');
    expect(found(consulRetryJoin, [config]).map((finding) => finding.message)).toEqual([
      'the client agent joins "consul-server.consul-env" (namespace consul-env, not elsewhere): only consul-server, consul-server.elsewhere, consul-server.elsewhere.svc, consul-server.elsewhere.svc.cluster.local reach this datacenter\'s servers',
    ]);
    expect(found(consulRetryJoin, [inNamespace(clientConfig({ retry_join: ['consul-server.elsewhere'] }), 'elsewhere')])).toEqual([]);
  });

  it('-retry-join flags of the agent container count, each checked and pointed at its args', () => {
    expect(found(consulRetryJoin, [client(['agent', '-retry-join=consul-server']), clientConfig({})])).toEqual([]);
    expect(
      found(consulRetryJoin, [client(['agent', '-retry-join "consul-server"', '-retry-join=10.0.0.7:8301']), clientConfig({})]),
    ).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/args',
        message: `the client agent joins "10.0.0.7:8301": only ${ALLOWED} reach this datacenter's servers`,
      },
    ]);
  });

  it('without a namespace anywhere, another namespace is named against the rendered one', () => {
    const spec = { environments: [], tierSeverity: {} } as unknown as Spec;
    expect(found(consulRetryJoin, [clientConfig({ retry_join: ['consul-server.other'] })], spec).map((finding) => finding.message)).toEqual(
      [expect.stringMatching(/^the client agent joins "consul-server\.other" \(namespace other, not the rendered one\): only /)],
    );
  });

  it('only a port at the end is dropped before the name is compared', () => {
    expect(
      found(consulRetryJoin, [clientConfig({ retry_join: ['consul-server:8301.consul-env'] })]).map((finding) => finding.message),
    ).toEqual([`the client agent joins "consul-server:8301.consul-env": only ${ALLOWED} reach this datacenter's servers`]);
  });
});

describeRuleFixtures('consul-retry-join');
