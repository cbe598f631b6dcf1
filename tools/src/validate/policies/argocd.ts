/** The Argo CD traps around the server claims: tracking labels, claim type meta, retention on delete and scale-down. */
import { pointerSegment } from '../../model/json.js';
import { SYNC_OPTIONS_ANNOTATION, TRACKING_LABELS } from '../../model/argocd.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, asObject, get } from '../../model/k8s-objects.js';

const claimName = (template: unknown, index: number): string => {
  const name = get(template, 'metadata', 'name');
  return typeof name === 'string' ? name : `#${index}`;
};

export const argocdTrackingLabelClaims: RenderedRule = {
  id: 'argocd-tracking-label-claims',
  scope: 'rendered',
  severity: 'error',
  summary: `No server claim template carries an Argo CD tracking label (${TRACKING_LABELS.join(', ')}).`,
  reason:
    'The StatefulSet controller copies template labels onto every claim it creates. With a tracking label Argo CD takes the claims for its own resources that are missing from git, and prune (or app deletion) deletes the server data and node IDs.',
  fix: `Remove ${TRACKING_LABELS.join(' and ')} from spec.volumeClaimTemplates[].metadata.labels (do not use commonLabels or labels with includeTemplates for them).`,
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const violations: Violation[] = [];
    asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
      const labels = asObject(get(template, 'metadata', 'labels')) ?? {};
      for (const label of TRACKING_LABELS) {
        if (!(label in labels)) continue;
        violations.push({
          resource: statefulSet,
          path: `/spec/volumeClaimTemplates/${index}/metadata/labels/${pointerSegment(label)}`,
          message: `claim template ${claimName(template, index)} carries the tracking label ${label}=${String(labels[label])}: Argo CD would treat the claims as its own and prune them`,
        });
      }
    });
    return violations;
  },
};

export const volumeClaimTemplateType: RenderedRule = {
  id: 'volume-claim-template-type',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every server claim template states apiVersion: v1 and kind: PersistentVolumeClaim.',
  reason:
    'The API server stores claim templates with apiVersion and kind filled in; a template without them differs from the live object forever, so Argo CD shows the StatefulSet OutOfSync and self-heal keeps re-applying it.',
  fix: 'Add apiVersion: v1 and kind: PersistentVolumeClaim to every spec.volumeClaimTemplates entry (the generated base and overlays do).',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const violations: Violation[] = [];
    asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
      const missing: string[] = [];
      const found = (value: unknown): string => (value === undefined ? 'missing' : `found ${JSON.stringify(value)}`);
      if (get(template, 'apiVersion') !== 'v1') missing.push(`apiVersion: v1 (${found(get(template, 'apiVersion'))})`);
      if (get(template, 'kind') !== 'PersistentVolumeClaim') missing.push(`kind: PersistentVolumeClaim (${found(get(template, 'kind'))})`);
      if (missing.length === 0) return;
      violations.push({
        resource: statefulSet,
        path: `/spec/volumeClaimTemplates/${index}`,
        message: `claim template ${claimName(template, index)} lacks ${missing.join(' and ')}: Argo CD would report the StatefulSet OutOfSync forever`,
      });
    });
    return violations;
  },
};

export const pvcRetention: RenderedRule = {
  id: 'pvc-retention',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server StatefulSet never deletes its claims: persistentVolumeClaimRetentionPolicy is Retain on delete and on scale-down.',
  reason: `Server claims outlive the StatefulSet on purpose (the seed): they hold the Raft log and node ID. With Delete, deleting the StatefulSet (an orphan-delete to change the storage class, an Argo CD prune or replace) or scaling down destroys them. ${SYNC_OPTIONS_ANNOTATION}: Delete=false does not stop the StatefulSet controller.`,
  fix: 'Set spec.persistentVolumeClaimRetentionPolicy to {whenDeleted: Retain, whenScaled: Retain} on StatefulSet consul-server (the generated base does).',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const policy = asObject(get(statefulSet.object, 'spec', 'persistentVolumeClaimRetentionPolicy')) ?? {};
    const violations: Violation[] = [];
    for (const key of ['whenDeleted', 'whenScaled'] as const) {
      if (policy[key] !== 'Delete') continue;
      violations.push({
        resource: statefulSet,
        path: `/spec/persistentVolumeClaimRetentionPolicy/${key}`,
        message: `persistentVolumeClaimRetentionPolicy.${key} is Delete: ${key === 'whenDeleted' ? 'deleting the StatefulSet' : 'scaling the servers down'} deletes server claims (Raft data and node IDs); set Retain`,
      });
    }
    return violations;
  },
};
