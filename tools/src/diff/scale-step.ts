/**
 * Server count changes as Raft sees them, and the safe sequence of steps for a risky one. Pure
 * numbers; the arithmetic comes from model/quorum-math.ts.
 *
 * Argo CD applies `replicas` at once, and the server StatefulSet uses podManagementPolicy Parallel:
 * every removed server stops together, and every added server starts together. The worst moment of a
 * scale-down is when the removed servers have stopped but are still voters (their leave did not
 * complete, or autopilot has not removed them yet): `to` servers up out of `from` voters. The worst
 * moment of a scale-up is when the new servers were promoted to voters and then fail: the `from` old
 * servers up out of `to` voters. A planned change may use up one failure of the margin (as a rolling
 * restart does); a step that uses more is too large, and one that leaves no quorum at all loses the
 * datacenter (a datacenter without quorum cannot even remove the dead voters: recovery is peers.json).
 */
import type { Finding, Severity } from '../model/finding.js';
import { faultTolerance, isWastefulEven, quorumSize } from '../model/quorum-math.js';
import type { AcceptedRisk, Tier } from '../environments/types.js';
import type { PlanStep } from './plan.js';

export type ScaleVerdict = 'safe' | 'quorum-loss' | 'too-large-step';

/** Servers up minus the quorum of the voter set at the worst moment of the change (negative: quorum lost). */
export function worstMargin(from: number, to: number): number {
  return Math.min(from, to) - quorumSize(Math.max(from, to));
}

/** Failures the datacenter may still take during a planned change: one less than at rest. */
export function plannedMargin(from: number): number {
  return Math.max(0, faultTolerance(from) - 1);
}

export function scaleVerdict(from: number, to: number): ScaleVerdict {
  if (from === to) return 'safe';
  const margin = worstMargin(from, to);
  if (margin < 0) return 'quorum-loss';
  return margin < plannedMargin(from) ? 'too-large-step' : 'safe';
}

/**
 * Default severity of a server-scale-step finding by tier (no tier known: the strictest). Losing
 * quorum and multi-server removals block outside development, where a datacenter is disposable. A
 * too large scale-up only risks a window with a smaller margin if the new servers fail after joining,
 * and an even count only costs a vote without adding tolerance: warnings, info in development.
 */
export function scaleSeverity(kind: 'quorum-loss' | 'too-large-down' | 'too-large-up' | 'even', tier: Tier | undefined): Severity {
  const development = tier === 'development';
  if (kind === 'quorum-loss' || kind === 'too-large-down') return development ? 'warning' : 'error';
  return development ? 'info' : 'warning';
}

/** A plan step of a server count change: its counts are always set. */
export type ScaleStep = PlanStep & Required<Pick<PlanStep, 'from' | 'to' | 'worst' | 'quorum' | 'tolerates'>>;

/**
 * What a step's commit must hold beyond the server count so that it passes `validate`, as the
 * injected check found: transitional accepted risks, a raised minNodes, and what no change fixes.
 */
export interface StepCommit {
  acceptedRisks: AcceptedRisk[];
  minNodes?: number;
  /** Blocking findings that remain: the step cannot be committed as it is. */
  blocked: string[];
}

/**
 * Validates one step's commit in memory (validate/scale-steps.ts, injected by the library entry):
 * the blocking findings of the environment at `servers`, with `minNodes` and the extra risks accepted.
 */
export type ScaleStepCheck = (servers: number, change: { minNodes?: number; acceptedRisks: readonly AcceptedRisk[] }) => Finding[];

/** Findings a step may accept for its own duration: the ones an intermediate count brings by design. */
const TRANSITIONAL_RULES: ReadonlySet<string> = new Set(['quorum-even-servers', 'zone-quorum', 'pdb-max-unavailable']);

/** What the commit of the step to `to` servers needs, found by checking it until nothing more can be fixed. */
function stepCommit(to: number, minNodes: number | undefined, check: ScaleStepCheck): StepCommit {
  const risks: AcceptedRisk[] = [];
  const raised = minNodes !== undefined && minNodes < to ? to : undefined;
  const change = (): { minNodes?: number; acceptedRisks: readonly AcceptedRisk[] } => ({
    ...(raised !== undefined ? { minNodes: raised } : {}),
    acceptedRisks: risks,
  });
  for (let round = 0; round < 4; round += 1) {
    const findings = check(to, change());
    const acceptable = findings.filter((finding) => TRANSITIONAL_RULES.has(finding.rule) && finding.resource);
    if (acceptable.length === 0) {
      return { ...change(), acceptedRisks: risks, blocked: findings.map((finding) => `${finding.rule}: ${finding.message}`) };
    }
    for (const finding of acceptable) {
      if (risks.some((risk) => risk.rule === finding.rule && risk.kind === finding.resource!.kind && risk.name === finding.resource!.name))
        continue;
      risks.push({
        rule: finding.rule,
        kind: finding.resource!.kind,
        name: finding.resource!.name,
        severity: finding.severity === 'info' ? 'info' : finding.severity === 'warning' ? 'warning' : 'error',
        reason: `transitional: ${to} servers for one step of a planned server count change; remove this entry in the next step`,
      });
    }
  }
  return { ...change(), acceptedRisks: risks, blocked: check(to, change()).map((finding) => `${finding.rule}: ${finding.message}`) };
}

