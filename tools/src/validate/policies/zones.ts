/** Zone outages: losing the zone that holds the most servers must leave a Raft quorum. */

/** How the rendered StatefulSet spreads servers over zones. */
export type ZoneSpread =
  | { kind: 'spread'; maxSkew: number; pointer: string }
  | { kind: 'anti-affinity'; pointer: string }
  | { kind: 'soft'; how: string; pointer: string }
  | { kind: 'none' };
