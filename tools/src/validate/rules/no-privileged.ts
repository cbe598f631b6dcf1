import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, containersOf, get, WORKLOAD_KINDS } from '../../model/k8s-objects.js';
import { containerName } from '../policies/container-name.js';

/** Capabilities a container may add: binding a port below 1024 as non-root. */
const ALLOWED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

export const noPrivileged: RenderedRule = {
  id: 'no-privileged',
  scope: 'rendered',
  group: 'kubernetes',
  kinds: WORKLOAD_KINDS,
  severity: 'error',
  summary: `No privileged containers, and no added capabilities beyond ${ALLOWED_CAPABILITIES.join(', ')}.`,
  reason:
    'A privileged container or one with capabilities such as NET_ADMIN or SYS_ADMIN can reconfigure or take over its node; Consul agents need none of them.',
  fix: `Remove privileged: true and the extra capabilities.add entries; drop ALL and add back only ${ALLOWED_CAPABILITIES.join(', ')} if a port below 1024 is needed.`,
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      for (const entry of containersOf(resource)) {
        const name = containerName(entry.container);
        if (get(entry.container, 'securityContext', 'privileged') === true) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/privileged`,
            message: `container ${name} is privileged: it has every capability and access to the node's devices`,
          });
        }
        asArray(get(entry.container, 'securityContext', 'capabilities', 'add')).forEach((capability, index) => {
          const normalized = String(capability).toUpperCase().replace(/^CAP_/, '');
          if (!ALLOWED_CAPABILITIES.includes(normalized)) {
            violations.push({
              resource,
              path: `${entry.pointer}/securityContext/capabilities/add/${index}`,
              message: `container ${name} adds capability ${String(capability)} (allowed: ${ALLOWED_CAPABILITIES.join(', ')})`,
            });
          }
        });
      }
    }
    return violations;
  },
};