const riskText = (risk: AcceptedRisk): string =>
  `{ rule: ${risk.rule}, kind: ${risk.kind}, name: ${risk.name}, severity: ${risk.severity}, reason: "${risk.reason}" }`;

function step(from: number, to: number, environment: string, commit?: StepCommit, previous?: StepCommit): ScaleStep {
  const voters = Math.max(from, to);
  const up = Math.min(from, to);
  const wait = `wait until \`consul operator raft list-peers\` shows ${to} voter${to === 1 ? '' : 's'}`;
  const removal =
    to < from
      ? ' (autopilot removes a server that left; if one stays listed, `consul operator raft remove-peer -id <id>`)'
      : ' (autopilot promotes a new server once it is stable)';
  const margin = up - quorumSize(voters);
  const failures = (count: number): string => `${count} failure${count === 1 ? '' : 's'}`;
  // Without a spec to check against, the even-count hint; with one, exactly what the checked commit needs.
  const extra = commit
    ? [
        commit.minNodes !== undefined
          ? ` and environments.${environment}.minNodes to ${commit.minNodes} (${to} servers with host anti-affinity need ${to} nodes${to > from ? ': add them first' : ''})`
          : '',
        commit.acceptedRisks.length > 0
          ? `; for this step only, add to environments.${environment}.acceptedRisks: ${commit.acceptedRisks.map(riskText).join(', ')}`
          : '',
        previous && previous.acceptedRisks.length > 0 ? '; remove the transitional acceptedRisks entries of the step before' : '',
      ].join('')
    : isWastefulEven(to)
      ? ` (a transitional even count: accept quorum-even-servers on StatefulSet/consul-server in its acceptedRisks until the next step)`
      : isWastefulEven(from)
        ? ' (and remove the quorum-even-servers entry of the step before)'
        : '';
  const cautions = [
    ...(margin < 0
      ? [
          `${up} server${up === 1 ? '' : 's'} of ${voters} voters are not a quorum, and no smaller step exists: keep every server up until the ${to < from ? 'leave completes' : 'new server is a voter'}, and take a snapshot first (\`consul snapshot save\`)`,
        ]
      : []),
    ...(commit && commit.blocked.length > 0
      ? [`this step's commit fails validate, and no transitional acceptance fixes it: ${commit.blocked.join('; ')}`]
      : []),
  ];
  return {
    title: `${from} -> ${to} servers: at worst ${up} of ${voters} voters up (quorum ${quorumSize(voters)}); then quorum ${quorumSize(to)}, tolerates ${failures(faultTolerance(to))}`,
    from,
    to,
    worst: { up, voters, quorum: quorumSize(voters) },
    quorum: quorumSize(to),
    tolerates: faultTolerance(to),
    action: `set environments.${environment}.servers to ${to}${extra}, run \`npx consul-gitops generate\`, merge and let Argo CD sync; ${wait}${removal}`,
    ...(commit
      ? {
          acceptedRisks: commit.acceptedRisks,
          ...(commit.minNodes !== undefined ? { minNodes: commit.minNodes } : {}),
          blocked: commit.blocked,
        }
      : {}),
    ...(cautions.length > 0 ? { caution: cautions.join('; ') } : {}),
  };
}

/** Next count on the way from `from` to `to`: the largest safe step; one server when none is safe. */
function nextCount(from: number, to: number): number {
  const direction = to > from ? 1 : -1;
  for (let candidate = to; candidate !== from; candidate -= direction) {
    if (scaleVerdict(from, candidate) === 'safe' && !(direction > 0 && candidate !== to && isWastefulEven(candidate))) return candidate;
  }
  return from + direction;
}

/**
 * The safe sequence from `from` to `to` servers: every step keeps the planned margin where any step can.
 * With `check`, each step's commit is validated in memory and carries what it needs to pass (`minNodes`
 * is the environment's, from the spec the change is made in).
 */
export function scalePlanSteps(
  from: number,
  to: number,
  environment: string,
  options: { check?: ScaleStepCheck; minNodes?: number } = {},
): ScaleStep[] {
  const steps: ScaleStep[] = [];
  let previous: StepCommit | undefined;
  for (let current = from; current !== to;) {
    const next = nextCount(current, to);
    const commit = options.check ? stepCommit(next, options.minNodes, options.check) : undefined;
    steps.push(step(current, next, environment, commit, previous));
    previous = commit;
    current = next;
  }
  return steps;
}
