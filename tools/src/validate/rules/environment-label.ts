import type { RenderedRule, Violation } from '../policies/rule.js';
import { get } from '../../model/k8s-objects.js';
import { LABEL } from '../../model/consul.js';

export const environmentLabel: RenderedRule = {
  id: 'environment-label',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every rendered resource carries the label environment: <env>, naming an environment of environments.yaml.',
  reason:
    "The label ties a render to its environment's declared tier, storage class and nodes; without it the environment rules cannot run.",
  fix: 'Generate the overlay from environments.yaml (its kustomization sets `labels: [{pairs: {environment: <env>}}]`).',
  check(context) {
    const violations: Violation[] = [];
    const names = new Set<string>();
    for (const resource of context.resources) {
      const value = get(resource.object, 'metadata', 'labels', LABEL.environment);
      if (typeof value !== 'string') violations.push({ resource, path: '/metadata/labels', message: `no label ${LABEL.environment}` });
      else names.add(value);
    }
    if (names.size > 1) violations.push({ message: `resources carry different environment labels: ${[...names].sort().join(', ')}` });
    if (context.environmentName !== undefined && !context.environment) {
      violations.push({
        message: `environment "${context.environmentName}" is not declared in environments.yaml: tier, storage class and node checks cannot run`,
      });
    }
    return violations;
  },
};
