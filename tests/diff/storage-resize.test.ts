/** Storage quantities as the resize plan compares them. */
import { describe, expect, it } from 'vitest';
import { sizeChange, storageBytes } from '../../tools/src/diff/storage-resize.js';

describe('storageBytes', () => {
  it.each([
    ['10Gi', 10 * 2 ** 30],
    ['1.5Ti', 1.5 * 2 ** 40],
    ['500M', 5e8],
    ['2k', 2000],
    ['100000', 100000],
    [' 1Pi ', 2 ** 50],
  ])('%s is %d bytes', (quantity, bytes) => {
    expect(storageBytes(quantity)).toBe(bytes);
  });

  it.each([['ten'], ['10GB'], ['-1Gi'], ['']])('%j is not a quantity', (quantity) => {
    expect(storageBytes(quantity)).toBeUndefined();
  });

  it('an absent size is not a quantity', () => {
    expect(storageBytes(undefined)).toBeUndefined();
  });
});

describe('sizeChange', () => {
  it.each([
    ['10Gi', '20Gi', 'grows'],
    ['1Ti', '1000Gi', 'shrinks'],
    ['1Gi', '1024Mi', 'unknown'],
    ['10Gi', 'ten', 'unknown'],
    [undefined, '10Gi', 'unknown'],
  ] as const)('%s -> %s %s', (before, after, expected) => {
    expect(sizeChange(before, after)).toBe(expected);
  });
});
