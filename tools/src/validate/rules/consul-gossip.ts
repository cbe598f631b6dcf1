import type { RenderedRule, Violation } from '../policies/rule.js';
import { ROLES } from '../policies/agent-facts.js';
import { agentWorkload, describeGossip, gossipSourceOf, mainContainer } from '../policies/agents.js';

export const consulGossip: RenderedRule = {
  id: 'consul-gossip',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Both agents encrypt gossip with the key from the same Secret and key (or neither does, as the spec says); a role whose key is a literal (an env value, the -encrypt flag, encrypt in its config) is named next to the other role and its source.',
  reason:
    'Gossip between agents with different keys, or with and without a key, fails: clients drop out of the LAN pool. A key written into an env value, a flag or a ConfigMap is a committed secret, and a server with a literal key next to clients reading the Secret only works until someone rotates one of them.',
  fix: 'Pass the key from Secret consul-gossip-encryption-key (key `key`) through an env var to -encrypt on both agents; set security.gossip in environments.yaml and regenerate.',
  check(context) {
    const sources = ROLES.map((role) => ({
      role,
      workload: agentWorkload(context, role),
      source: gossipSourceOf(mainContainer(agentWorkload(context, role)), context.agentConfig(role)?.config),
    }));
    const [server, client] = sources;
    if (!server?.workload || !client?.workload) return [];
    const violations: Violation[] = [];
    const same =
      server.source.kind === client.source.kind &&
      (server.source.kind !== 'secret' ||
        (client.source.kind === 'secret' && server.source.name === client.source.name && server.source.key === client.source.key)) &&
      (server.source.kind !== 'literal' || (client.source.kind === 'literal' && server.source.value === client.source.value));
    // The side to fix is the one with a literal; the message names both roles, their workloads and sources.
    const literal = sources.find((entry) => entry.source.kind === 'literal');
    const named = (entry: (typeof sources)[number]) =>
      `the ${entry.role}s (${entry.workload?.ref.kind}/${entry.workload?.ref.name}) use ${describeGossip(entry.source)}`;
    if (!same) {
      const culprit = literal && literal.source.kind === 'literal' ? literal : undefined;
      violations.push({
        resource: culprit?.workload ?? client.workload,
        path:
          culprit && culprit.source.kind === 'literal' && culprit.source.pointer !== '/data'
            ? culprit.source.pointer
            : '/spec/template/spec/containers',
        message: `${named(server)}, ${named(client)}: gossip between them fails${culprit ? `, and the ${culprit.role} key is committed` : ''}`,
      });
    }
    for (const entry of sources) {
      if (entry.source.kind !== 'literal' || !entry.workload) continue;
      const inConfig = entry.source.pointer === '/data';
      violations.push({
        resource: inConfig ? (context.agentConfig(entry.role)?.resource ?? entry.workload) : entry.workload,
        path: entry.source.pointer,
        message: `the ${entry.role} gossip key is a literal (${entry.source.where}): pass it from a Secret to -encrypt through an env var`,
      });
    }
    const wanted = context.environment?.security.gossip;
    if (wanted === true && server.source.kind === 'none' && client.source.kind === 'none') {
      violations.push({
        resource: server.workload,
        path: '/spec/template/spec/containers',
        message: `environment ${context.environmentName} sets security.gossip, but neither agent passes a gossip key to -encrypt`,
      });
    }
    return violations;
  },
};
