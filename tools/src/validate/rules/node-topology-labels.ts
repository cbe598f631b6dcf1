/** The node labels the servers' placement needs, against the node pools of the cluster facts. */
import type { NodePoolFacts } from '../../environments/types.js';
import { TOPOLOGY } from '../../model/consul.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { serverPools } from '../../environments/clusters.js';
import { asArray, get } from '../../model/k8s-objects.js';

const POD_SPEC = '/spec/template/spec';

/** Labels every node has: the hostname always, the zone in a pool with zones. */
function carries(pool: NodePoolFacts, key: string): boolean {
  if (key === TOPOLOGY.hostname) return true;
  if (key === TOPOLOGY.zone) return pool.zones.length > 0;
  return key in pool.labels;
}

export const nodeTopologyLabels: RenderedRule = {
  id: 'node-topology-labels',
  scope: 'rendered',
  severity: 'error',
  summary: "The nodes the servers can use carry every topology key the servers' hard spread and anti-affinity name.",
  reason:
    'A topology spread with DoNotSchedule ignores nodes without its topologyKey, and required anti-affinity cannot place a pod there: when no usable node carries the key (nodes without topology.kubernetes.io/zone, or a key such as the removed failure-domain.beta.kubernetes.io/zone) every server stays Pending. The Consul audit of these renders lists zone labels as a cluster precondition the repository never stated.',
  fix: 'Spread on topology.kubernetes.io/zone (as generated), and describe the node pools in clusters.<name>.nodePools with their zones and labels; a pool whose nodes lack the label needs it set (for example by the cloud provider or a node-pool label).',
  kinds: ['StatefulSet'],
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const cluster = context.cluster;
    if (!statefulSet || !cluster) return [];
    const pools = serverPools(cluster).filter((pool) => pool.count > 0);
    const keys: { key: unknown; path: string }[] = [
      ...asArray(get(statefulSet.object, 'spec', 'template', 'spec', 'topologySpreadConstraints'))
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => (get(entry, 'whenUnsatisfiable') ?? 'DoNotSchedule') === 'DoNotSchedule')
        .map(({ entry, index }) => ({
          key: get(entry, 'topologyKey'),
          path: `${POD_SPEC}/topologySpreadConstraints/${index}/topologyKey`,
        })),
      ...asArray(
        get(
          statefulSet.object,
          'spec',
          'template',
          'spec',
          'affinity',
          'podAntiAffinity',
          'requiredDuringSchedulingIgnoredDuringExecution',
        ),
      ).map((entry, index) => ({
        key: get(entry, 'topologyKey'),
        path: `${POD_SPEC}/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/${index}/topologyKey`,
      })),
    ];
    const violations: Violation[] = [];
    for (const { key, path } of keys) {
      if (typeof key !== 'string' || pools.some((pool) => carries(pool, key))) continue;
      violations.push({
        resource: statefulSet,
        path,
        message: `no node the servers can use on cluster "${cluster.name}" carries ${key} (untainted pools with nodes: ${pools.map((pool) => pool.name).join(', ') || 'none'}): every server stays Pending`,
      });
    }
    return violations;
  },
};
