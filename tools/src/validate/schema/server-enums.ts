/**
 * Closed value sets the API server enforces in its validation code but does not publish as OpenAPI
 * enums (1.36.3): a binding's roleRef and subjects (rbac validation), a StatefulSet's claim retention
 * policy (apps validation).
 */
import { isPlainObject } from '../../model/json.js';
import { notSupported, required, type SchemaProblem, type TypeCheck } from './problem.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePersistentVolumeClaimRetentionPolicyType: Retain or Delete (unset defaults to Retain). */
export const claimRetentionPolicy: TypeCheck = (policy, pointer) =>
  ['whenDeleted', 'whenScaled']
    .filter((field) => typeof policy[field] === 'string' && policy[field] !== '' && !['Retain', 'Delete'].includes(policy[field]))
    .map((field) => notSupported(`${pointer}/${field}`, policy[field], ['Retain', 'Delete']));

/** validateReclaimPolicy (storage validation): a StorageClass reclaims by Delete or Retain (unset: Delete). */
export const storageClassReclaimPolicy: TypeCheck = (storageClass, pointer) => {
  const policy = storageClass.reclaimPolicy;
  return typeof policy === 'string' && policy !== '' && !['Delete', 'Retain'].includes(policy)
    ? [notSupported(`${pointer}/reclaimPolicy`, policy, ['Delete', 'Retain'])]
    : [];
};

/** ValidateRoleBindingSubject: the kind, and its API group (User and Group default to the RBAC group). */
function subjectProblems(subject: Record<string, unknown>, pointer: string, namespaced: boolean): SchemaProblem[] {
  const group = subject.apiGroup ?? '';
  switch (subject.kind) {
    case 'ServiceAccount': {
      const problems = group === '' ? [] : [notSupported(`${pointer}/apiGroup`, group, [''])];
      if (!namespaced && (subject.namespace === undefined || subject.namespace === '')) problems.push(required(`${pointer}/namespace`));
      return problems;
    }
    case 'User':
    case 'Group':
      return group === '' || group === RBAC_GROUP ? [] : [notSupported(`${pointer}/apiGroup`, group, [RBAC_GROUP])];
    default:
      return typeof subject.kind === 'string' ? [notSupported(`${pointer}/kind`, subject.kind, ['ServiceAccount', 'User', 'Group'])] : [];
  }
}

/** ValidateRoleBinding and ValidateClusterRoleBinding: roleRef's group and kind, and each subject. */
export function bindingKindProblems(object: Record<string, unknown>, key: string): SchemaProblem[] {
  const namespaced = key === `${RBAC_GROUP}/v1/RoleBinding`;
  if (!namespaced && key !== `${RBAC_GROUP}/v1/ClusterRoleBinding`) return [];
  const problems: SchemaProblem[] = [];
  const roleRef = isPlainObject(object.roleRef) ? object.roleRef : {};
  if (typeof roleRef.apiGroup === 'string' && roleRef.apiGroup !== RBAC_GROUP)
    problems.push(notSupported('/roleRef/apiGroup', roleRef.apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (typeof roleRef.kind === 'string' && !kinds.includes(roleRef.kind)) problems.push(notSupported('/roleRef/kind', roleRef.kind, kinds));
  (Array.isArray(object.subjects) ? object.subjects : []).forEach((subject: unknown, index) => {
    if (isPlainObject(subject)) problems.push(...subjectProblems(subject, `/subjects/${index}`, namespaced));
  });
  return problems;
}
