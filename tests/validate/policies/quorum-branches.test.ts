/**
 * Every branch of the quorum rules on inline objects (no kustomize build), with the boundaries: n = 0, 1, 2, 3, 4
 * and 5, PDB minAvailable, the 3-server maxUnavailable 0 warning, rollout percentages and partitions.
 */
import { describe, expect, it } from 'vitest';
import { pdbMaxUnavailable } from '../../../tools/src/validate/rules/pdb-max-unavailable.js';
import { quorumBootstrapExpect } from '../../../tools/src/validate/rules/quorum-bootstrap-expect.js';
import { quorumEvenServers } from '../../../tools/src/validate/rules/quorum-even-servers.js';
import { quorumMinServers } from '../../../tools/src/validate/rules/quorum-min-servers.js';
import { rolloutUnavailable } from '../../../tools/src/validate/policies/rollout-unavailable.js';
import { rolloutQuorum } from '../../../tools/src/validate/rules/rollout-quorum.js';
import { found, OTHER, object, servers, SERVER_POD_LABELS, tierSpec, type Body } from './inline.js';

const STS = 'StatefulSet/consul-server';
const config = (data: Body) => object('v1', 'ConfigMap', 'consul-server-config', { data });
const pdb = (spec: Body, name = 'consul-server') =>
  object('policy/v1', 'PodDisruptionBudget', name, { spec: { selector: { matchLabels: SERVER_POD_LABELS }, ...spec } });

describe('quorum-even-servers', () => {
  it.each([
    [2, '2 servers tolerate 0 failure(s), no more than 1: use 1 or 3'],
    [4, '4 servers tolerate 1 failure(s), no more than 3: use 3 or 5'],
  ])('%i servers is an error', (n, message) => {
    expect(found(quorumEvenServers, [servers(n)])).toEqual([{ severity: 'error', at: `${STS} /spec/replicas`, message }]);
  });

  it.each([[0], [1], [3], [5], [undefined], ['3']])('%s servers raise nothing (0: quorum-min-servers; not an integer: unknown)', (n) => {
    expect(found(quorumEvenServers, [servers(n)])).toEqual([]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(quorumEvenServers, [OTHER])).toEqual([]);
  });
});

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

describe('quorum-bootstrap-expect', () => {
  it('bootstrap_expect equal to the replicas passes; JSON files merge in order', () => {
    expect(found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"bootstrap_expect": 3}' })])).toEqual([]);
    expect(
      found(quorumBootstrapExpect, [
        servers(5),
        config({ 'a.json': '{"bootstrap_expect": 3}', 'b.json': '{"bootstrap_expect": 5}', 'c.txt': 'x' }),
      ]),
    ).toEqual([]);
  });

  it('a different value, a missing one, or no server config are errors', () => {
    expect(found(quorumBootstrapExpect, [servers(5), config({ 'server.json': '{"bootstrap_expect": 3}' })])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'bootstrap_expect is 3 but the StatefulSet runs 5 servers',
      },
    ]);
    expect(
      found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"bootstrap_expect": "3"}' })]).map((finding) => finding.message),
    ).toEqual(['bootstrap_expect is "3" but the StatefulSet runs 3 servers']);
    expect(found(quorumBootstrapExpect, [servers(3), config({ 'server.json': '{"server": true}' })])).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'no bootstrap_expect in the server config; the 3 servers would wait forever to bootstrap',
      },
    ]);
    expect(found(quorumBootstrapExpect, [servers(3)])).toEqual([
      { severity: 'error', at: STS, message: 'no ConfigMap consul-server-config: bootstrap_expect cannot be checked' },
    ]);
  });

  it('a file that is not JSON, or not an object, is named with its key', () => {
    const findings = found(quorumBootstrapExpect, [
      servers(3),
      config({ 'a.json': '{bad', 'b.json': '[1]', 'c.json': '{"bootstrap_expect": 3}' }),
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/a.json',
        message: expect.stringMatching(/^a\.json is not valid JSON \(.+\): Consul will refuse to start$/),
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/b.json',
        message: 'b.json is not valid JSON (not a JSON object): Consul will refuse to start',
      },
    ]);
  });

  it('no server StatefulSet, or replicas that are not an integer, raise nothing here', () => {
    expect(found(quorumBootstrapExpect, [config({ 'server.json': '{}' })])).toEqual([]);
    expect(found(quorumBootstrapExpect, [servers('3'), config({ 'server.json': '{}' })])).toEqual([]);
  });
});

