import type { PolicyContext } from '../policies/context.js';
import { type AgentRole, agentWorkload, commandLine, mainContainer } from '../policies/agents.js';
import type { ParsedResource } from '../../parse/resource.js';
import { asArray } from '../../model/k8s-objects.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { ROLES, serverServiceNames } from '../policies/agent-facts.js';
import { COMPONENT } from '../../model/consul.js';

function joinEntries(context: PolicyContext, role: AgentRole): { value: string; resource: ParsedResource; path: string }[] {
  const entries: { value: string; resource: ParsedResource; path: string }[] = [];
  const config = context.agentConfig(role);
  if (config)
    for (const value of asArray(config.config.retry_join)) entries.push({ value: String(value), resource: config.resource, path: '/data' });
  const workload = agentWorkload(context, role);
  const container = mainContainer(workload);
  if (workload && container) {
    for (const match of commandLine(container).matchAll(/-retry-join[= ]"?([^\s"]+)/g))
      entries.push({ value: match[1] ?? '', resource: workload, path: `${container.pointer}/args` });
  }
  return entries;
}

export const consulRetryJoin: RenderedRule = {
  id: 'consul-retry-join',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every agent joins through the consul-server Service of its own namespace (retry_join).',
  reason:
    'The seed: agents find servers through the headless server Service’s DNS, which resolves to every server, ready or not. Another namespace’s Service joins another datacenter; a pod IP changes on reschedule; cloud auto-join needs API access the agents do not have.',
  fix: 'Use retry_join ["consul-server"] (or consul-server.<namespace>[.svc[.cluster.local]]) in both agent configs, as the generated base does.',
  check(context) {
    const violations: Violation[] = [];
    for (const role of ROLES) {
      const config = context.agentConfig(role);
      if (!config) continue;
      const namespace = config.resource.ref.namespace ?? context.environment?.namespace;
      const allowed = serverServiceNames(namespace);
      const entries = joinEntries(context, role);
      if (entries.length === 0) {
        violations.push({
          resource: config.resource,
          path: '/data',
          message: `the ${role} agent has no retry_join: it never finds the servers (use ${COMPONENT.server})`,
        });
      }
      for (const entry of entries) {
        const host = entry.value.replace(/:\d+$/, '').replace(/\.$/, '');
        if (allowed.includes(host)) continue;
        const other = host.startsWith(`${COMPONENT.server}.`)
          ? ` (namespace ${host.split('.')[1] ?? '?'}, not ${namespace ?? 'the rendered one'})`
          : '';
        violations.push({
          resource: entry.resource,
          path: entry.path,
          message: `the ${role} agent joins ${JSON.stringify(entry.value)}${other}: only ${allowed.join(', ')} reach this datacenter's servers`,
        });
      }
    }
    return violations;
  },
};
