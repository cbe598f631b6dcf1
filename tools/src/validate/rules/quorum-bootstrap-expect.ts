import type { RenderedRule, Violation } from '../policies/rule.js';
import { COMPONENT } from '../../model/consul.js';

export const quorumBootstrapExpect: RenderedRule = {
  id: 'quorum-bootstrap-expect',
  scope: 'rendered',
  severity: 'error',
  summary: 'bootstrap_expect in the server config equals the server replica count.',
  reason: 'Too high and the datacenter never bootstraps; too low and it can bootstrap twice (split brain).',
  fix: 'Generate the overlay from the spec, or set bootstrap_expect in consul-server-config to the StatefulSet replicas.',
  check(context) {
    const n = context.serverCount();
    const config = context.agentConfig('server');
    if (n === undefined || !context.serverStatefulSet()) return [];
    if (!config)
      return [
        { resource: context.serverStatefulSet(), message: `no ConfigMap ${COMPONENT.serverConfig}: bootstrap_expect cannot be checked` },
      ];
    const violations: Violation[] = config.invalid.map((file) => ({
      resource: config.resource,
      path: `/data/${file.key}`,
      message: `${file.key} is not valid JSON (${file.error}): Consul will refuse to start`,
    }));
    const expected = config.config.bootstrap_expect;
    if (expected === undefined) {
      violations.push({
        resource: config.resource,
        path: '/data',
        message: `no bootstrap_expect in the server config; the ${n} servers would wait forever to bootstrap`,
      });
    } else if (expected !== n) {
      violations.push({
        resource: config.resource,
        path: '/data',
        message: `bootstrap_expect is ${JSON.stringify(expected)} but the StatefulSet runs ${n} servers`,
      });
    }
    return violations;
  },
};
