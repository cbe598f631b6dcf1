/**
 * server-scale-step against a brute force that knows nothing of the rule's formulas: for every server
 * count change 1..9 -> 1..9 it walks every order in which the removed servers stop (each leaving the
 * Raft peer set gracefully or dying without leaving) or the added servers are promoted and fail,
 * interleaved with autopilot's dead-server cleanup, and checks every state it reaches against every
 * set of unplanned failures among the servers that stay.
 */
import { describe, expect, it } from 'vitest';
import {
  plannedMargin,
  scalePlanSteps,
  scaleSeverity,
  scaleVerdict,
  worstMargin,
  type ScaleVerdict,
} from '../../tools/src/diff/scale-step.js';
import type { AcceptedRisk } from '../../tools/src/environments/types.js';
import type { Finding, Severity } from '../../tools/src/model/finding.js';

const bits = (mask: number): number[] => [...Array(10).keys()].filter((index) => (mask >> index) & 1);
const count = (mask: number): number => bits(mask).length;
const range = (from: number, to: number): number =>
  bits((1 << to) - 1)
    .filter((index) => index >= from)
    .reduce((mask, index) => mask | (1 << index), 0);
/** Raft: a voter set makes progress while a strict majority of it is up. */
const hasMajority = (voters: number, up: number): boolean => count(voters & up) * 2 > count(voters);
/** Failures n voters survive, counted: the largest k that still leaves a strict majority. */
const tolerated = (n: number): number => {
  let k = 0;
  while (k + 1 <= n && (n - k - 1) * 2 > n) k += 1;
  return k;
};
/** Smallest strict majority of n (autopilot min_quorum as generated). */
const majority = (n: number): number => {
  let m = 0;
  while (m * 2 <= n) m += 1;
  return m;
};
/** Every subset of `mask` with at most `size` members. */
const subsets = (mask: number, size: number): number[] => {
  const found: number[] = [];
  for (let subset = mask; ; subset = (subset - 1) & mask) {
    if (count(subset) <= size) found.push(subset);
    if (subset === 0) break;
  }
  return found;
};

interface State {
  voters: number;
  up: number;
}

/** Every state a change from `from` to `to` servers can pass through. */
function reachable(from: number, to: number): State[] {
  const all = range(0, Math.max(from, to));
  const changing = to < from ? range(to, from) : range(from, to);
  const minQuorum = majority(to < from ? from : to);
  const start: State = to < from ? { voters: all, up: all } : { voters: range(0, from), up: all };
  const seen = new Map<string, State>();
  const visit = (state: State): void => {
    const key = `${state.voters}/${state.up}`;
    if (seen.has(key)) return;
    seen.set(key, state);
    const leaderCanCommit = hasMajority(state.voters, state.up);
    for (const server of bits(changing)) {
      const bit = 1 << server;
      if (to < from && state.up & bit) {
        visit({ voters: state.voters, up: state.up & ~bit }); // stops without leaving (grace period over, crash)
        if (leaderCanCommit && state.voters & bit) visit({ voters: state.voters & ~bit, up: state.up & ~bit }); // leaves, then stops
      }
      if (to > from && state.up & bit) {
        if (leaderCanCommit && !(state.voters & bit)) visit({ voters: state.voters | bit, up: state.up }); // promoted
        visit({ voters: state.voters, up: state.up & ~bit }); // the new server fails
      }
      // autopilot removes a dead voter, if the config change commits and min_quorum allows it
      if (state.voters & bit && !(state.up & bit) && leaderCanCommit && count(state.voters) - 1 >= minQuorum)
        visit({ voters: state.voters & ~bit, up: state.up });
    }
  };
  visit(start);
  return [...seen.values()];
}

/** The verdict by enumeration: quorum lost with no unplanned failure, or with up to one fewer than at rest. */
function bruteVerdict(from: number, to: number): ScaleVerdict {
  const staying = to < from ? range(0, to) : range(0, from);
  const budget = Math.max(0, tolerated(from) - 1);
  const states = reachable(from, to);
  if (states.some((state) => !hasMajority(state.voters, state.up))) return 'quorum-loss';
  const withFailures = states.some((state) =>
    subsets(staying & state.up, budget).some((failed) => !hasMajority(state.voters, state.up & ~failed)),
  );
  return withFailures ? 'too-large-step' : 'safe';
}

const COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const CHANGES = COUNTS.flatMap((from) => COUNTS.filter((to) => to !== from).map((to) => ({ from, to })));

describe('server-scale-step verdicts against the brute force', () => {
  it.each(CHANGES)('$from -> $to', ({ from, to }) => expect(scaleVerdict(from, to)).toBe(bruteVerdict(from, to)));

  it('pins the cases the issue names, so the brute force itself is checked', () => {
    expect(bruteVerdict(5, 4)).toBe('safe');
    expect(bruteVerdict(5, 3)).toBe('too-large-step');
    expect(bruteVerdict(5, 1)).toBe('quorum-loss');
    expect(bruteVerdict(3, 2)).toBe('safe');
    expect(bruteVerdict(2, 1)).toBe('quorum-loss');
    expect(bruteVerdict(3, 5)).toBe('safe');
    expect(bruteVerdict(3, 7)).toBe('quorum-loss');
    expect(bruteVerdict(5, 9)).toBe('too-large-step');
  });
});

describe('scalePlanSteps', () => {
  it.each(CHANGES)('$from -> $to reaches the target in steps the brute force calls safe wherever a safe step exists', ({ from, to }) => {
    const steps = scalePlanSteps(from, to, 'prod');
    expect(steps[0]?.from).toBe(from);
    expect(steps.at(-1)?.to).toBe(to);
    steps.forEach((step, index) => {
      if (index > 0) expect(step.from).toBe(steps[index - 1]?.to);
      expect(Math.sign(step.to - step.from)).toBe(Math.sign(to - from));
      const anySafe = COUNTS.filter(
        (count) =>
          count !== step.from &&
          Math.sign(count - step.from) === Math.sign(to - from) &&
          Math.abs(count - step.from) <= Math.abs(to - step.from),
      ).some((count) => bruteVerdict(step.from, count) === 'safe');
      if (anySafe) expect(bruteVerdict(step.from, step.to), `${step.from} -> ${step.to}`).toBe('safe');
      else expect(step.caution, `${step.from} -> ${step.to}`).toMatch(/not a quorum/);
    });
  });

  it('prints 5 -> 3 as 5 -> 4 and 4 -> 3 with the voters to wait for and the quorum at each step', () => {
    const steps = scalePlanSteps(5, 3, 'prod');
    expect(steps.map((step) => [step.from, step.to, step.quorum, step.tolerates])).toEqual([
      [5, 4, 3, 1],
      [4, 3, 2, 1],
    ]);
    expect(steps[0]?.worst).toEqual({ up: 4, voters: 5, quorum: 3 });
    expect(steps[0]?.action).toMatch(
      /set environments\.prod\.servers to 4 \(a transitional even count: accept quorum-even-servers.*wait until `consul operator raft list-peers` shows 4 voters/,
    );
    expect(steps[1]?.action).toMatch(
      /servers to 3 \(and remove the quorum-even-servers entry of the step before\), run `npx consul-gitops generate`.*shows 3 voters/,
    );
  });

  it('grows 3 -> 7 by two at a time, never resting on an even count', () => {
    expect(scalePlanSteps(3, 7, 'staging').map((step) => step.to)).toEqual([5, 7]);
  });
});

describe('scalePlanSteps with a check of each step commit', () => {
  type Change = { minNodes?: number; acceptedRisks: readonly AcceptedRisk[] };
  const finding = (rule: string, severity: Severity, name = 'consul-server', message = `${rule} says no`): Finding => ({
    rule: rule as Finding['rule'],
    severity,
    message,
    resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name },
  });
  const accepted = (change: Change, rule: string, name = 'consul-server') =>
    change.acceptedRisks.some((risk) => risk.rule === rule && risk.name === name && risk.kind === 'StatefulSet');

  it('accepts the transitional findings of a step for that step only, with a raised minNodes, and tells the next step to drop them', () => {
    const calls: [number, Change][] = [];
    const check = (servers: number, change: Change): Finding[] => {
      calls.push([servers, structuredClone(change)]);
      if (servers % 2 === 1) return [];
      return [
        ...(accepted(change, 'quorum-even-servers')
          ? []
          : [finding('quorum-even-servers', 'warning'), finding('quorum-even-servers', 'warning')]),
        ...(accepted(change, 'zone-quorum') ? [] : [finding('zone-quorum', 'error')]),
        ...(accepted(change, 'pdb-max-unavailable', 'consul-server-pdb')
          ? []
          : [finding('pdb-max-unavailable', 'info', 'consul-server-pdb')]),
      ];
    };
    const steps = scalePlanSteps(3, 5, 'prod', { check, minNodes: 3 });
    expect(steps.map((step) => [step.from, step.to, step.minNodes, step.blocked])).toEqual([[3, 5, 5, []]]);
    expect(calls).toEqual([[5, { minNodes: 5, acceptedRisks: [] }]]);

    const down = scalePlanSteps(5, 3, 'prod', { check, minNodes: 5 });
    expect(
      down.map((step) => [step.to, step.acceptedRisks?.map((risk) => `${risk.rule} ${risk.kind}/${risk.name} ${risk.severity}`)]),
    ).toEqual([
      [
        4,
        [
          'quorum-even-servers StatefulSet/consul-server warning',
          'zone-quorum StatefulSet/consul-server error',
          'pdb-max-unavailable StatefulSet/consul-server-pdb info',
        ],
      ],
      [3, []],
    ]);
    expect(down[0]).not.toHaveProperty('minNodes');
    expect(down[0]?.acceptedRisks?.[0]?.reason).toBe(
      'transitional: 4 servers for one step of a planned server count change; remove this entry in the next step',
    );
    expect(down[0]?.action).toBe(
      'set environments.prod.servers to 4; for this step only, add to environments.prod.acceptedRisks: { rule: quorum-even-servers, kind: StatefulSet, name: consul-server, severity: warning, reason: "transitional: 4 servers for one step of a planned server count change; remove this entry in the next step" }, { rule: zone-quorum, kind: StatefulSet, name: consul-server, severity: error, reason: "transitional: 4 servers for one step of a planned server count change; remove this entry in the next step" }, { rule: pdb-max-unavailable, kind: StatefulSet, name: consul-server-pdb, severity: info, reason: "transitional: 4 servers for one step of a planned server count change; remove this entry in the next step" }, run `npx consul-gitops generate`, merge and let Argo CD sync; wait until `consul operator raft list-peers` shows 4 voters (autopilot removes a server that left; if one stays listed, `consul operator raft remove-peer -id <id>`)',
    );
    expect(down[1]?.action).toBe(
      'set environments.prod.servers to 3; remove the transitional acceptedRisks entries of the step before, run `npx consul-gitops generate`, merge and let Argo CD sync; wait until `consul operator raft list-peers` shows 3 voters (autopilot removes a server that left; if one stays listed, `consul operator raft remove-peer -id <id>`)',
    );
    expect(down[0]).not.toHaveProperty('caution');
  });

  it('a larger minNodes is kept; a step up to more servers than minNodes raises it and says to add the nodes first', () => {
    const none = (): Finding[] => [];
    expect(scalePlanSteps(3, 5, 'prod', { check: none, minNodes: 5 })[0]).not.toHaveProperty('minNodes');
    expect(scalePlanSteps(3, 5, 'prod', { check: none, minNodes: 7 })[0]?.action).toMatch(/^set environments\.prod\.servers to 5, run/);
    expect(scalePlanSteps(3, 5, 'prod', { check: none })[0]).not.toHaveProperty('minNodes');
    const [up] = scalePlanSteps(3, 5, 'prod', { check: none, minNodes: 4 });
    expect(up?.minNodes).toBe(5);
    expect(up?.action).toMatch(
      /^set environments\.prod\.servers to 5 and environments\.prod\.minNodes to 5 \(5 servers with host anti-affinity need 5 nodes: add them first\), run/,
    );
    expect(up?.acceptedRisks).toEqual([]);
    const [down] = scalePlanSteps(5, 4, 'prod', { check: none, minNodes: 3 });
    expect(down?.action).toMatch(
      /^set environments\.prod\.servers to 4 and environments\.prod\.minNodes to 4 \(4 servers with host anti-affinity need 4 nodes\), run/,
    );
  });

  it('a finding no transitional acceptance fixes blocks the step and says so in its caution', () => {
    const check = (servers: number, change: Change): Finding[] => [
      finding('server-resources', 'error', 'consul-server', `needs ${servers} nodes`),
      ...(accepted(change, 'zone-quorum') ? [] : [finding('zone-quorum', 'warning')]),
      // a transitional rule on no resource cannot be accepted
      { rule: 'quorum-even-servers', severity: 'warning', message: 'no resource' },
    ];
    const [step] = scalePlanSteps(4, 3, 'prod', { check });
    expect(step?.blocked).toEqual(['server-resources: needs 3 nodes', 'quorum-even-servers: no resource']);
    expect(step?.acceptedRisks?.map((risk) => risk.rule)).toEqual(['zone-quorum']);
    expect(step?.caution).toBe(
      "this step's commit fails validate, and no transitional acceptance fixes it: server-resources: needs 3 nodes; quorum-even-servers: no resource",
    );
  });

  it('gives up after four rounds of new transitional findings, with what the last check still finds', () => {
    let round = 0;
    const check = (): Finding[] => [finding('zone-quorum', 'warning', `pdb-${(round += 1)}`)];
    const [step] = scalePlanSteps(4, 3, 'prod', { check });
    expect(round).toBe(5);
    expect(step?.acceptedRisks?.map((risk) => risk.name)).toEqual(['pdb-1', 'pdb-2', 'pdb-3', 'pdb-4']);
    expect(step?.blocked).toEqual(['zone-quorum: zone-quorum says no']);
  });

  it('without a check: the even-count hints; a step that no smaller one can replace is cautioned with the snapshot', () => {
    const [step] = scalePlanSteps(2, 1, 'prod');
    expect(step?.caution).toBe(
      '1 server of 2 voters are not a quorum, and no smaller step exists: keep every server up until the leave completes, and take a snapshot first (`consul snapshot save`)',
    );
    expect(step?.title).toBe('2 -> 1 servers: at worst 1 of 2 voters up (quorum 2); then quorum 1, tolerates 0 failures');
    expect(step?.action).toBe(
      'set environments.prod.servers to 1 (and remove the quorum-even-servers entry of the step before), run `npx consul-gitops generate`, merge and let Argo CD sync; wait until `consul operator raft list-peers` shows 1 voter (autopilot removes a server that left; if one stays listed, `consul operator raft remove-peer -id <id>`)',
    );
    const [up] = scalePlanSteps(1, 2, 'prod');
    expect(up?.caution).toBe(
      '1 server of 2 voters are not a quorum, and no smaller step exists: keep every server up until the new server is a voter, and take a snapshot first (`consul snapshot save`)',
    );
    expect(up?.action).toMatch(
      /^set environments\.prod\.servers to 2 \(a transitional even count: accept quorum-even-servers on StatefulSet\/consul-server in its acceptedRisks until the next step\), run .* shows 2 voters \(autopilot promotes a new server once it is stable\)$/,
    );
    const [three] = scalePlanSteps(3, 4, 'prod');
    expect(three?.caution).toBeUndefined();
    expect(three?.title).toBe('3 -> 4 servers: at worst 3 of 4 voters up (quorum 3); then quorum 3, tolerates 1 failure');
    expect(scalePlanSteps(3, 5, 'prod')[0]?.action).toMatch(/^set environments\.prod\.servers to 5, run/);
  });
});

describe('scale verdicts and severities', () => {
  it('the severity of each kind by tier: quorum loss and large removals block outside development', () => {
    const kinds = ['quorum-loss', 'too-large-down', 'too-large-up', 'even'] as const;
    expect(
      kinds.map((kind) => [scaleSeverity(kind, 'production'), scaleSeverity(kind, 'development'), scaleSeverity(kind, undefined)]),
    ).toEqual([
      ['error', 'warning', 'error'],
      ['error', 'warning', 'error'],
      ['warning', 'info', 'warning'],
      ['warning', 'info', 'warning'],
    ]);
  });

  it('the margins: the worst moment against the planned one', () => {
    expect([worstMargin(5, 3), worstMargin(3, 5), worstMargin(5, 4), worstMargin(2, 1)]).toEqual([0, 0, 1, -1]);
    expect([plannedMargin(1), plannedMargin(3), plannedMargin(5), plannedMargin(7)]).toEqual([0, 0, 1, 2]);
    expect(scaleVerdict(3, 3)).toBe('safe');
  });
});
