/**
 * The render's RBAC evaluated as Kubernetes' RBAC authorizer does (plugin/pkg/auth/authorizer/rbac): a
 * RoleBinding grants its Role or ClusterRole in its own namespace, a ClusterRoleBinding its ClusterRole
 * everywhere; a rule matches by group, resource and verb (or `*`), and by resourceNames only requests that
 * name an object. Objects without a namespace are in the one the render is applied to (`default` when applied
 * as is, as the api-server backend does).
 */
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';
import { asArray, get } from '../../model/k8s-objects.js';
import type { ApiPermission } from './control-plane-permissions.js';

export const DEFAULT_NAMESPACE = 'default';

export interface Subject {
  account: string;
  /** undefined: the namespace the render is applied to. */
  namespace?: string;
}

/** One rule of a Role or ClusterRole bound to a subject, with where it is and where it applies. */
export interface BoundRule {
  role: ParsedResource;
  binding: ParsedResource;
  /** Index in the role's rules. */
  index: number;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  /** The namespace a RoleBinding grants in; undefined for a ClusterRoleBinding (everywhere). */
  namespace?: string;
}

const namespaceOf = (namespace: string | undefined): string => namespace ?? DEFAULT_NAMESPACE;

function bindsSubject(binding: ParsedResource, subject: Subject): boolean {
  return asArray(get(binding.object, 'subjects')).some((entry) => {
    if (get(entry, 'kind') !== 'ServiceAccount' || get(entry, 'name') !== subject.account) return false;
    const given = get(entry, 'namespace');
    // A RoleBinding's ServiceAccount subject without a namespace is in the binding's namespace.
    const namespace = typeof given === 'string' ? given : binding.ref.kind === 'RoleBinding' ? binding.ref.namespace : undefined;
    return namespaceOf(namespace) === namespaceOf(subject.namespace);
  });
}

/** Every rule the render's bindings give the subject. */
export function boundRules(context: PolicyContext, subject: Subject): BoundRule[] {
  const rules: BoundRule[] = [];
  for (const binding of [...context.all('RoleBinding'), ...context.all('ClusterRoleBinding')]) {
    if (!bindsSubject(binding, subject)) continue;
    const roleKind = String(get(binding.object, 'roleRef', 'kind'));
    if (binding.ref.kind === 'ClusterRoleBinding' && roleKind !== 'ClusterRole') continue;
    const roleName = String(get(binding.object, 'roleRef', 'name'));
    const role = context
      .all(roleKind)
      .find(
        (candidate) =>
          candidate.ref.name === roleName &&
          (roleKind === 'ClusterRole' || namespaceOf(candidate.ref.namespace) === namespaceOf(binding.ref.namespace)),
      );
    if (!role) continue;
    asArray(get(role.object, 'rules')).forEach((rule, index) => {
      rules.push({
        role,
        binding,
        index,
        apiGroups: asArray(get(rule, 'apiGroups')).map(String),
        resources: asArray(get(rule, 'resources')).map(String),
        verbs: asArray(get(rule, 'verbs')).map(String),
        resourceNames: asArray(get(rule, 'resourceNames')).map(String),
        ...(binding.ref.kind === 'RoleBinding' ? { namespace: namespaceOf(binding.ref.namespace) } : {}),
      });
    });
  }
  return rules;
}

const matches = (values: readonly string[], value: string): boolean => values.includes(value) || values.includes('*');

/** Whether one bound rule allows the request, as the RBAC authorizer decides. */
export function ruleAllows(rule: BoundRule, permission: ApiPermission): boolean {
  if (rule.namespace !== undefined && (permission.scope === 'cluster' || rule.namespace !== namespaceOf(permission.namespace)))
    return false;
  if (!matches(rule.apiGroups, permission.group) || !matches(rule.resources, permission.resource) || !matches(rule.verbs, permission.verb))
    return false;
  return rule.resourceNames.length === 0 || (permission.name !== undefined && rule.resourceNames.includes(permission.name));
}
