import type { RenderedRule, Violation } from '../policies/rule.js';
import { describeRef, modelOf, provider } from '../policies/references.js';

export const unresolvedReference: RenderedRule = {
  id: 'unresolved-reference',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Everything a pod, Job or binding references exists: in the render, created by a bootstrap Job of the render (the control-plane facts say which), built into Kubernetes (default ServiceAccount, kube-root-ca.crt, system ClusterRoles), or declared in externalPrerequisites. Optional references are fine.',
  reason:
    'A Secret, ConfigMap or ServiceAccount that nothing creates renders and applies without complaint; the pod then waits forever (CreateContainerConfigError, or no pod at all), and Argo CD reports a sync that never turns healthy. The repository promised that the bootstrap creates every Secret: this holds it to that.',
  fix: 'Create the object in the render, let a bootstrap Job create it, or, if it truly comes from outside, declare it under externalPrerequisites of the environment with the command that creates it.',
  check(context) {
    const { nodes, providers } = modelOf(context);
    const violations: Violation[] = [];
    for (const node of nodes) {
      for (const need of node.needs) {
        if (need.optional || provider(providers, need)) continue;
        const what = need.kind === 'AuthMethod' ? `Consul auth method ${need.name}` : `${need.kind} ${need.name}`;
        violations.push({
          resource: node.resource,
          path: need.path,
          message: `${describeRef(node.resource)} references ${what}, which nothing creates: it is not in the render, no bootstrap Job writes it, it is not built in, and externalPrerequisites does not list it`,
        });
      }
    }
    return violations;
  },
};
