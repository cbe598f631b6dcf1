/** consul-datacenter: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-datacenter/). */
import { describe, expect, it } from 'vitest';
import { consulDatacenter } from '../../../tools/src/validate/rules/consul-datacenter.js';
import { found, object, servers, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const config = (role: 'server' | 'client', body: Body) =>
  object('v1', 'ConfigMap', `consul-${role}-config`, { data: { 'agent.json': JSON.stringify(body) } });
/** A pod whose agent loads only its flags when it has some (no config dir mounted), the ConfigMap otherwise. */
const agentPod = (args: string[] = []) => ({
  containers: [{ name: 'consul', ...(args.length > 0 ? { command: ['consul', 'agent', ...args] } : {}) }],
});

describe('consul-datacenter', () => {
  const check = (server: Body, client: Body, serverArgs: string[] = [], spec = tierSpec('development')) =>
    found(
      consulDatacenter,
      [
        servers(3, {}, agentPod(serverArgs)),
        workload('DaemonSet', 'consul-client', agentPod()),
        config('server', server),
        config('client', client),
      ],
      spec,
    );

  it('both agents in one datacenter pass, dc1 when neither names one', () => {
    expect(check({ datacenter: 'prod' }, { datacenter: 'prod' })).toEqual([]);
    expect(check({}, {})).toEqual([]);
    expect(check({}, { datacenter: 'dc1' })).toEqual([]);
  });

  it('clients in another datacenter than the servers are an error', () => {
    expect(check({ datacenter: 'dc1' }, { datacenter: 'dc2' })).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-client-config /data',
        message: 'the client agents run in datacenter dc2, the servers in dc1: clients would never join',
      },
    ]);
  });

  it('a -datacenter flag beats the config', () => {
    expect(check({ datacenter: 'dc1' }, { datacenter: 'dc1' }, ['-datacenter=dc9']).map((finding) => finding.message)).toEqual([
      'the client agents run in datacenter dc1, the servers in dc9: clients would never join',
    ]);
  });

  it('a -datacenter flag on a container that does not start `consul agent` itself (a wrapper) counts too', () => {
    const wrapped = servers(3, {}, { containers: [{ name: 'consul', command: ['/entrypoint.sh', '-datacenter=dc9'] }] });
    expect(
      found(consulDatacenter, [
        wrapped,
        workload('DaemonSet', 'consul-client', agentPod()),
        config('server', { datacenter: 'dc1' }),
        config('client', { datacenter: 'dc1' }),
      ]).map((finding) => finding.message),
    ).toEqual(['the client agents run in datacenter dc1, the servers in dc9: clients would never join']);
  });

  it('servers in another datacenter than the environment declares are an error', () => {
    const declared = tierSpec('development', { datacenter: 'prod' });
    expect(check({ datacenter: 'dc1' }, { datacenter: 'dc1' }, [], declared)).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'the servers run in datacenter dc1, but environment env declares prod',
      },
    ]);
    expect(check({ datacenter: 'prod' }, { datacenter: 'prod' }, [], declared)).toEqual([]);
  });

  it('without both agent configs there is nothing to compare', () => {
    expect(found(consulDatacenter, [config('server', { datacenter: 'a' })])).toEqual([]);
    expect(found(consulDatacenter, [config('client', { datacenter: 'a' })])).toEqual([]);
  });
});

describeRuleFixtures('consul-datacenter');