describe('pdb-max-unavailable', () => {
  const check = (n: number, ...rest: ReturnType<typeof pdb>[]) => found(pdbMaxUnavailable, [servers(n), ...rest]);
  const PATH = 'PodDisruptionBudget/consul-server /spec/maxUnavailable';
  const THREE = ' With 3 servers no value avoids a warning: 0 blocks drains, 1 leaves no margin; use 5 servers to get both.';

  it('maxUnavailable above f is an error', () => {
    expect(check(5, pdb({ maxUnavailable: 3 }))).toEqual([
      {
        severity: 'error',
        at: PATH,
        message:
          'maxUnavailable 3 > f: a drain alone can break quorum (n=5, quorum q=3, tolerated failures f=2, seed value floor(n/2)-1=1, drain margin f-maxUnavailable=-1); use 1',
      },
    ]);
    expect(check(1, pdb({ maxUnavailable: 1 })).map((finding) => finding.severity)).toEqual(['error']);
  });

  it('minAvailable counts as n - minAvailable', () => {
    expect(check(5, pdb({ minAvailable: 2 }))).toEqual([
      { severity: 'error', at: PATH, message: expect.stringMatching(/^maxUnavailable 3 > f: a drain alone can break quorum/) },
    ]);
    expect(check(5, pdb({ minAvailable: 3 }))).toEqual([
      {
        severity: 'warning',
        at: PATH,
        message: expect.stringMatching(/^maxUnavailable 2 > 1: a drain plus one unplanned failure breaks quorum/),
      },
    ]);
    expect(check(5, pdb({ minAvailable: 4 }))).toEqual([]);
    expect(check(5, pdb({ minAvailable: 5 }))).toEqual([
      { severity: 'warning', at: PATH, message: expect.stringMatching(/^maxUnavailable 0 blocks every node drain/) },
    ]);
  });

  it('maxUnavailable wins over minAvailable', () => {
    expect(check(5, pdb({ maxUnavailable: 1, minAvailable: 1 }))).toEqual([]);
  });

  it.each([
    ['a percentage maxUnavailable', { maxUnavailable: '40%' }, '"40%"'],
    ['a percentage minAvailable', { minAvailable: '60%' }, '"60%"'],
    ['neither field', {}, undefined],
  ])('%s is an error: the quorum math needs a count', (_name, spec, got) => {
    expect(check(5, pdb(spec))).toEqual([
      {
        severity: 'error',
        at: PATH,
        message: `maxUnavailable must be an integer count (got ${String(got)}); a percentage hides the quorum math (n=5, quorum q=3, tolerated failures f=2); use 1`,
      },
    ]);
  });

  it('maxUnavailable 0 is a warning; with 3 servers it says no value avoids one', () => {
    expect(check(3, pdb({ maxUnavailable: 0 }))).toEqual([
      {
        severity: 'warning',
        at: PATH,
        message: `maxUnavailable 0 blocks every node drain and cluster upgrade (n=3, quorum q=2, tolerated failures f=1, seed value floor(n/2)-1=0, drain margin f-maxUnavailable=1).${THREE}`,
      },
    ]);
    expect(check(5, pdb({ maxUnavailable: 0 }))[0]?.message).toBe(
      'maxUnavailable 0 blocks every node drain and cluster upgrade (n=5, quorum q=3, tolerated failures f=2, seed value floor(n/2)-1=1, drain margin f-maxUnavailable=2).',
    );
    expect(check(2, pdb({ maxUnavailable: 0 })).map((finding) => finding.severity)).toEqual(['warning']);
    expect(check(1, pdb({ maxUnavailable: 0 }))).toEqual([]);
  });

  it('maxUnavailable above the seed value is a warning; with 3 servers it says so', () => {
    expect(check(3, pdb({ maxUnavailable: 1 }))).toEqual([
      {
        severity: 'warning',
        at: PATH,
        message: `maxUnavailable 1 > 0: a drain plus one unplanned failure breaks quorum (n=3, quorum q=2, tolerated failures f=1, seed value floor(n/2)-1=0, drain margin f-maxUnavailable=0).${THREE}`,
      },
    ]);
    expect(check(5, pdb({ maxUnavailable: 2 }))[0]?.message).toBe(
      'maxUnavailable 2 > 1: a drain plus one unplanned failure breaks quorum (n=5, quorum q=3, tolerated failures f=2, seed value floor(n/2)-1=1, drain margin f-maxUnavailable=0).',
    );
    expect(check(5, pdb({ maxUnavailable: 1 }))).toEqual([]);
    expect(check(7, pdb({ maxUnavailable: 2 }))).toEqual([]);
  });

  it('no PDB selecting the servers: an error on the StatefulSet, or on the PDB named after them', () => {
    expect(check(5)).toEqual([
      {
        severity: 'error',
        at: STS,
        message:
          'no PodDisruptionBudget selects the 5 server pods: a node drain may evict any number of them (n=5, quorum q=3, tolerated failures f=2); add one with maxUnavailable 1',
      },
    ]);
    expect(check(3, pdb({ maxUnavailable: 0, selector: { matchLabels: { app: 'other' } } }))).toEqual([
      {
        severity: 'error',
        at: 'PodDisruptionBudget/consul-server /spec/selector',
        message: `PodDisruptionBudget consul-server does not select the server pods (labels ${JSON.stringify(SERVER_POD_LABELS)}): drains are unbounded (n=3, quorum q=2, tolerated failures f=1)`,
      },
    ]);
    expect(check(5, pdb({ maxUnavailable: 1 }, 'servers-budget'))).toEqual([]);
    expect(check(1)).toEqual([]);
  });

  it('no server StatefulSet, or replicas that are not an integer, raise nothing here', () => {
    expect(found(pdbMaxUnavailable, [pdb({ maxUnavailable: 9 })])).toEqual([]);
    expect(found(pdbMaxUnavailable, [servers('5'), pdb({ maxUnavailable: 9 })])).toEqual([]);
    expect(found(pdbMaxUnavailable, [servers('5')])).toEqual([]);
  });
});

