import type { ArgocdRule } from '../context.js';
import type { Violation } from '../../policies/rule.js';
import { list, syncedTarget } from '../synced-target.js';
import { isTemplated } from '../objects.js';

export const argocdNamespace: ArgocdRule = {
  id: 'argocd-namespace',
  scope: 'argocd',
  severity: 'error',
  summary: "Every Application's destination.namespace is the namespace its overlay renders into.",
  reason:
    'The overlay sets the namespace of every object it renders; a different destination.namespace makes CreateNamespace=true create an empty namespace, and the project then checks a destination that is not where the objects land.',
  fix: 'Use the environment namespace of environments.yaml in both places and run `consul-gitops generate` (overlays set `namespace:`, Applications set destination.namespace).',
  check(context) {
    const violations: Violation[] = [];
    for (const app of context.apps) {
      const path = syncedTarget(app, context.targets);
      const target = path !== undefined ? context.targets.get(path) : undefined;
      if (!path || !target || isTemplated(app.destination.namespace)) continue;
      const pointer = `${app.specPointer}/destination/namespace`;
      const wanted = app.destination.namespace;
      if (target.namespaces.length === 0) {
        violations.push({ resource: app.resource, path: pointer, message: `${path} renders no namespaced object with a namespace: set \`namespace: ${wanted ?? '<namespace>'}\` in its kustomization so the render and ${app.label} agree` });
      } else if (target.namespaces.length > 1) {
        violations.push({ resource: app.resource, path: pointer, message: `${path} renders into several namespaces (${list(target.namespaces)}): one Application destination cannot match them all` });
      } else if (wanted === undefined || wanted === '') {
        violations.push({ resource: app.resource, path: `${app.specPointer}/destination`, message: `${app.label} sets no destination.namespace, but ${path} renders into ${target.namespaces[0]}` });
      } else if (wanted !== target.namespaces[0]) {
        violations.push({ resource: app.resource, path: pointer, message: `${app.label} has destination.namespace ${wanted}, but ${path} renders into ${target.namespaces[0]}` });
      }
    }
    return violations;
  },
};
