/**
 * Zone survival and node feasibility against brute force: every placement of labelled servers the
 * scheduler may choose, every failure set, counted vote by vote. No formula from quorum-math is reused.
 */
import { describe, expect, it } from 'vitest';
import {
  faultTolerance,
  nodesSuffice,
  quorumTable,
  survivesZoneLoss,
  survivorsOfPlacement,
  worstZonePlacement,
} from '../../tools/src/model/quorum-math.js';

/** A failure set keeps Raft going when the surviving voters are a strict majority of all n. */
function keepsMajority(n: number, failedMask: number): boolean {
  let alive = 0;
  for (let server = 0; server < n; server++) if ((failedMask & (1 << server)) === 0) alive++;
  return alive * 2 > n;
}

/** Every assignment of n labelled servers to z zones that a hard topology spread with maxSkew allows. */
function* spreadPlacements(n: number, zones: number, maxSkew: number): Generator<number[]> {
  const total = zones ** n;
  for (let code = 0; code < total; code++) {
    const zoneOf: number[] = [];
    for (let server = 0, rest = code; server < n; server++, rest = Math.floor(rest / zones)) zoneOf.push(rest % zones);
    const counts = new Array<number>(zones).fill(0);
    for (const zone of zoneOf) counts[zone]! += 1;
    if (Math.max(...counts) - Math.min(...counts) <= maxSkew) yield zoneOf;
  }
}

/** Fewest servers left over every allowed placement and every single-zone outage; and whether all keep a majority. */
function zoneOutagesBrute(n: number, zones: number, maxSkew: number): { survives: boolean; fewestLeft: number } {
  let survives = true;
  let fewestLeft = n;
  for (const zoneOf of spreadPlacements(n, zones, maxSkew)) {
    for (let down = 0; down < zones; down++) {
      let failed = 0;
      zoneOf.forEach((zone, server) => {
        if (zone === down) failed |= 1 << server;
      });
      if (!keepsMajority(n, failed)) survives = false;
      let left = 0;
      for (let server = 0; server < n; server++) if ((failed & (1 << server)) === 0) left++;
      fewestLeft = Math.min(fewestLeft, left);
    }
  }
  return { survives, fewestLeft };
}

/** Most servers placed on k nodes with at most one per node (required host anti-affinity), by backtracking. */
function mostPlaced(n: number, nodes: number): number {
  const used = new Array<boolean>(nodes).fill(false);
  let best = 0;
  const place = (server: number, placed: number): void => {
    best = Math.max(best, placed);
    if (server === n || best === n) return;
    for (let node = 0; node < nodes; node++) {
      if (used[node]) continue;
      used[node] = true;
      place(server + 1, placed + 1);
      used[node] = false;
    }
    place(server + 1, placed); // this server stays Pending
  };
  place(0, 0);
  return best;
}

/** With one server per node, the most node failures such that every failure set of that size keeps a majority. */
function nodeFailuresToleratedBrute(n: number, nodes: number): number {
  let tolerated = 0;
  for (let size = 1; size <= nodes; size++) {
    let all = true;
    for (let mask = 0; mask < 1 << nodes && all; mask++) {
      let bits = 0;
      for (let node = 0; node < nodes; node++) if (mask & (1 << node)) bits++;
      if (bits !== size) continue;
      // Servers 0..n-1 sit on nodes 0..n-1; a failed node takes its server.
      if (!keepsMajority(n, mask & ((1 << n) - 1))) all = false;
    }
    if (!all) break;
    tolerated = size;
  }
  return tolerated;
}

const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('zone survival against every placement and every zone outage', () => {
  const cases = sizes.flatMap((n) => [1, 2, 3, 4].map((zones) => [n, zones] as const));

  it.each(cases)('n=%i over %i zone(s), maxSkew 1: survival and servers left match', (n, zones) => {
    const brute = zoneOutagesBrute(n, zones, 1);
    expect(survivesZoneLoss(n, zones)).toBe(brute.survives);
    expect(survivorsOfPlacement(worstZonePlacement(n, zones, 1))).toBe(zones === 1 ? 0 : brute.fewestLeft);
    expect(quorumTable(n, zones).zones?.survives).toBe(brute.survives);
  });

  it.each(cases.filter(([, zones]) => zones > 1))('n=%i over %i zones, maxSkew 2 and 3: the worst placement matches', (n, zones) => {
    for (const maxSkew of [2, 3]) {
      const brute = zoneOutagesBrute(n, zones, maxSkew);
      const worst = worstZonePlacement(n, zones, maxSkew);
      expect(worst.reduce((sum, count) => sum + count, 0)).toBe(n);
      expect(Math.max(...worst) - Math.min(...worst)).toBeLessThanOrEqual(maxSkew);
      expect(survivorsOfPlacement(worst)).toBe(brute.fewestLeft);
    }
  });
});

describe('node feasibility against backtracking placement and every node failure set', () => {
  const cases = sizes.flatMap((n) => sizes.map((nodes) => [n, nodes] as const));

  it.each(cases)('n=%i on %i node(s)', (n, nodes) => {
    const placed = mostPlaced(n, nodes);
    expect(nodesSuffice(n, nodes)).toBe(placed === n);
    expect(quorumTable(n, undefined, nodes).nodes).toMatchObject({
      feasible: placed === n,
      pendingServers: n - placed,
      spareNodes: nodes - placed,
    });
    if (placed === n) expect(nodeFailuresToleratedBrute(n, nodes)).toBe(faultTolerance(n));
  });
});
