/** rollout-quorum: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/rollout-quorum/). */
import { describe, expect, it } from 'vitest';
import { rolloutUnavailable } from '../../../tools/src/validate/policies/rollout-unavailable.js';
import { rolloutQuorum } from '../../../tools/src/validate/rules/rollout-quorum.js';
import { found, OTHER, object, servers, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const config = (data: Body) => object('v1', 'ConfigMap', 'consul-server-config', { data });

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

describeRuleFixtures('rollout-quorum');
