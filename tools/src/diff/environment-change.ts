/**
 * Changes that move or end a datacenter: the environment removed (environment-removal), its
 * namespace (namespace-change) or Argo CD destination (destination-change) changed, its Consul
 * datacenter renamed (datacenter-rename). With automated prune Argo CD deletes what it no longer
 * renders at the old place; the server claims stay there, orphaned, and a new datacenter bootstraps
 * empty. Pure: renders, Applications and the spec's acceptance in, findings and plans out.
 */
import type { Finding, Severity } from '../model/finding.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { ParsedResource } from '../parse/resource.js';
import type { RuleInfo } from '../model/rule.js';
import type { Tier } from '../environments/types.js';
import { get } from '../model/k8s-objects.js';
import type { ServerState } from './consul-state.js';
import type { ChangePlan, PlanStep } from './plan.js';

/** The Argo CD Application of an overlay on each side (argocd/applications/*.yaml, matched by source path). */
export interface ApplicationPair {
  base?: { file: string; object: Record<string, unknown> };
  head?: { file: string; object: Record<string, unknown> };
}

export interface EnvironmentChangeInput {
  environment: string;
  path: string;
  tier?: Tier;
  before?: ServerState;
  after?: ServerState;
  /** Server StatefulSets of each side: findings sit on the head one, so acceptedRisks can accept them. */
  baseStatefulSet?: ParsedResource;
  headStatefulSet?: ParsedResource;
  applications: ApplicationPair;
  /** The spec's removedEnvironments reason for this environment, when it accepts the removal. */
  removalReason?: string;
}

/** Error where the data matters; a development datacenter is disposable. */
const severityFor = (tier: Tier | undefined): Severity => (tier === 'development' ? 'warning' : 'error');

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const destinationOf = (application: ApplicationPair['base']): string | undefined => {
  if (!application) return undefined;
  const destination = get(application.object, 'spec', 'destination');
  return text(get(destination, 'server')) ?? (text(get(destination, 'name')) ? `cluster ${String(get(destination, 'name'))}` : undefined);
};
const namespaceOf = (statefulSet: ParsedResource | undefined, application: ApplicationPair['base']): string | undefined =>
  statefulSet?.ref.namespace ?? text(get(application?.object, 'spec', 'destination', 'namespace'));

function claimNames(state: ServerState | undefined): string[] {
  if (!state) return [];
  return state.claims.flatMap((claim) => Array.from({ length: state.replicas }, (_, index) => `${claim.name}-consul-server-${index}`));
}

const environmentRemovalRule: RuleInfo = {
  id: 'environment-removal',
  scope: 'diff',
  severity: 'error',
  summary:
    '`diff`: no environment (overlay or Argo CD Application) present at the base ref is gone, unless removedEnvironments in environments.yaml names it with a reason. Warning in development.',
  reason:
    'With automated prune Argo CD deletes the datacenter; the server claims remain, orphaned, and an environment created again under the name bootstraps an empty datacenter beside them.',
  fix: 'Keep the environment; to remove it on purpose, list it under removedEnvironments in environments.yaml with the reason (`removedEnvironments: { <env>: <why> }`), run `npx consul-gitops generate`, and follow the plan (snapshot first; the claims stay behind)',
};

const namespaceChangeRule: RuleInfo = {
  id: 'namespace-change',
  scope: 'diff',
  severity: 'error',
  summary: "`diff`: an environment's namespace stays the same. Warning in development.",
  reason:
    'Argo CD prunes the datacenter in the old namespace and bootstraps an empty one in the new namespace; the server claims stay behind in the old namespace.',
  fix: "Keep the namespace; to move the datacenter anyway, accept namespace-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml (severity error, with a reason), run `npx consul-gitops generate`, and follow the plan (snapshot, sync, restore)",
};

const destinationChangeRule: RuleInfo = {
  id: 'destination-change',
  scope: 'diff',
  severity: 'error',
  summary: "`diff`: an environment's Argo CD destination (cluster) stays the same. Warning in development.",
  reason:
    'Argo CD deletes the datacenter on the old cluster and bootstraps an empty one on the new cluster; the server claims stay behind on the old cluster.',
  fix: "Keep the destination; to move the datacenter to another cluster anyway, accept destination-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml (severity error, with a reason), run `npx consul-gitops generate`, and follow the plan (snapshot, sync, restore)",
};

