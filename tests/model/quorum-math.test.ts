import { describe, expect, it } from 'vitest';
import {
  drainMargin,
  faultTolerance,
  nodesSuffice,
  quorumSize,
  recommendedPdbMaxUnavailable,
  seedPdbMaxUnavailable,
  survivesZoneLoss,
  zonePlacement,
} from '../../tools/src/model/quorum-math.js';

/** Every subset of failed servers, by size: does the rest hold a strict majority? (brute force, no formula) */
function bruteForce(n: number): { quorum: number; tolerated: number } {
  let quorum = 0;
  for (let votes = 1; votes <= n; votes++) {
    if (votes * 2 > n) {
      quorum = votes;
      break;
    }
  }
  let tolerated = 0;
  for (let failed = 0; failed <= n; failed++) {
    // All failure sets of this size leave n - failed alive; enumerate them to stay honest.
    let allSurvive = true;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (popcount(mask) !== failed) continue;
      if (n - failed < quorum) allSurvive = false;
    }
    if (allSurvive) tolerated = failed;
    else break;
  }
  return { quorum, tolerated };
}

function popcount(value: number): number {
  let count = 0;
  for (let bits = value; bits; bits &= bits - 1) count++;
  return count;
}

/** Brute force: assign servers to zones evenly (round robin), drop each zone in turn. */
function zoneSurvivalBrute(n: number, zones: number): boolean {
  const placement = new Array<number>(zones).fill(0);
  for (let server = 0; server < n; server++) placement[server % zones]! += 1;
  const quorum = bruteForce(n).quorum;
  return zones > 1 && placement.every((inZone) => n - inZone >= quorum);
}

describe('quorum math against brute force', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])('n=%i: quorum and fault tolerance', (n) => {
    const expected = bruteForce(n);
    expect(quorumSize(n)).toBe(expected.quorum);
    expect(faultTolerance(n)).toBe(expected.tolerated);
  });

  it('the seed PDB value is floor(n/2)-1 and never exceeds fault tolerance', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(seedPdbMaxUnavailable)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
    for (let n = 1; n <= 9; n++) {
      expect(seedPdbMaxUnavailable(n)).toBeLessThanOrEqual(faultTolerance(n));
      // A drain at the seed value still leaves room for one failure once n >= 4... except even counts do no better.
      if (n >= 5 && n % 2 === 1) expect(drainMargin(n, seedPdbMaxUnavailable(n))).toBe(1);
    }
  });

  it('the generated PDB follows the chart: 1 -> 0, every other count 1 (one graceful leave at a time), but 2 -> 0 (f = 0)', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(recommendedPdbMaxUnavailable)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(drainMargin(3, 1)).toBe(0);
    expect(drainMargin(7, recommendedPdbMaxUnavailable(7))).toBe(2);
  });

  it.each(Array.from({ length: 9 * 4 }, (_, index) => [Math.floor(index / 4) + 1, (index % 4) + 1]))(
    'n=%i over %i zone(s): survival matches brute force',
    (n, zones) => {
      expect(survivesZoneLoss(n, zones)).toBe(zoneSurvivalBrute(n, zones));
      expect(zonePlacement(n, zones).reduce((a, b) => a + b, 0)).toBe(n);
    },
  );

  it('5 servers over 2 zones lose quorum with the larger zone; over 3 zones they keep it', () => {
    expect(zonePlacement(5, 2)).toEqual([3, 2]);
    expect(survivesZoneLoss(5, 2)).toBe(false);
    expect(survivesZoneLoss(5, 3)).toBe(true);
  });

  it.each(Array.from({ length: 81 }, (_, index) => [Math.floor(index / 9) + 1, (index % 9) + 1]))(
    'n=%i on %i node(s): one server per node',
    (n, nodes) => {
      expect(nodesSuffice(n, nodes)).toBe(nodes >= n);
    },
  );
});
