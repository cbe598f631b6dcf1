/**
 * Raft quorum arithmetic as plain numbers. Nothing here sees a Kubernetes object: the generator
 * (PDB value) and the checker (quorum rules) both import these, so they cannot disagree.
 */

/** Votes needed for a Raft majority among n servers. */
export function quorumSize(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Servers that may fail while the rest still form a quorum. */
export function faultTolerance(n: number): number {
  return Math.max(0, Math.floor((n - 1) / 2));
}

/**
 * The seed architecture's PodDisruptionBudget value, (n/2)-1 in integer arithmetic: a voluntary
 * drain at this value still leaves room for one unplanned failure.
 */
export function seedPdbMaxUnavailable(n: number): number {
  return Math.max(0, Math.floor(n / 2) - 1);
}

/**
 * The value the generator writes: the Helm chart's (consul.server.pdb.maxUnavailable since chart
 * PR #3000, which also set leave_on_terminate): 1 server gets 0 (never evicted voluntarily), every
 * other size 1, except 2 servers (0 here: they tolerate no failure, and pdb-max-unavailable refuses 1). A server stopped gracefully leaves the Raft peer set; with an odd count one leave does
 * not change the quorum size, more than one at a time does, and each leave also lowers the voters left
 * for autopilot's min_quorum. So drains go one server at a time, whatever n: at 7 servers the seed
 * value 2 is allowed by the rules, but 1 keeps a drain margin of 2 instead of 1.
 */
export function recommendedPdbMaxUnavailable(n: number): number {
  // 2 servers tolerate no failure: 0, where the chart writes 1 (an even count is only ever a step).
  return Math.min(1, faultTolerance(n));
}

/** Unplanned failures the cluster survives while a drain has `maxUnavailable` servers down. */
export function drainMargin(n: number, maxUnavailable: number): number {
  return faultTolerance(n) - maxUnavailable;
}

/** True when an even count adds no fault tolerance over n-1. */
export function isWastefulEven(n: number): boolean {
  return n > 0 && n % 2 === 0;
}

/**
 * Servers per zone under an even spread (topology spread with maxSkew 1, or zone anti-affinity):
 * the first n mod z zones get one more.
 * @internal quorum math checked against brute force; production reaches it through the quorum table
 */
export function zonePlacement(n: number, zones: number): number[] {
  if (zones <= 0) return [];
  const base = Math.floor(n / zones);
  const extra = n % zones;
  return Array.from({ length: zones }, (_, index) => base + (index < extra ? 1 : 0));
}

/** Servers left after the zone holding the most servers goes down. */
function survivorsAfterWorstZoneLoss(n: number, zones: number): number {
  const placement = zonePlacement(n, zones);
  if (placement.length <= 1) return 0;
  return n - Math.max(...placement);
}

/**
 * True when losing any one zone still leaves a quorum. A single zone never survives its own loss.
 * @internal quorum math checked against brute force; production reaches it through the quorum table
 */
export function survivesZoneLoss(n: number, zones: number): boolean {
  return n > 0 && survivorsAfterWorstZoneLoss(n, zones) >= quorumSize(n);
}

/**
 * The worst placement a hard topology spread allows: with maxSkew s over z zones the fullest zone
 * holds at most floor((n + (z-1)s) / z) servers (every other zone holds at least that minus s).
 * The fullest zone comes first; the rest are spread evenly. maxSkew 1 gives `zonePlacement`.
 */
export function worstZonePlacement(n: number, zones: number, maxSkew = 1): number[] {
  if (zones <= 0) return [];
  if (zones === 1) return [n];
  const fullest = Math.min(n, Math.floor((n + (zones - 1) * Math.max(1, maxSkew)) / zones));
  return [fullest, ...zonePlacement(n - fullest, zones - 1)];
}

/** Servers left after the fullest zone of `placement` goes down (a single zone leaves none). */
export function survivorsOfPlacement(placement: readonly number[]): number {
  if (placement.length <= 1) return 0;
  const total = placement.reduce((sum, count) => sum + count, 0);
  return total - Math.max(...placement);
}

/**
 * Required host anti-affinity places at most one server per node.
 * @internal quorum math checked against brute force; production reaches it through the quorum table
 */
export function nodesSuffice(n: number, nodes: number): boolean {
  return nodes >= n;
}

export interface QuorumTable {
  servers: number;
  quorum: number;
  faultTolerance: number;
  seedPdbMaxUnavailable: number;
  recommendedPdbMaxUnavailable: number;
  drainMargin: number;
  zones?: { count: number; placement: number[]; survivorsAfterWorstLoss: number; survives: boolean };
  /** spareNodes: nodes without a server, where a server evicted by a drain can restart. */
  nodes?: { count: number; feasible: boolean; pendingServers: number; spareNodes: number };
}

export function quorumTable(n: number, zones?: number, nodes?: number): QuorumTable {
  const recommended = recommendedPdbMaxUnavailable(n);
  const table: QuorumTable = {
    servers: n,
    quorum: quorumSize(n),
    faultTolerance: faultTolerance(n),
    seedPdbMaxUnavailable: seedPdbMaxUnavailable(n),
    recommendedPdbMaxUnavailable: recommended,
    drainMargin: drainMargin(n, recommended),
  };
  if (zones !== undefined) {
    table.zones = {
      count: zones,
      placement: zonePlacement(n, zones),
      survivorsAfterWorstLoss: survivorsAfterWorstZoneLoss(n, zones),
      survives: survivesZoneLoss(n, zones),
    };
  }
  if (nodes !== undefined) {
    table.nodes = {
      count: nodes,
      feasible: nodesSuffice(n, nodes),
      pendingServers: Math.max(0, n - nodes),
      spareNodes: Math.max(0, nodes - n),
    };
  }
  return table;
}
