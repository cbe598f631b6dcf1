/**
 * immutable-field-change: StatefulSet spec fields the Kubernetes API server refuses to update. The
 * mutable fields come from the facts table tools/facts/kubernetes/statefulset-update.json (read from
 * ValidateStatefulSetUpdate); every other spec field is immutable, as the API server treats it. Pure.
 */
import type { Finding } from '../model/finding.js';
import type { StatefulSetUpdateFacts } from '../model/facts.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { RuleInfo } from '../model/rule.js';
import type { ParsedResource } from '../parse/resource.js';
import { isDeepStrictEqual } from 'node:util';
import { asArray, asObject, get, isKind } from '../model/k8s-objects.js';
import { diffFields } from './field-diff.js';
import type { ChangePlan, PlanStep } from './plan.js';

export interface ImmutableChange {
  field: string;
  /** JSON pointer of the change in the head StatefulSet. */
  path: string;
  before: unknown;
  after: unknown;
}

/** Spec fields an update may change: the table's, plus those later releases made mutable. */
function mutableStatefulSetFields(facts: StatefulSetUpdateFacts): Set<string> {
  return new Set([...facts.mutableSpecFields, ...Object.keys(facts.mutableInLaterReleases)]);
}

const withDefault = (facts: StatefulSetUpdateFacts, field: string, value: unknown): unknown =>
  value === undefined ? facts.defaults[field] : value;

/** The claim template without what storage-class-change reports (class and size). */
function withoutStorage(template: unknown): Record<string, unknown> {
  const copy = structuredClone(asObject(template) ?? {});
  const spec = asObject(copy.spec);
  if (spec) {
    delete spec.storageClassName;
    const requests = asObject(asObject(spec.resources)?.requests);
    if (requests) delete requests.storage;
  }
  return copy;
}

/**
 * Immutable spec fields that differ between two StatefulSets. With `storageCovered` (the server,
 * whose claim class, size, and added or removed templates storage-class-change reports) only the rest
 * of each claim template counts.
 */
function immutableChanges(
  facts: StatefulSetUpdateFacts,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  storageCovered: boolean,
): ImmutableChange[] {
  const mutable = mutableStatefulSetFields(facts);
  const oldSpec = asObject(get(before, 'spec')) ?? {};
  const newSpec = asObject(get(after, 'spec')) ?? {};
  const fields = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].filter((field) => !mutable.has(field)).sort();
  const changes: ImmutableChange[] = [];
  for (const field of fields) {
    const from = withDefault(facts, field, oldSpec[field]);
    const to = withDefault(facts, field, newSpec[field]);
    if (isDeepStrictEqual(from, to)) continue;
    if (field === 'volumeClaimTemplates' && storageCovered) {
      const oldTemplates = asArray(from);
      asArray(to).forEach((template, index) => {
        const previous = oldTemplates.find((candidate) => get(candidate, 'metadata', 'name') === get(template, 'metadata', 'name'));
        if (previous === undefined) return;
        for (const change of diffFields(withoutStorage(previous), withoutStorage(template))) {
          changes.push({ field, path: `/spec/volumeClaimTemplates/${index}${change.path}`, before: change.before, after: change.after });
        }
      });
      continue;
    }
    changes.push({ field, path: `/spec/${field}`, before: from, after: to });
  }
  return changes;
}

const show = (value: unknown): string => {
  const text = value === undefined ? '(none)' : typeof value === 'string' ? value || '(empty)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export const immutableFieldChangeRule: RuleInfo = {
  id: 'immutable-field-change',
  scope: 'diff',
  severity: 'error',
  summary:
    '`diff`: a StatefulSet changes only the spec fields the Kubernetes API server lets an update change (replicas, template, updateStrategy, minReadySeconds, ordinals, persistentVolumeClaimRetentionPolicy, revisionHistoryLimit; table in tools/facts/kubernetes), not selector, serviceName, podManagementPolicy or volumeClaimTemplates beyond their class and size (storage-class-change).',
  reason:
    'The API server rejects the update (ValidateStatefulSetUpdate), so the Argo CD sync fails at the StatefulSet half-way through, with the resources before it applied and those after it not, in every tier.',
  fix: "Keep the field as it is; to change it anyway, accept immutable-field-change on the StatefulSet in the environment's acceptedRisks in environments.yaml (severity error, with a reason), run `npx consul-gitops generate`, and follow the plan (orphan-delete the StatefulSet before the sync)",
};

