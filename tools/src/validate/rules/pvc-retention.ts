import type { RenderedRule, Violation } from '../policies/rule.js';
import { SYNC_OPTIONS_ANNOTATION } from '../../model/argocd.js';
import { asObject, get } from '../../model/k8s-objects.js';

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
