import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, get } from '../../model/k8s-objects.js';

export const storageClass: RenderedRule = {
  id: 'storage-class',
  scope: 'rendered',
  severity: 'error',
  summary: "Every server claim template names the environment's declared storage class.",
  reason:
    'Server data (Raft log, node ID) lives on these claims; a wrong or default class can mean slow, zonal or non-retained volumes, and changing it later needs an orphan-delete of the StatefulSet.',
  fix: 'Set storage.class for the environment in environments.yaml and regenerate.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const templates = asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates'));
    if (templates.length === 0) {
      return [
        {
          resource: statefulSet,
          path: '/spec/volumeClaimTemplates',
          message: 'no volumeClaimTemplates: server data (and the node ID) would not survive a reschedule',
        },
      ];
    }
    const expected = context.environment?.storage.class;
    const violations: Violation[] = [];
    templates.forEach((template, index) => {
      const actual = get(template, 'spec', 'storageClassName');
      const path = `/spec/volumeClaimTemplates/${index}/spec/storageClassName`;
      if (typeof actual !== 'string' || actual === '') {
        violations.push({
          resource: statefulSet,
          path,
          message: `claim template ${String(get(template, 'metadata', 'name'))} names no storage class (the cluster default would be used)${expected ? `; expected ${expected}` : ''}`,
        });
      } else if (expected !== undefined && actual !== expected) {
        violations.push({
          resource: statefulSet,
          path,
          message: `storage class ${actual}, but environment ${context.environmentName} declares ${expected}`,
        });
      }
    });
    return violations;
  },
};
