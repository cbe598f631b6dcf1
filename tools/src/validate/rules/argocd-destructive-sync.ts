import { asArray, get } from '../../model/k8s-objects.js';
import { SYNC_OPTIONS_ANNOTATION } from '../../model/argocd.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION } from '../../model/argocd-sync.js';
import { jsonText, pointerSegment } from '../../model/json.js';
import { claimName } from '../policies/claim-name.js';

/** The options of an `argocd.argoproj.io/sync-options` value: comma-separated, white space trimmed, as Argo CD reads them. */
function syncOptionsOf(annotations: unknown): string[] {
  const value = get(annotations, SYNC_OPTIONS_ANNOTATION);
  return typeof value === 'string'
    ? value
        .split(',')
        .map((option) => option.trim())
        .filter(Boolean)
    : [];
}

/** What deleting and recreating each kind does to the datacenter. */
function recreated(kind: string, name: string, servers: number): string {
  switch (kind) {
    case 'StatefulSet':
      return `deletes and recreates StatefulSet ${name}: ${servers === 1 ? 'the only server stops' : `all ${servers} servers stop at once`} and the datacenter has no quorum until ${servers === 1 ? 'it is' : 'they are'} back`;
    case 'DaemonSet':
      return `deletes and recreates DaemonSet ${name}: the client agent of every node stops at once`;
    case 'PodDisruptionBudget':
      return `deletes and recreates PodDisruptionBudget ${name}: while it is gone nothing limits evictions, and a node drain can take every server`;
    case 'Service':
      return `deletes and recreates Service ${name}: DNS, joins and the API through it fail until it is back`;
    default:
      return `deletes and recreates ${kind} ${name}`;
  }
}

/** Kinds whose recreation stops or exposes the datacenter. */
const PROTECTED_KINDS = ['StatefulSet', 'DaemonSet', 'PodDisruptionBudget', 'Service', 'PersistentVolumeClaim'] as const;

/** Workloads that must be synced, never run as hooks. */
const NO_HOOK_KINDS = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);

/** Replace and Force in one set of sync options, with what Argo CD would do (`what`: "deletes and recreates ..."). */
function replaceOrForce(options: readonly string[], what: string): string | undefined {
  const force = options.includes('Force=true');
  const replace = options.includes('Replace=true');
  if (!force && !replace) return undefined;
  const found = [replace ? 'Replace=true' : '', force ? 'Force=true' : ''].filter(Boolean).join(',');
  return force
    ? `${SYNC_OPTIONS_ANNOTATION}: ${found}: on a sync that changes it, Argo CD (kubectl delete/create) ${what}`
    : `${SYNC_OPTIONS_ANNOTATION}: ${found}: Argo CD replaces it whole (kubectl replace) instead of patching it, which its documentation calls destructive: with a change Kubernetes cannot make in place, or a forced sync, it ${what}`;
}

function claimViolations(resource: ParsedResource, annotations: unknown, path: string, what: string): Violation[] {
  const options = syncOptionsOf(annotations);
  const violations: Violation[] = [];
  const destructive = replaceOrForce(options, `deletes and recreates ${what}, and with it the server's Raft data and node ID`);
  if (destructive) violations.push({ resource, path, message: destructive });
  if (options.includes('Prune=false') && !options.includes('Delete=false')) {
    violations.push({
      resource,
      path,
      message: `${SYNC_OPTIONS_ANNOTATION}: Prune=false on ${what} without Delete=false: Prune=false only keeps Argo CD from pruning a claim that leaves the render while prune is on; deleting the Application (cascade) still deletes a tracked claim, and the server's Raft data with it`,
    });
  }
  return violations;
}

export const argocdDestructiveSync: RenderedRule = {
  id: 'argocd-destructive-sync',
  scope: 'rendered',
  severity: 'error',
  kinds: [...PROTECTED_KINDS, 'Deployment'],
  summary:
    'No Consul server, client, PDB, Service or claim carries an Argo CD sync option or hook that deletes or recreates it: Replace=true, Force=true, Prune=false without Delete=false on claims, argocd.argoproj.io/hook on a workload.',
  reason:
    'Force=true makes Argo CD delete and recreate the object on a sync (kubectl delete/create); Replace=true replaces it whole, which Argo CD documents as destructive. A StatefulSet made a hook is created per sync and deleted by its hook-delete-policy (BeforeHookCreation, the default, recreates it on every sync). Each stops all servers at once and loses quorum; on claims it loses the Raft data. Prune=false on a claim protects only against pruning, not against deleting the Application.',
  fix: `Remove Replace=true and Force=true from ${SYNC_OPTIONS_ANNOTATION} and remove ${HOOK_ANNOTATION} from the workload; claim templates carry ${SYNC_OPTIONS_ANNOTATION}: Delete=false (the generated base does). Roll changes the StatefulSet cannot take in place out as the Day-2 plan says.`,
  check(context) {
    const servers = context.serverCount() ?? 1;
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const { kind, name } = resource.ref;
      const annotations = get(resource.object, 'metadata', 'annotations');
      const path = `/metadata/annotations/${pointerSegment(SYNC_OPTIONS_ANNOTATION)}`;
      if (kind === 'PersistentVolumeClaim') violations.push(...claimViolations(resource, annotations, path, `claim ${name}`));
      else if (kind !== 'Deployment') {
        const destructive = replaceOrForce(syncOptionsOf(annotations), recreated(kind, name, servers));
        if (destructive) violations.push({ resource, path, message: destructive });
      }
      const hook = get(annotations, HOOK_ANNOTATION);
      if (NO_HOOK_KINDS.has(kind) && hook !== undefined) {
        const policy = get(annotations, HOOK_DELETE_POLICY_ANNOTATION);
        const policies = typeof policy === 'string' ? policy.split(',').map((item) => item.trim()) : ['BeforeHookCreation'];
        const fate = [
          policies.includes('BeforeHookCreation')
            ? `on every sync Argo CD (${policy === undefined ? 'BeforeHookCreation, the default without a hook-delete-policy' : 'BeforeHookCreation'}) ${recreated(kind, name, servers)}`
            : '',
          policies.includes('HookSucceeded') ? `HookSucceeded deletes it when the sync succeeds` : '',
          policies.includes('HookFailed') ? `HookFailed deletes it when the sync fails` : '',
        ].filter(Boolean);
        violations.push({
          resource,
          path: `/metadata/annotations/${pointerSegment(HOOK_ANNOTATION)}`,
          message: `${HOOK_ANNOTATION}: ${jsonText(hook)} makes ${kind} ${name} a hook, which Argo CD creates for the sync and never keeps in sync${fate.length > 0 ? `: ${fate.join('; ')}` : ''}`,
        });
      }
      if (kind === 'StatefulSet') {
        asArray(get(resource.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
          violations.push(
            ...claimViolations(
              resource,
              get(template, 'metadata', 'annotations'),
              `/spec/volumeClaimTemplates/${index}/metadata/annotations`,
              `claim template ${claimName(template, index)} (copied onto every claim)`,
            ),
          );
        });
      }
    }
    return violations;
  },
};
