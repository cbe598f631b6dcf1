import type { PolicyContext } from '../policies/context.js';
import { type AgentRole, agentWorkload, commandLine, flagValue, mainContainer } from '../policies/agents.js';
import type { RenderedRule, Violation } from '../policies/rule.js';

/** The datacenter an agent runs in: a -datacenter flag beats the config; Consul's default is dc1. */
function datacenterOf(context: PolicyContext, role: AgentRole): string {
  const container = mainContainer(agentWorkload(context, role));
  const flag = container ? flagValue(commandLine(container), 'datacenter') : undefined;
  const configured = context.agentConfig(role)?.config.datacenter;
  return flag ?? (typeof configured === 'string' ? configured : 'dc1');
}

export const consulDatacenter: RenderedRule = {
  id: 'consul-datacenter',
  scope: 'rendered',
  severity: 'error',
  summary: 'Server and client agents run in the same datacenter, the one environments.yaml declares.',
  reason:
    'A client agent only joins servers of its own datacenter: with another name it finds no servers, registers nothing and every node-local API call fails.',
  fix: 'Set datacenter for the environment in environments.yaml and regenerate; do not override it with -datacenter flags or hand-edited ConfigMaps.',
  check(context) {
    const server = context.agentConfig('server');
    const client = context.agentConfig('client');
    if (!server || !client) return [];
    const serverDc = datacenterOf(context, 'server');
    const clientDc = datacenterOf(context, 'client');
    const violations: Violation[] = [];
    if (serverDc !== clientDc) {
      violations.push({
        resource: client.resource,
        path: '/data',
        message: `the client agents run in datacenter ${clientDc}, the servers in ${serverDc}: clients would never join`,
      });
    }
    const declared = context.environment?.datacenter;
    if (declared !== undefined && serverDc !== declared) {
      violations.push({
        resource: server.resource,
        path: '/data',
        message: `the servers run in datacenter ${serverDc}, but environment ${context.environmentName} declares ${declared}`,
      });
    }
    return violations;
  },
};