const datacenterRenameRule: RuleInfo = {
  id: 'datacenter-rename',
  scope: 'diff',
  severity: 'error',
  summary: "`diff`: an environment's Consul datacenter name stays the same. Warning in development.",
  reason:
    'The servers keep the Raft data of the old datacenter in their claims, and clients, tokens and WAN peers address the datacenter by name: Consul has no in-place rename.',
  fix: "Keep the datacenter name; to rename it anyway, accept datacenter-rename on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml (severity error, with a reason), run `npx consul-gitops generate`, and follow the plan (a new datacenter: snapshot, rebuild, restore)",
};

export const ENVIRONMENT_CHANGE_RULES: readonly RuleInfo[] = [
  environmentRemovalRule,
  namespaceChangeRule,
  destinationChangeRule,
  datacenterRenameRule,
];

export function environmentChangeFindings(input: EnvironmentChangeInput): Finding[] {
  const severity = severityFor(input.tier);
  const at = (statefulSet: ParsedResource | undefined) =>
    statefulSet
      ? { resource: statefulSet.ref, location: statefulSet.location, ...(statefulSet.origin ? { origin: statefulSet.origin } : {}) }
      : {};
  const { base: baseApp, head: headApp } = input.applications;
  const findings: Finding[] = [];
  const claims = claimNames(input.before);
  const orphaned =
    claims.length > 0 ? `the server claims (${claims.join(', ')}) stay behind, orphaned` : 'the server claims stay behind, orphaned';
  const overlayRemoved = input.before !== undefined && input.after === undefined && !input.headStatefulSet;
  if ((input.baseStatefulSet && !input.headStatefulSet && overlayRemoved) || (baseApp && !headApp)) {
    const gone = [overlayRemoved ? `its overlay ${input.path}` : '', baseApp && !headApp ? `its Argo CD Application (${baseApp.file})` : '']
      .filter(Boolean)
      .join(' and ');
    findings.push({
      rule: environmentRemovalRule.id,
      severity,
      ...at(input.baseStatefulSet),
      message: `environment ${input.environment} is removed (${gone}): with automated prune Argo CD deletes its datacenter; ${orphaned}, and an environment created again under this name bootstraps an empty datacenter beside them`,
      hint: environmentRemovalRule.fix,
      ...(input.removalReason ? { suppressed: { reason: input.removalReason } } : {}),
    });
    return findings;
  }
  if (!input.headStatefulSet || !input.baseStatefulSet) return findings;
  const fromNamespace = namespaceOf(input.baseStatefulSet, baseApp);
  const toNamespace = namespaceOf(input.headStatefulSet, headApp);
  if (fromNamespace && toNamespace && fromNamespace !== toNamespace) {
    findings.push({
      rule: namespaceChangeRule.id,
      severity,
      ...at(input.headStatefulSet),
      path: '/metadata/namespace',
      message: `namespace ${fromNamespace} -> ${toNamespace}: with automated prune Argo CD deletes the datacenter in ${fromNamespace} and creates an empty one in ${toNamespace}; ${orphaned} in ${fromNamespace}`,
      hint: namespaceChangeRule.fix,
    });
  }
  const fromDestination = destinationOf(baseApp);
  const toDestination = destinationOf(headApp);
  if (fromDestination && toDestination && fromDestination !== toDestination) {
    findings.push({
      rule: destinationChangeRule.id,
      severity,
      ...at(input.headStatefulSet),
      message: `Argo CD destination ${fromDestination} -> ${toDestination} (${headApp?.file}): Argo CD deletes the datacenter on ${fromDestination} and bootstraps an empty one on ${toDestination}; ${orphaned} on ${fromDestination}`,
      hint: destinationChangeRule.fix,
    });
  }
  const fromDc = input.before?.datacenter;
  const toDc = input.after?.datacenter;
  if (fromDc && toDc && fromDc !== toDc) {
    findings.push({
      rule: datacenterRenameRule.id,
      severity,
      ...at(input.headStatefulSet),
      message: `datacenter ${fromDc} -> ${toDc}: the servers keep the Raft data of ${fromDc} in their claims, and clients, tokens and WAN peers address the datacenter by name; Consul has no in-place rename`,
      hint: datacenterRenameRule.fix,
    });
  }
  return findings;
}

