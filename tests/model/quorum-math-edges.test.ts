/**
 * Quorum math at its edges, where the brute-force tables do not reach: no zone at all, one zone, an
 * empty placement, and the shape of the `consul-gitops quorum` table (found by mutation testing:
 * `npm run mutate -- --mutate tools/src/model/quorum-math.ts`).
 */
import { describe, expect, it } from 'vitest';
import { isWastefulEven, quorumTable, survivorsOfPlacement, worstZonePlacement, zonePlacement } from '../../tools/src/model/quorum-math.js';

describe('quorum math at its edges', () => {
  it('no zone places no server, and leaves no survivor', () => {
    expect(zonePlacement(3, 0)).toEqual([]);
    expect(worstZonePlacement(3, 0)).toEqual([]);
    expect(survivorsOfPlacement([])).toBe(0);
    expect(quorumTable(3, 0).zones).toEqual({ count: 0, placement: [], survivorsAfterWorstLoss: 0, survives: false });
  });

  it('one zone holds every server, whatever the skew', () => {
    expect(worstZonePlacement(5, 1)).toEqual([5]);
    expect(worstZonePlacement(5, 1, 3)).toEqual([5]);
  });

  it('the table states every number for n servers, and zones and nodes only when asked', () => {
    expect(quorumTable(5)).toEqual({
      servers: 5,
      quorum: 3,
      faultTolerance: 2,
      seedPdbMaxUnavailable: 1,
      recommendedPdbMaxUnavailable: 1,
      drainMargin: 1,
    });
    expect(quorumTable(3)).toEqual({
      servers: 3,
      quorum: 2,
      faultTolerance: 1,
      seedPdbMaxUnavailable: 0,
      recommendedPdbMaxUnavailable: 1,
      drainMargin: 0,
    });
    expect(quorumTable(3, 3, 4)).toEqual({
      servers: 3,
      quorum: 2,
      faultTolerance: 1,
      seedPdbMaxUnavailable: 0,
      recommendedPdbMaxUnavailable: 1,
      drainMargin: 0,
      zones: { count: 3, placement: [1, 1, 1], survivorsAfterWorstLoss: 2, survives: true },
      nodes: { count: 4, feasible: true, pendingServers: 0, spareNodes: 1 },
    });
  });
});

describe('isWastefulEven', () => {
  it.each([
    [0, false],
    [1, false],
    [2, true],
    [3, false],
    [4, true],
    [-2, false],
  ])('%i servers: %s', (n, expected) => {
    expect(isWastefulEven(n)).toBe(expected);
  });
});
