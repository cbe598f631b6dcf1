/** quorum-min-servers: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/quorum-min-servers/). */
import { describe, expect, it } from 'vitest';
import { quorumMinServers } from '../../../tools/src/validate/rules/quorum-min-servers.js';
import { found, object, servers, tierSpec } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

describe('quorum-min-servers', () => {
  const check = (n: unknown, tier: 'development' | 'staging' | 'production') => found(quorumMinServers, [servers(n)], tierSpec(tier));

  it.each([
    ['staging', 1],
    ['staging', 2],
    ['production', 2],
  ] as const)('%s with %i server(s) is an error', (tier, n) => {
    expect(check(n, tier)).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/replicas`,
        message: `${n} server(s) in tier ${tier}: at least 3 are needed to tolerate one failure`,
      },
    ]);
  });

  it.each([
    ['staging', 3],
    ['staging', 4],
    ['production', 3],
    ['development', 1],
    ['development', 2],
  ] as const)('%s with %i server(s) passes', (tier, n) => {
    expect(check(n, tier)).toEqual([]);
  });

  it('left out, replicas is 1 (the Kubernetes default): an error in production', () => {
    expect(check(undefined, 'production').map((finding) => finding.message)).toEqual([
      '1 server(s) in tier production: at least 3 are needed to tolerate one failure',
    ]);
  });

  it('an environment the spec does not declare needs only 1', () => {
    expect(found(quorumMinServers, [servers(1)], { environments: [], tierSeverity: {} } as never)).toEqual([]);
  });

  it('0 servers, replicas that are not an integer, or no server StatefulSet at all are errors in every tier', () => {
    expect(check(0, 'development')).toEqual([
      { severity: 'error', at: `${STS} /spec/replicas`, message: '0 servers: a datacenter needs at least 1' },
    ]);
    expect(check(2.5, 'development')).toEqual([
      { severity: 'error', at: `${STS} /spec/replicas`, message: 'spec.replicas is not an integer' },
    ]);
    expect(found(quorumMinServers, [object('v1', 'ConfigMap', 'x')])).toEqual([
      { severity: 'error', at: '-', message: 'no StatefulSet consul-server in the render: a Consul datacenter needs its servers' },
    ]);
  });

  it('a server StatefulSet outside apps/v1 is not the server StatefulSet', () => {
    const other = object('example.com/v1', 'StatefulSet', 'consul-server', { spec: { replicas: 3 } });
    expect(found(quorumMinServers, [other]).map((finding) => finding.at)).toEqual(['-']);
  });
});

describeRuleFixtures('quorum-min-servers');
