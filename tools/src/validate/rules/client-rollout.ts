import type { RenderedRule, Violation } from '../policies/rule.js';
import { clientDaemonSet } from '../policies/client-daemonset.js';
import { asArray, asObject, containersOf, get } from '../../model/k8s-objects.js';

/** A RollingUpdate's maxSurge as the DaemonSet controller reads it: above zero, zero, or not a count or percentage. */
function surges(value: unknown): boolean | undefined {
  if (value === undefined) return false;
  if (typeof value === 'number') return value > 0;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent ? Number(percent[1]) > 0 : undefined;
}

export const clientRollout: RenderedRule = {
  id: 'client-rollout',
  scope: 'rendered',
  severity: 'error',
  summary:
    'The client DaemonSet rolls its agents one node at a time: RollingUpdate, replacing a pod before starting its successor (maxSurge 0).',
  reason:
    "A synced change (a new image, or the config checksum on the pod template) reaches the agents through the DaemonSet's rollout. With maxSurge above 0 the controller starts the new agent beside the old one on the same node, where the old one holds the host ports (8500 or 8501, 8502): the scheduler never places it, and the rollout stops at the first node. With OnDelete nothing rolls until someone deletes each pod.",
  fix: 'Keep the generated updateStrategy: type RollingUpdate with maxUnavailable 1 and no maxSurge.',
  check(context) {
    const daemonSet = clientDaemonSet(context);
    if (!daemonSet) return [];
    const strategy = asObject(get(daemonSet.object, 'spec', 'updateStrategy')) ?? {};
    const violations: Violation[] = [];
    if (strategy.type === 'OnDelete') {
      violations.push({
        resource: daemonSet,
        path: '/spec/updateStrategy/type',
        severity: 'warning',
        message:
          'updateStrategy OnDelete: a synced image or config change reaches an agent only when its pod is deleted by hand, so agents run old config until then; use RollingUpdate',
      });
      return violations;
    }
    const maxSurge = get(strategy, 'rollingUpdate', 'maxSurge');
    const hostPorts = containersOf(daemonSet)
      .filter((entry) => !entry.init)
      .flatMap((entry) => asArray(entry.container.ports).map((port) => get(port, 'hostPort')))
      .filter((port): port is number => typeof port === 'number' && port > 0);
    if (surges(maxSurge) === true && hostPorts.length > 0) {
      violations.push({
        resource: daemonSet,
        path: '/spec/updateStrategy/rollingUpdate/maxSurge',
        message: `maxSurge ${JSON.stringify(maxSurge)} starts each new agent beside the old one on its node, where host ports ${hostPorts.join(', ')} are taken: the scheduler never places it and the rollout stops at the first node; set maxSurge 0 and maxUnavailable 1`,
      });
    }
    return violations;
  },
};
