import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, get } from '../../model/k8s-objects.js';

export const rbacNoWildcard: RenderedRule = {
  id: 'rbac-no-wildcard',
  scope: 'rendered',
  group: 'kubernetes',
  kinds: ['Role', 'ClusterRole'],
  severity: 'error',
  summary: 'No Role or ClusterRole grants `*` in apiGroups, resources, verbs or nonResourceURLs.',
  reason:
    'A wildcard grants every present and future resource or verb, including Secrets and escalate/bind; least privilege needs the list spelled out.',
  fix: 'List the apiGroups, resources and verbs the component needs (catalog sync: get/list/watch services and discovery.k8s.io endpointslices, get nodes; write verbs only with -to-k8s).',
  check(context) {
    const violations: Violation[] = [];
    for (const role of context.resources) {
      asArray(get(role.object, 'rules')).forEach((rule, index) => {
        for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs']) {
          const values = asArray(get(rule, field)).map(String);
          if (values.some((value) => value === '*' || (field === 'resources' && value.endsWith('/*')))) {
            violations.push({
              resource: role,
              path: `/rules/${index}/${field}`,
              message: `${role.ref.kind} ${role.ref.name} rule ${index} grants ${field} ${JSON.stringify(values)}: name them`,
            });
          }
        }
      });
    }
    return violations;
  },
};