/** The plan of each environment-level finding. */
export function environmentChangePlans(findings: readonly Finding[], input: EnvironmentChangeInput): ChangePlan[] {
  const state = input.before ?? input.after;
  const n = state?.replicas ?? 1;
  const fromNamespace = namespaceOf(input.baseStatefulSet, input.applications.base) ?? '<namespace>';
  const toNamespace = namespaceOf(input.headStatefulSet, input.applications.head) ?? fromNamespace;
  const quorum = `${n} servers: quorum ${quorumSize(n)}, tolerates ${faultTolerance(n)}`;
  const claims = claimNames(input.before).join(' ') || '<claims>';
  const snapshot = (namespace: string): PlanStep => ({
    title: `snapshot the running datacenter (${quorum})`,
    action: `kubectl -n ${namespace} exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)`,
  });
  const accept = (rule: string): PlanStep => ({
    title: 'accept and merge',
    action:
      rule === 'environment-removal'
        ? `list ${input.environment} under removedEnvironments in environments.yaml with the reason, run \`npx consul-gitops generate\`, merge`
        : `accept ${rule} on StatefulSet/consul-server in environments.${input.environment}.acceptedRisks (severity error, with a reason), run \`npx consul-gitops generate\`, merge`,
  });
  const restore = (namespace: string): PlanStep => ({
    title: `restore into the new datacenter once its ${n} servers have a leader (quorum ${quorumSize(n)})`,
    action: `kubectl -n ${namespace} exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n ${namespace} rollout restart daemonset/consul-client`,
  });
  // after a removal nothing is restored: the claims go when the snapshot is no longer needed
  const cleanup = (namespace: string, when: string): PlanStep => ({
    title: `delete the orphaned claims ${when}`,
    action: `kubectl -n ${namespace} delete pvc ${claims}`,
  });
  const plans: ChangePlan[] = [];
  const add = (rule: string, change: string, steps: PlanStep[]): void => {
    const items = findings.filter((finding) => finding.rule === rule);
    if (items.length > 0) plans.push({ rule, change, accepted: items.every((finding) => finding.suppressed), steps });
  };
  add('environment-removal', `environment ${input.environment} removed`, [
    snapshot(fromNamespace),
    accept('environment-removal'),
    {
      title: 'sync: Argo CD deletes the Application and its resources (prune); the datacenter stops',
      action: `check \`kubectl -n ${fromNamespace} get statefulset,pods\` shows nothing of consul left`,
    },
    cleanup(fromNamespace, 'when the snapshot is no longer needed'),
    { title: 'tidy the spec', action: `remove ${input.environment} from removedEnvironments in a later change` },
  ]);
  add('namespace-change', `namespace ${fromNamespace} -> ${toNamespace}`, [
    snapshot(fromNamespace),
    accept('namespace-change'),
    {
      title: `sync: the datacenter in ${fromNamespace} is deleted, a new one bootstraps in ${toNamespace} (bootstrap_expect ${n})`,
      action: `wait until \`consul operator raft list-peers\` in ${toNamespace} shows ${n} voters`,
    },
    restore(toNamespace),
    cleanup(fromNamespace, `in ${fromNamespace} once the restore is verified`),
  ]);
  add(
    'destination-change',
    `Argo CD destination ${destinationOf(input.applications.base) ?? '?'} -> ${destinationOf(input.applications.head) ?? '?'}`,
    [
      snapshot(fromNamespace),
      accept('destination-change'),
      {
        title: `sync: the datacenter on the old cluster is deleted, a new one bootstraps on the new cluster (bootstrap_expect ${n})`,
        action: `wait until \`consul operator raft list-peers\` on the new cluster shows ${n} voters`,
      },
      restore(toNamespace),
      cleanup(fromNamespace, 'on the old cluster once the restore is verified'),
    ],
  );
  add('datacenter-rename', `datacenter ${input.before?.datacenter ?? '?'} -> ${input.after?.datacenter ?? '?'}`, [
    snapshot(toNamespace),
    {
      ...accept('datacenter-rename'),
      action: `${accept('datacenter-rename').action}, with automated sync of the environment's Application paused`,
    },
    {
      title: 'stop the old datacenter: a planned outage, no quorum until the next step',
      action: `kubectl -n ${toNamespace} delete statefulset consul-server, then kubectl -n ${toNamespace} delete pvc ${claims} (its Raft data names the old datacenter)`,
      caution: 'the datacenter is down from here until the new servers have a leader',
    },
    {
      title: `sync: the servers bootstrap the renamed datacenter empty (bootstrap_expect ${n})`,
      action: `re-enable automated sync; wait until \`consul operator raft list-peers\` shows ${n} voters`,
    },
    restore(toNamespace),
  ]);
  return plans;
}
