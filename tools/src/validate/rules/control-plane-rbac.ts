/**
 * control-plane-rbac: every Kubernetes API call the pinned control plane makes for the commands the render's
 * pods run is allowed to the ServiceAccount it runs as, and no Role rule bound to such an account grants
 * what none of its commands calls. The render's RBAC evaluated offline (rbac-grants.ts); with the api-server
 * backend, the real authorizer's SubjectAccessReview decides instead (context.accessReview).
 */
import type { ParsedResource } from '../../parse/resource.js';
import { controlPlanePermissions, describePermission, permissionKey, type PermissionNeed } from '../policies/control-plane-permissions.js';
import { type BoundRule, boundRules, ruleAllows } from '../policies/rbac-grants.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import type { PolicyContext } from '../policies/context.js';

const describeRef = (resource: ParsedResource) => `${resource.ref.kind}/${resource.ref.name}`;

/** The rule to add, and where: a bound role of the right kind when there is one. */
function fixFor(need: PermissionNeed, rules: readonly BoundRule[]): string {
  const entry = `{apiGroups: ["${need.group}"], resources: [${need.resource}], verbs: [${need.verb}]${need.name !== undefined ? `, resourceNames: [${need.name}]` : ''}}`;
  const clusterWide = need.scope === 'cluster';
  const role = rules.find((rule) => (clusterWide ? rule.binding.ref.kind === 'ClusterRoleBinding' : true))?.role;
  if (role) return `add ${entry} to ${role.ref.kind} ${role.ref.name}`;
  return `bind ServiceAccount ${need.account} to a ${clusterWide ? 'ClusterRole (ClusterRoleBinding)' : 'Role (RoleBinding)'} with ${entry}`;
}

function denial(need: PermissionNeed, rules: readonly BoundRule[], verdict: string): Violation {
  const unnamed = need.name === undefined && need.unnamed ? ` (asked without a name: ${need.unnamed})` : '';
  return {
    resource: need.workload,
    path: need.path,
    message: `ServiceAccount ${need.account} may not ${describePermission(need)}${unnamed}, which ${need.subcommand} (${describeRef(need.workload)} ${need.container}) calls (${need.source}): ${verdict}; ${fixFor(need, rules)}`,
  };
}

/** Each verb (and name) of a bound rule that no need of the account matches: least privilege. */
function unusedGrants(account: string, rules: readonly BoundRule[], needs: readonly PermissionNeed[]): Violation[] {
  const violations: Violation[] = [];
  const reported = new Set<string>();
  for (const rule of rules) {
    if (rule.role.ref.kind !== 'Role' && rule.role.ref.kind !== 'ClusterRole') continue;
    for (const verb of rule.verbs) {
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          const names = rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
          for (const name of names) {
            const users = needs.filter(
              (need) =>
                (verb === '*' || need.verb === verb) &&
                (group === '*' || need.group === group) &&
                (resource === '*' || need.resource === resource) &&
                (name === undefined || need.name === name || need.name === undefined) &&
                ruleAllows(rule, need),
            );
            const key = `${describeRef(rule.role)}|${rule.index}|${verb}|${group}|${resource}|${name ?? ''}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const what = `${verb} ${group ? `${group} ` : ''}${resource}${name !== undefined ? ` ${name}` : ''}`;
            const grantee = `${rule.role.ref.kind} ${rule.role.ref.name} grants ServiceAccount ${account} ${what}`;
            const named = [...new Set(users.map((need) => need.name))];
            if (users.length === 0)
              violations.push({
                resource: rule.role,
                path: `/rules/${rule.index}`,
                severity: 'info',
                message: `${grantee}, which none of its control-plane commands calls (${[...new Set(needs.map((need) => need.subcommand))].join(', ')}): remove it (least privilege)`,
              });
            else if (name === undefined && !named.includes(undefined))
              violations.push({
                resource: rule.role,
                path: `/rules/${rule.index}`,
                severity: 'info',
                message: `${grantee} on every object, but its commands ${verb} only ${named.join(', ')}: list them in resourceNames (least privilege)`,
              });
          }
        }
      }
    }
  }
  return violations;
}

export const controlPlaneRbac: RenderedRule = {
  id: 'control-plane-rbac',
  scope: 'rendered',
  severity: 'error',
  summary:
    "Every Kubernetes API call the pinned consul-k8s-control-plane makes for the commands the render's pods run (names resolved from their flags) is allowed to the ServiceAccount the pod runs as, by the render's Roles and bindings, or by a real kube-apiserver's SubjectAccessReview with the api-server backend; a bound rule no command uses is reported as info.",
  reason:
    "A denied call is invisible until the pod runs: sync-catalog's Ingress informer without list/watch on ingresses fails forever, server-acl-init without get on the auth-method Secret never creates the auth method, and every login then fails. RBAC renders and applies cleanly either way; only the authorizer says no, at run time. A grant nothing uses widens what a stolen token can do.",
  fix: 'Add the rule the message names to the Role or ClusterRole bound to the ServiceAccount (names as resourceNames where the call names one); remove grants no command uses. The calls come from tools/facts/consul-k8s-1.9.11 (control-plane.json writes.kubernetesApi, chart.json syncCatalog.clusterRole).',
  check(context: PolicyContext) {
    const needs = controlPlanePermissions(context.resources, context.facts);
    const violations: Violation[] = [];
    const accounts = new Map<string, PermissionNeed[]>();
    for (const need of needs) {
      const key = `${need.accountNamespace ?? ''}/${need.account}`;
      accounts.set(key, [...(accounts.get(key) ?? []), need]);
    }
    for (const accountNeeds of accounts.values()) {
      const first = accountNeeds[0]!;
      const rules = boundRules(context, {
        account: first.account,
        ...(first.accountNamespace !== undefined ? { namespace: first.accountNamespace } : {}),
      });
      for (const need of accountNeeds) {
        const review = context.accessReview;
        if (review) {
          const decision = review.decisions.get(permissionKey(need));
          if (decision && !decision.allowed)
            violations.push(
              denial(need, rules, `${review.authorizer} denies it (SubjectAccessReview${decision.reason ? `: ${decision.reason}` : ''})`),
            );
          continue;
        }
        if (!rules.some((rule) => ruleAllows(rule, need)))
          violations.push(denial(need, rules, 'no Role or ClusterRole of the render bound to it allows it'));
      }
      violations.push(...unusedGrants(first.account, rules, accountNeeds));
    }
    return violations;
  },
};
