/**
 * The destination clusters of environments.yaml (`clusters:`): facts with their Kubernetes defaults
 * filled in, which environment runs on which, and the spec checks that hold an environment to its
 * cluster (its StorageClass exists, its zones have nodes, its nodes are there).
 */
import { closest } from '../model/did-you-mean.js';
import type { SpecProblem } from '../model/errors.js';
import type { Locate } from './checks.js';
import type { MergedEnvironment } from './checks.js';
import type { ClusterSpec, DestinationSpec, EnvironmentSpec, NodePoolFacts, SpecFile } from './types.js';

/** The clusters with the defaults Kubernetes applies: Immediate binding, no expansion, TCP, no labels or taints. */
export function clustersOf(entries: SpecFile['clusters']): ClusterSpec[] {
  return Object.entries(entries ?? {}).map(([name, cluster]) => ({
    ...cluster,
    name,
    storageClasses: cluster.storageClasses.map((storageClass) => ({
      ...storageClass,
      volumeBindingMode: storageClass.volumeBindingMode ?? 'Immediate',
      allowVolumeExpansion: storageClass.allowVolumeExpansion ?? false,
    })),
    nodePools: cluster.nodePools.map((pool) => ({ ...pool, labels: pool.labels ?? {}, taints: pool.taints ?? [] })),
    hostPorts: (cluster.hostPorts ?? []).map((entry) => ({ ...entry, protocol: entry.protocol ?? 'TCP' })),
  }));
}

function sameDestination(a: DestinationSpec | undefined, b: DestinationSpec | undefined): boolean {
  return a !== undefined && b !== undefined && a.server === b.server && a.name === b.name;
}

/** The cluster an environment runs on: the one it names, else the one whose destination is its own. */
export function clusterOf(
  environment: Pick<EnvironmentSpec, 'cluster' | 'destination'> | Pick<MergedEnvironment, 'cluster' | 'destination'>,
  clusters: readonly ClusterSpec[] | undefined,
): ClusterSpec | undefined {
  if (environment.cluster !== undefined) return clusters?.find((cluster) => cluster.name === environment.cluster);
  return clusters?.find((cluster) => sameDestination(cluster.destination, environment.destination));
}

/** Nodes a server may use: pools without a NoSchedule or NoExecute taint (the servers tolerate none). */
export function serverPools(cluster: ClusterSpec): NodePoolFacts[] {
  return cluster.nodePools.filter((pool) => !pool.taints.some((taint) => taint.effect !== 'PreferNoSchedule'));
}

/** One environment against its cluster, each contradiction at the spec's line. */
export function checkEnvironmentCluster(environment: MergedEnvironment, clusters: readonly ClusterSpec[], locate: Locate): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: (string | number)[], message: string): void => {
    problems.push({ path: ['environments', environment.name, ...path].join('.'), message, ...locate(path) });
  };
  if (environment.podSecurity === 'baseline' || environment.podSecurity === 'restricted') {
    at(
      ['podSecurity'],
      `"${environment.podSecurity}" forbids host ports (Pod Security Standards, baseline control "Host Ports"), and the client DaemonSet listens on host ports 8500/8501/8502/8301: no client pod would be created; use privileged`,
    );
  }
  if (environment.cluster !== undefined && !clusters.some((cluster) => cluster.name === environment.cluster)) {
    const suggestion = closest(
      environment.cluster,
      clusters.map((cluster) => cluster.name),
    );
    at(
      ['cluster'],
      `unknown cluster "${environment.cluster}": ${suggestion ? `did you mean "${suggestion}"?` : clusters.length > 0 ? `describe it under clusters (known: ${clusters.map((cluster) => cluster.name).join(', ')})` : 'describe it under clusters'}`,
    );
    return problems;
  }
  const cluster = clusterOf(environment, clusters);
  if (!cluster) return problems;
  if (environment.cluster !== undefined && cluster.destination && !sameDestination(cluster.destination, environment.destination)) {
    at(
      ['cluster'],
      `cluster "${cluster.name}" is the destination ${cluster.destination.server ?? cluster.destination.name ?? ''}, but this environment syncs to ${environment.destination?.server ?? environment.destination?.name ?? 'no destination'}: name the cluster it syncs to`,
    );
    // one mistake, one problem: the other facts are another cluster's
    return problems;
  }
  const storageClass = environment.storage?.class;
  if (storageClass !== undefined && !cluster.storageClasses.some((entry) => entry.name === storageClass)) {
    const suggestion = closest(
      storageClass,
      cluster.storageClasses.map((entry) => entry.name),
    );
    at(
      ['storage', 'class'],
      `StorageClass "${storageClass}" does not exist on cluster "${cluster.name}" (it has ${cluster.storageClasses.map((entry) => entry.name).join(', ') || 'none'}): the server claims would stay Pending${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    );
  }
  const pools = serverPools(cluster);
  const zoned = new Set(pools.flatMap((pool) => (pool.count > 0 ? pool.zones : [])));
  (environment.zones ?? []).forEach((zone, index) => {
    if (!zoned.has(zone)) {
      at(
        ['zones', index],
        `no node of cluster "${cluster.name}" the servers can use carries topology.kubernetes.io/zone=${zone} (untainted pools: ${pools.map((pool) => `${pool.name} ${pool.zones.join(',') || 'no zone label'}`).join('; ') || 'none'}): servers spread over it would stay Pending`,
      );
    }
  });
  const nodes = pools.reduce((sum, pool) => sum + pool.count, 0);
  if (typeof environment.minNodes === 'number' && environment.minNodes > nodes) {
    at(
      ['minNodes'],
      `${environment.minNodes} schedulable nodes, but cluster "${cluster.name}" has ${nodes} without a NoSchedule/NoExecute taint: lower minNodes or add nodes to the description`,
    );
  }
  return problems;
}
