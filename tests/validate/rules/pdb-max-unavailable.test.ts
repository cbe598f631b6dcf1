/** pdb-max-unavailable: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/pdb-max-unavailable/). */
import { describe, expect, it } from 'vitest';
import { pdbMaxUnavailable } from '../../../tools/src/validate/rules/pdb-max-unavailable.js';
import { found, object, servers, SERVER_POD_LABELS, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const pdb = (spec: Body, name = 'consul-server') =>
  object('policy/v1', 'PodDisruptionBudget', name, { spec: { selector: { matchLabels: SERVER_POD_LABELS }, ...spec } });

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

describeRuleFixtures('pdb-max-unavailable');
