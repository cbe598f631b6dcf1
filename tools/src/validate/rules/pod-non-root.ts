import type { RenderedRule, Violation } from '../policies/rule.js';
import { asObject, containersOf, get, podSpecOf, WORKLOAD_KINDS } from '../../model/k8s-objects.js';
import { containerName } from '../policies/container-name.js';

export const podNonRoot: RenderedRule = {
  id: 'pod-non-root',
  scope: 'rendered',
  group: 'kubernetes',
  kinds: WORKLOAD_KINDS,
  severity: 'error',
  summary:
    'Every pod runs as non-root (runAsNonRoot at pod or container level, never runAsUser 0) and every container sets allowPrivilegeEscalation false.',
  reason:
    'A root process that escapes its container owns the node, and agents on host ports are reachable from every node. allowPrivilegeEscalation defaults to true, so setuid binaries can regain root unless it is set to false.',
  fix: 'Set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the pod, and allowPrivilegeEscalation: false on every container, as the generated base does.',
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const pod = podSpecOf(resource);
      if (!pod) continue;
      const podNonRootSet = get(pod.spec, 'securityContext', 'runAsNonRoot') === true;
      const podUser = get(pod.spec, 'securityContext', 'runAsUser');
      if (podUser === 0)
        violations.push({ resource, path: `${pod.pointer}/securityContext/runAsUser`, message: 'the pod runs as user 0 (root)' });
      for (const entry of containersOf(resource)) {
        const security = asObject(entry.container.securityContext) ?? {};
        const name = containerName(entry.container);
        const nonRoot = security.runAsNonRoot ?? (podNonRootSet ? true : undefined);
        if (security.runAsUser === 0) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/runAsUser`,
            message: `container ${name} runs as user 0 (root)`,
          });
        } else if (nonRoot !== true) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/runAsNonRoot`,
            message: `container ${name} may run as root: runAsNonRoot is ${security.runAsNonRoot === false ? 'false' : 'not set'} on the container${podNonRootSet ? '' : ' or the pod'}`,
          });
        }
        if (security.allowPrivilegeEscalation !== false) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/allowPrivilegeEscalation`,
            message: `container ${name} does not set allowPrivilegeEscalation: false (it defaults to true)`,
          });
        }
      }
    }
    return violations;
  },
};