/** Findings for every StatefulSet present on both sides. */
export function immutableFindings(
  facts: StatefulSetUpdateFacts,
  base: readonly ParsedResource[],
  head: readonly ParsedResource[],
  serverName: string,
): Finding[] {
  const mutable = [...mutableStatefulSetFields(facts)].join(', ');
  return head
    .filter((resource) => isKind(resource, 'StatefulSet', 'apps'))
    .flatMap((statefulSet) => {
      const previous = base.find(
        (candidate) =>
          isKind(candidate, 'StatefulSet', 'apps') &&
          candidate.ref.name === statefulSet.ref.name &&
          candidate.ref.namespace === statefulSet.ref.namespace,
      );
      if (!previous) return [];
      return immutableChanges(facts, previous.object, statefulSet.object, statefulSet.ref.name === serverName).map((change) => ({
        rule: immutableFieldChangeRule.id,
        severity: 'error' as const,
        resource: statefulSet.ref,
        path: change.path,
        location: statefulSet.location,
        ...(statefulSet.origin ? { origin: statefulSet.origin } : {}),
        message: `${change.path.slice(1).replace(/\//g, '.')} changes from ${show(change.before)} to ${show(change.after)}: the API server accepts StatefulSet spec updates only to ${mutable}, so it rejects this one and the Argo CD sync fails at this resource, half-way`,
        hint: immutableFieldChangeRule.fix,
      }));
    });
}

/** Orphan-delete, sync, then roll the pods one at a time so the new spec reaches every server. */
export function immutablePlan(findings: readonly Finding[], head: readonly ParsedResource[], environment: string): ChangePlan[] {
  const byResource = new Map<string, Finding[]>();
  for (const finding of findings.filter((item) => item.rule === 'immutable-field-change' && item.resource)) {
    const key = finding.resource?.name ?? '';
    byResource.set(key, [...(byResource.get(key) ?? []), finding]);
  }
  return [...byResource.entries()].map(([name, items]) => {
    const statefulSet = head.find((resource) => isKind(resource, 'StatefulSet', 'apps') && resource.ref.name === name);
    const namespace = statefulSet?.ref.namespace ?? `<namespace of ${environment}>`;
    const replicasValue = get(statefulSet?.object, 'spec', 'replicas');
    const n = typeof replicasValue === 'number' ? replicasValue : 1;
    const fields = [...new Set(items.map((item) => (item.path ?? '').split('/')[2] ?? ''))];
    const cautions: string[] = [];
    if (fields.includes('selector'))
      cautions.push(
        'the new selector must match the labels of the running pods, or the new StatefulSet cannot adopt them and cannot create pods with their names',
      );
    if (fields.includes('serviceName'))
      cautions.push(
        'pod DNS names move to the new governing Service: the server certificate must name them, and retry_join must resolve them',
      );
    if (fields.includes('volumeClaimTemplates'))
      cautions.push(
        "existing claims keep their old spec: only a claim created after the change gets the new one (delete a server's claim with its pod to recreate it, one server at a time, and let it resync from the others)",
      );
    const quorum = `${n} of ${n} voters up (quorum ${quorumSize(n)}, tolerates ${faultTolerance(n)})`;
    const steps: PlanStep[] = [
      {
        title: 'accept, merge, hold the sync',
        action: `accept immutable-field-change on StatefulSet/${name} in environments.${environment}.acceptedRisks (severity error, with a reason), run \`npx consul-gitops generate\`, merge; pause automated sync of the environment's Argo CD Application`,
      },
      {
        title: `orphan-delete the StatefulSet: ${quorum}, nothing stops`,
        action: `kubectl -n ${namespace} delete statefulset ${name} --cascade=orphan (the pods and their claims stay)`,
        ...(cautions.length > 0 ? { caution: cautions.join('; ') } : {}),
      },
      {
        title: `sync: Argo CD creates the StatefulSet with the new spec and adopts the running pods; ${quorum}`,
        action: `sync the Application (re-enable automated sync); check \`kubectl -n ${namespace} get statefulset ${name}\` shows ${n}/${n} ready`,
      },
      {
        title: `roll the pods one at a time: at worst ${Math.max(0, n - 1)} of ${n} voters up (quorum ${quorumSize(n)})`,
        action: `from the highest ordinal down: kubectl -n ${namespace} delete pod ${name}-<i>, then wait until \`consul operator raft list-peers\` shows ${n} voters before the next`,
        ...(n - 1 < quorumSize(n)
          ? {
              caution: `${n - 1} of ${n} voters are not a quorum: the datacenter is unavailable while a pod restarts; take \`consul snapshot save\` first`,
            }
          : {}),
      },
    ];
    return {
      rule: 'immutable-field-change',
      change: `StatefulSet/${name} ${fields.map((field) => `spec.${field}`).join(', ')}`,
      accepted: items.every((item) => item.suppressed),
      steps,
    };
  });
}
