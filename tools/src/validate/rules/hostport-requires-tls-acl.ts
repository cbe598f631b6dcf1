import type { RenderedRule, Violation } from '../policies/rule.js';
import { clientDaemonSet } from '../policies/client-daemonset.js';
import { asArray, containersOf, get } from '../../model/k8s-objects.js';
import { aclDefaultDeny, tlsEnabled } from '../../model/consul-config.js';

export const hostportRequiresTlsAcl: RenderedRule = {
  id: 'hostport-requires-tls-acl',
  scope: 'rendered',
  severity: 'error',
  summary: 'Outside development, an agent on a host port runs with TLS and ACLs (default deny).',
  reason:
    'A host port cannot be bound to localhost: every node (and anything that reaches it) can call the agent. The seed: only a TLS and ACL agent is safe there.',
  fix: 'Set security.tls and security.acls to true for the environment in environments.yaml (the default) and regenerate.',
  check(context) {
    const tier = context.environment?.tier;
    if (tier !== 'staging' && tier !== 'production') return [];
    const daemonSet = clientDaemonSet(context);
    if (!daemonSet) return [];
    const hasHostPort = containersOf(daemonSet).some((entry) =>
      asArray(entry.container.ports).some((port) => get(port, 'hostPort') !== undefined),
    );
    if (!hasHostPort) return [];
    const config = context.agentConfig('client');
    const target = config?.resource ?? daemonSet;
    const violations: Violation[] = [];
    if (!config || !tlsEnabled(config.config)) {
      violations.push({
        resource: target,
        path: '/data',
        message: `tier ${tier}: the client agent on a host port has no TLS (tls.defaults.ca_file and verify_outgoing)`,
      });
    }
    if (!config || !aclDefaultDeny(config.config)) {
      violations.push({
        resource: target,
        path: '/data',
        message: `tier ${tier}: the client agent on a host port has no ACLs with default_policy deny`,
      });
    }
    return violations;
  },
};
