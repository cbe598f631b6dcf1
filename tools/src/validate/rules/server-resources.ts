/** Server sizing: the Consul server container's requests and memory limit against the tier's floor. */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { containersOf, get } from '../../model/k8s-objects.js';
import { quantityValue } from '../../model/quantity.js';
import { jsonText } from '../../model/json.js';

const FIELDS = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

export const serverResources: RenderedRule = {
  id: 'server-resources',
  scope: 'rendered',
  severity: 'error',
  summary: "The Consul server container requests at least its tier's CPU and memory floor, and its memory limit is not below it.",
  reason:
    "Reported: servers at the chart's defaults (100m CPU, 100Mi memory) in production are OOMKilled, their Raft heartbeats are CPU-throttled and leadership is lost. HashiCorp's server resource requirements (developer.hashicorp.com/consul/docs/install/performance, the reference architecture) size a production server at 8-16 cores and 32-64 GB; the floors per tier (tools/facts/consul-1.22.7/server-sizing.json) are far below that and only stop the sizes known to fail.",
  fix: 'Raise resources.server in environments.yaml to at least the floor (production: requests 1 CPU and 2Gi, limit 2Gi); size production from the reference architecture and measured use.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const tier = context.environment?.tier;
    if (!statefulSet || !tier) return [];
    const facts = context.facts.serverSizing;
    const floor = facts.floors[tier];
    const server =
      containersOf(statefulSet).find(
        (entry) => !entry.init && (entry.container.name === 'consul' || entry.container.name === 'consul-server'),
      ) ?? containersOf(statefulSet).find((entry) => !entry.init);
    if (!floor || !server) return [];
    const violations: Violation[] = [];
    for (const [kind, resource] of FIELDS) {
      const wanted = kind === 'requests' ? floor.requests[resource] : floor.limits.memory;
      const value = get(server.container, 'resources', kind, resource);
      const have = quantityValue(value);
      const need = quantityValue(wanted) ?? 0;
      // An unset memory limit does not cap the server; an unset request is below every floor.
      if (kind === 'limits' && value === undefined) continue;
      if (have !== undefined && have >= need) continue;
      violations.push({
        resource: statefulSet,
        path: value === undefined ? `${server.pointer}/resources` : `${server.pointer}/resources/${kind}/${resource}`,
        message: `server ${kind}.${resource} ${value === undefined ? 'not set' : jsonText(value)} is below the ${tier} floor ${wanted} (the reference architecture sizes a production server at ${facts.reference.cpu} cores, ${facts.reference.memory})`,
      });
    }
    return violations;
  },
};
