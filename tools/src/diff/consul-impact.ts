/**
 * The Consul impact of a change to one environment: server count with quorum and tolerated
 * failures, storage of the server claims, the PDB, the Consul version and the security switches.
 * Risky changes become findings: storage-class-change, consul-version-jump, security-downgrade and
 * server-scale-step (server-change.ts); immutable-field-change (immutable.ts); environment-removal,
 * namespace-change, destination-change, datacenter-rename (environment-change.ts); gossip-key-change,
 * ca-change, tls-transition, bootstrap-job-change (security-transition.ts). The spec's severity
 * overrides and the head's suppression annotations apply to all of them, and each risky change gets
 * its plan (plan.ts), accepted or not. Pure, given its facts (the pinned releases' are read once when the input passes none).
 */
import { COMPONENT } from '../model/consul.js';
import type { Facts } from '../model/facts.js';
import type { Finding } from '../model/finding.js';
import { pinnedFacts } from '../facts/pinned.js';
import { sortFindings } from '../model/finding.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { ParsedResource } from '../parse/resource.js';
import type { StorageClassFacts, Tier } from '../environments/types.js';
import type { RuleInfo, SeverityOverride } from '../model/rule.js';
import { applySuppressions } from '../model/suppression.js';
import { serverStateOf, serverStatefulSetOf, type ServerState } from './consul-state.js';
import { diffResources, type ResourceDiff } from './resource-diff.js';
import {
  ENVIRONMENT_CHANGE_RULES,
  environmentChangeFindings,
  environmentChangePlans,
  type ApplicationPair,
  type EnvironmentChangeInput,
} from './environment-change.js';
import { immutableFieldChangeRule, immutableFindings, immutablePlan } from './immutable.js';
import { TRANSITION_RULES, transitionFindings, transitionPlans, type TransitionInput } from './security-transition.js';
import type { ChangePlan } from './plan.js';
import { rolloutsOf } from './rollout.js';
import { runtimeSettingChanges } from './runtime-settings.js';
import { scalePlanSteps, type ScaleStepCheck } from './scale-step.js';
import { sizeChange, storageResizePlans } from './storage-resize.js';
import { SECURITY, SERVER_CHANGE_RULES, serverChangeFindings } from './server-change.js';

export interface EnvironmentInput {
  /** Overlay directory, repository-relative. */
  path: string;
  environment: string;
  /** Resources of the base render; undefined when the overlay does not exist there. */
  base?: readonly ParsedResource[];
  head?: readonly ParsedResource[];
  /** The environment's tier in the spec (undefined: unknown, the strictest severities apply). */
  tier?: Tier;
  /** Severity overrides of the spec for this environment (tier's, then its own). */
  overrides?: Readonly<Record<string, SeverityOverride>>;
  /** The environment's Argo CD Application on each side. */
  applications?: ApplicationPair;
  /** The head spec's removedEnvironments reason, when it accepts the removal of this environment. */
  removalReason?: string;
  /** Validates each scale step's commit in memory (the library entry injects it when the head spec declares the environment). */
  scaleCheck?: ScaleStepCheck;
  /** The environment's minNodes in the head spec. */
  minNodes?: number;
  /** The StorageClasses of the environment's cluster in the head spec (clusters.<name>), when described. */
  storageClasses?: readonly StorageClassFacts[];
  /** The facts the checks read (StatefulSet update rules, control-plane commands); the pinned releases' by default. */
  facts?: Pick<Facts, 'statefulSetUpdate' | 'controlPlane'>;
}

export interface EnvironmentImpact {
  path: string;
  environment: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  before?: ServerState;
  after?: ServerState;
  resources: ResourceDiff[];
  /** The workloads whose pods the change restarts, why, and the impact while they roll; then what a hook applies after the sync. */
  rollouts: string[];
  findings: Finding[];
  /** The safe sequence of steps for each risky change (accepted ones included). */
  plans: ChangePlan[];
}

/** The rules of `consul-gitops diff`, in report order: server changes, immutable fields, environment changes, transitions. */
export const DIFF_RULES: readonly RuleInfo[] = [
  ...SERVER_CHANGE_RULES,
  immutableFieldChangeRule,
  ...ENVIRONMENT_CHANGE_RULES,
  ...TRANSITION_RULES,
];

/** The plan for each rule with findings; accepted when all of its findings are suppressed. */
function plansFor(findings: readonly Finding[], before: ServerState, after: ServerState, input: EnvironmentInput): ChangePlan[] {
  const scale = findings.filter((finding) => finding.rule === 'server-scale-step');
  if (scale.length === 0) return [];
  return [
    {
      rule: 'server-scale-step',
      change: `servers ${before.replicas} -> ${after.replicas}`,
      accepted: scale.every((finding) => finding.suppressed),
      steps: scalePlanSteps(before.replicas, after.replicas, input.environment, {
        ...(input.scaleCheck ? { check: input.scaleCheck } : {}),
        ...(input.minNodes !== undefined ? { minNodes: input.minNodes } : {}),
      }),
    },
  ];
}

