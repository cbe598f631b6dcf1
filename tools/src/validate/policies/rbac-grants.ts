/** What the render's Roles and ClusterRoles grant one ServiceAccount, through its bindings. */
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';
import { asArray, get } from '../../model/k8s-objects.js';

function bindsAccount(binding: ParsedResource, account: string, namespace: string | undefined): boolean {
  return asArray(get(binding.object, 'subjects')).some(
    (subject) =>
      get(subject, 'kind') === 'ServiceAccount' &&
      get(subject, 'name') === account &&
      (binding.ref.kind === 'RoleBinding' ||
        namespace === undefined ||
        get(subject, 'namespace') === undefined ||
        get(subject, 'namespace') === namespace),
  );
}

/** Verbs granted on `resource` of `apiGroup` ('' for core) to the ServiceAccount, `*` expanded by the caller's needs. */
export function grantedVerbs(
  context: PolicyContext,
  account: string,
  namespace: string | undefined,
  apiGroup: string,
  resource: string,
): Set<string> {
  const verbs = new Set<string>();
  for (const binding of [...context.all('RoleBinding'), ...context.all('ClusterRoleBinding')]) {
    if (!bindsAccount(binding, account, namespace)) continue;
    const roleKind = String(get(binding.object, 'roleRef', 'kind'));
    const role = context.find(roleKind, String(get(binding.object, 'roleRef', 'name')));
    if (!role) continue;
    for (const rule of asArray(get(role.object, 'rules'))) {
      const groups = asArray(get(rule, 'apiGroups')).map(String);
      const resources = asArray(get(rule, 'resources')).map(String);
      if (asArray(get(rule, 'resourceNames')).length > 0) continue;
      if (!(groups.includes(apiGroup) || groups.includes('*')) || !(resources.includes(resource) || resources.includes('*'))) continue;
      for (const verb of asArray(get(rule, 'verbs')).map(String)) verbs.add(verb);
    }
  }
  return verbs;
}

export function grants(verbs: Set<string>, verb: string): boolean {
  return verbs.has(verb) || verbs.has('*');
}
