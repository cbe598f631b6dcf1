/**
 * server-scale-step against a brute force that knows nothing of the rule's formulas: for every server
 * count change 1..9 -> 1..9 it walks every order in which the removed servers stop (each leaving the
 * Raft peer set gracefully or dying without leaving) or the added servers are promoted and fail,
 * interleaved with autopilot's dead-server cleanup, and checks every state it reaches against every
 * set of unplanned failures among the servers that stay.
 */
import { describe, expect, it } from 'vitest';
import { scalePlanSteps, scaleVerdict, type ScaleVerdict } from '../../tools/src/diff/scale-step.js';

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