describe('rollout-quorum', () => {
  const rolling = (rollingUpdate: Body) => ({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
  const check = (n: unknown, spec: Body, ...rest: ReturnType<typeof config>[]) =>
    found(rolloutQuorum, [servers(n, spec), ...rest]).filter((finding) => finding.severity !== 'info');
  const PATH = `${STS} /spec/updateStrategy/rollingUpdate/maxUnavailable`;

  it('OrderedReady (the default) with several servers never bootstraps: an error', () => {
    expect(check(3, {})).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/podManagementPolicy`,
        message:
          'podManagementPolicy OrderedReady creates server N+1 only once server N is Ready, and a server is Ready only with a leader, which needs 3 servers: the datacenter never bootstraps (n=3, quorum q=2, tolerated failures f=1); use Parallel',
      },
    ]);
    expect(check(3, {}, config({ 's.json': '{"bootstrap_expect": 2}' }))[0]?.message).toMatch(
      /which needs 2 servers: the datacenter never bootstraps/,
    );
    expect(check(3, {}, config({ 's.json': '{"bootstrap_expect": "x"}' }))[0]?.message).toMatch(/which needs x servers/);
    expect(check(3, {}, config({ 's.json': '{"bootstrap_expect": 1}' }))).toEqual([]);
    expect(check(1, {})).toEqual([]);
  });

  it('Parallel with several servers is info; with one it says nothing', () => {
    expect(found(rolloutQuorum, [servers(3, { podManagementPolicy: 'Parallel' })])).toEqual([
      {
        severity: 'info',
        at: `${STS} /spec/podManagementPolicy`,
        message:
          'podManagementPolicy Parallel (needed to bootstrap): scaling starts and stops servers together; scale down one server at a time and never by more than f (n=3, quorum q=2, tolerated failures f=1)',
      },
    ]);
    expect(found(rolloutQuorum, [servers(1, { podManagementPolicy: 'Parallel' })])).toEqual([]);
  });

  it('OnDelete is info with several servers and stops there; another strategy type is not checked', () => {
    const onDelete = {
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 5, partition: 9 } },
    };
    expect(found(rolloutQuorum, [servers(3, onDelete)]).map((finding) => `${finding.severity} ${finding.at}`)).toEqual([
      `info ${STS} /spec/podManagementPolicy`,
      `info ${STS} /spec/updateStrategy/type`,
    ]);
    expect(found(rolloutQuorum, [servers(3, onDelete)])[1]?.message).toMatch(
      /^updateStrategy OnDelete: a synced change reaches a server only when its pod is deleted/,
    );
    expect(found(rolloutQuorum, [servers(1, onDelete)])).toEqual([]);
    expect(check(3, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'Other', rollingUpdate: { maxUnavailable: 5 } } })).toEqual(
      [],
    );
  });

  it.each([
    ['0', 0, '0'],
    ['a fraction', 1.5, '1.5'],
    ['a number as text', '1', '"1"'],
    ['a malformed percentage', 'x%', '"x%"'],
    ['a percentage that rounds to 0', '0%', '"0%"'],
  ])('maxUnavailable %s is an error', (_name, value, shown) => {
    expect(check(5, rolling({ maxUnavailable: value }))).toEqual([
      {
        severity: 'error',
        at: PATH,
        message: `rollingUpdate.maxUnavailable ${shown} is not a positive count or percentage (n=5, quorum q=3, tolerated failures f=2); use 1`,
      },
    ]);
  });

  it('more than f at once is an error (counts and percentages rounded up)', () => {
    expect(check(5, rolling({ maxUnavailable: '60%' }))).toEqual([
      {
        severity: 'error',
        at: PATH,
        message:
          'a rolling update takes down 3 server(s) at once (maxUnavailable "60%") > f: the update alone breaks quorum (n=5, quorum q=3, tolerated failures f=2); use 1',
      },
    ]);
    expect(check(3, rolling({ maxUnavailable: 2 })).map((finding) => finding.severity)).toEqual(['error']);
    expect(check(5, rolling({ maxUnavailable: '41%' })).map((finding) => finding.severity)).toEqual(['error']);
  });

  it('exactly f at once (above 1) is a warning; 1 at once, or the default, passes', () => {
    expect(check(5, rolling({ maxUnavailable: 2 }))).toEqual([
      {
        severity: 'warning',
        at: PATH,
        message:
          'a rolling update takes down 2 servers at once: one unplanned failure during it breaks quorum (n=5, quorum q=3, tolerated failures f=2, margin 0); use 1',
      },
    ]);
    expect(check(5, rolling({ maxUnavailable: ' 40% ' })).map((finding) => finding.severity)).toEqual(['warning']);
    expect(check(2, rolling({ maxUnavailable: 2 })).map((finding) => finding.severity)).toEqual(['warning']);
    expect(check(7, rolling({ maxUnavailable: 2 }))).toEqual([]);
    expect(check(3, rolling({ maxUnavailable: 1 }))).toEqual([]);
    expect(check(3, rolling({}))).toEqual([]);
    expect(check(5, { podManagementPolicy: 'Parallel' })).toEqual([]);
  });

  it('one server is checked too', () => {
    expect(check(1, rolling({ maxUnavailable: 0 })).map((finding) => finding.at)).toEqual([PATH]);
    expect(check(1, rolling({ partition: 1 })).map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('an updateStrategy without a type is a RollingUpdate', () => {
    expect(
      check(5, { podManagementPolicy: 'Parallel', updateStrategy: { rollingUpdate: { maxUnavailable: 3 } } }).map(
        (finding) => `${finding.severity} ${finding.at}`,
      ),
    ).toEqual([`error ${PATH}`]);
  });

  it('a partition at or above the server count pauses the rollout: a warning', () => {
    expect(check(5, rolling({ partition: 5 }))).toEqual([
      {
        severity: 'warning',
        at: `${STS} /spec/updateStrategy/rollingUpdate/partition`,
        message:
          'partition 5 >= 5 servers: no server receives the synced template, the rollout is paused; lower it one ordinal at a time for a staged upgrade',
      },
    ]);
    expect(check(5, rolling({ partition: 4 }))).toEqual([]);
    expect(check(5, rolling({ partition: '9' }))).toEqual([]);
  });

  it('no servers, 0 servers or replicas that are not an integer raise nothing here', () => {
    expect(found(rolloutQuorum, [OTHER])).toEqual([]);
    expect(check(0, rolling({ maxUnavailable: 0 }))).toEqual([]);
    expect(check('3', rolling({ maxUnavailable: 0 }))).toEqual([]);
  });
});

describe('rolloutUnavailable', () => {
  it.each([
    [undefined, 5, 1],
    [2, 5, 2],
    ['40%', 5, 2],
    ['100%', 3, 3],
    [' 20% ', 5, 1],
    ['1', 5, undefined],
    ['%', 5, undefined],
    ['x40%', 5, undefined],
    ['40%x', 5, undefined],
    [null, 5, undefined],
  ])('%j of %i servers is %j', (raw, n, expected) => {
    expect(rolloutUnavailable(raw, n)).toBe(expected);
  });
});
