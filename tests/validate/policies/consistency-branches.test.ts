/** consul-datacenter and the ACL agreement of consul-acl on inline objects (no kustomize build). */
import { describe, expect, it } from 'vitest';
import { consulAcl } from '../../../tools/src/validate/rules/consul-acl.js';
import { consulDatacenter } from '../../../tools/src/validate/rules/consul-datacenter.js';
import { found, object, servers, tierSpec, workload, type Body } from './inline.js';

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

describe('consul-acl: the agents agree, and outside development deny by default', () => {
  const check = (server: Body, client: Body, tier: 'development' | 'staging' | 'production' = 'development') =>
    found(consulAcl, [config('server', server), config('client', client)], tierSpec(tier));
  const CLIENT = 'ConfigMap/consul-client-config /data';

  it('ACLs off on both passes in development', () => {
    expect(check({}, {})).toEqual([]);
    expect(check({ acl: { enabled: false } }, {})).toEqual([]);
  });

  it('ACLs on one side only is an error, named both ways', () => {
    expect(check({ acl: { enabled: true } }, {})).toEqual([
      { severity: 'error', at: CLIENT, message: 'ACLs are on on the servers but off on the clients' },
    ]);
    expect(
      check({}, { acl: { enabled: true, tokens: { agent: '${AGENT_TOKEN}' } } }).filter((finding) =>
        finding.message.startsWith('ACLs are'),
      ),
    ).toEqual([{ severity: 'error', at: CLIENT, message: 'ACLs are off on the servers but on on the clients' }]);
  });

  it('staging and production need ACLs on with default_policy deny on each agent', () => {
    expect(check({}, {}, 'staging')).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'tier staging: the server agent has ACLs off; use acl.enabled true and default_policy deny',
      },
      {
        severity: 'error',
        at: CLIENT,
        message: 'tier staging: the client agent has ACLs off; use acl.enabled true and default_policy deny',
      },
    ]);
    const allow = { acl: { enabled: true } };
    expect(check(allow, { acl: { enabled: true, default_policy: 'deny' } }, 'production').map((finding) => finding.message)).toContain(
      'tier production: the server agent has ACLs with default_policy allow; use acl.enabled true and default_policy deny',
    );
    expect(check({ acl: { enabled: true, default_policy: 'deny' } }, {}, 'development').map((finding) => finding.message)).toEqual([
      'ACLs are on on the servers but off on the clients',
    ]);
  });

  it('without both agent configs there is nothing to compare', () => {
    expect(found(consulAcl, [config('server', { acl: { enabled: true } })], tierSpec('production'))).toEqual([]);
  });
});