/** The spec's severity for a finding: its override, or none when the rule is off. */
function withOverrides(findings: readonly Finding[], overrides: Readonly<Record<string, SeverityOverride>>): Finding[] {
  return findings.flatMap((finding) => {
    const override = overrides[finding.rule];
    if (override === 'off') return [];
    return [override ? { ...finding, severity: override } : finding];
  });
}

export function assessEnvironment(input: EnvironmentInput): EnvironmentImpact {
  const facts = input.facts ?? pinnedFacts();
  const resources = diffResources(input.base ?? [], input.head ?? []);
  const before = input.base ? serverStateOf(input.base) : undefined;
  const after = input.head ? serverStateOf(input.head) : undefined;
  const status = !input.base ? 'added' : !input.head ? 'removed' : resources.length > 0 ? 'changed' : 'unchanged';
  const statefulSet = input.head ? serverStatefulSetOf(input.head) : undefined;
  let findings: Finding[] = [];
  let plans: ChangePlan[] = [];
  if (before && after && statefulSet) {
    findings = serverChangeFindings(before, after, statefulSet, input.tier, input.storageClasses);
  }
  const security: TransitionInput | undefined =
    before && after && statefulSet && input.base && input.head
      ? {
          environment: input.environment,
          namespace: statefulSet.ref.namespace ?? input.environment,
          ...(input.tier ? { tier: input.tier } : {}),
          before,
          after,
          base: input.base,
          head: input.head,
          statefulSet,
          controlPlane: facts.controlPlane,
        }
      : undefined;
  if (security) findings.push(...transitionFindings(security));
  if (input.base && input.head) findings.push(...immutableFindings(facts.statefulSetUpdate, input.base, input.head, COMPONENT.server));
  const baseStatefulSet = input.base ? serverStatefulSetOf(input.base) : undefined;
  const change: EnvironmentChangeInput = {
    environment: input.environment,
    path: input.path,
    ...(input.tier ? { tier: input.tier } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    ...(baseStatefulSet ? { baseStatefulSet } : {}),
    ...(statefulSet ? { headStatefulSet: statefulSet } : {}),
    applications: input.applications ?? {},
    ...(input.removalReason ? { removalReason: input.removalReason } : {}),
  };
  findings.push(...environmentChangeFindings(change));
  if (findings.length > 0) {
    findings = withOverrides(findings, input.overrides ?? {});
    findings = applySuppressions(findings, input.head ?? []).filter((finding) => finding.rule !== 'suppression');
    plans = [
      ...(before && after ? plansFor(findings, before, after, input) : []),
      ...immutablePlan(findings, input.head ?? [], input.environment),
      // a spec that turns storage-class-change off drops its findings, and with them the resize plan
      ...(before && after && statefulSet && findings.some((finding) => finding.rule === 'storage-class-change')
        ? storageResizePlans(
            findings,
            after.claims.flatMap((claim) => {
              const previous = before.claims.find((candidate) => candidate.name === claim.name);
              return previous && previous.storageClass === claim.storageClass && sizeChange(previous.size, claim.size) === 'grows'
                ? [{ before: previous, after: claim }]
                : [];
            }),
            after.replicas,
            statefulSet.ref.namespace ?? input.environment,
            input.environment,
          )
        : []),
      ...environmentChangePlans(findings, change),
      ...(security ? transitionPlans(findings, security) : []),
    ];
  }
  return {
    path: input.path,
    environment: input.environment,
    status,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    resources,
    rollouts: [...rolloutsOf(resources, after), ...(input.base && input.head ? runtimeSettingChanges(input.base, input.head) : [])],
    findings: sortFindings(findings),
    plans,
  };
}

/** One line per server fact, "before -> after" (or the one value when unchanged). */
export function serverSummary(before: ServerState | undefined, after: ServerState | undefined): string[] {
  const pair = <T>(read: (state: ServerState) => T, show: (value: T) => string): string => {
    const from = before ? show(read(before)) : '(none)';
    const to = after ? show(read(after)) : '(none)';
    return from === to ? to : `${from} -> ${to}`;
  };
  const servers = (state: ServerState): string =>
    `${state.replicas} (quorum ${quorumSize(state.replicas)}, tolerates ${faultTolerance(state.replicas)} failure${faultTolerance(state.replicas) === 1 ? '' : 's'})`;
  const claims = (state: ServerState): string =>
    state.claims.map((claim) => `${claim.name}: ${claim.storageClass ?? '(cluster default)'} ${claim.size ?? ''}`.trim()).join(', ') ||
    '(no claims)';
  const pdb = (state: ServerState): string =>
    state.pdb?.maxUnavailable !== undefined
      ? `maxUnavailable ${state.pdb.maxUnavailable}`
      : state.pdb?.minAvailable !== undefined
        ? `minAvailable ${state.pdb.minAvailable}`
        : '(no PDB)';
  const security = (state: ServerState): string =>
    SECURITY.map(([key, label]) => `${label.split(' ')[0]} ${state[key] ? 'on' : 'OFF'}`).join(', ');
  return [
    `servers: ${pair((state) => state, servers)}`,
    `storage: ${pair((state) => state, claims)}`,
    `PDB: ${pair((state) => state, pdb)}`,
    `Consul image: ${pair(
      (state) => state.image ?? '(none)',
      (image) => image,
    )}`,
    `security: ${pair((state) => state, security)}`,
  ];
}
