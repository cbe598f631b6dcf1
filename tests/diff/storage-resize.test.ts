/** Storage quantities as the resize plan compares them (sizeChange reads both sides as bytes). */
import { describe, expect, it } from 'vitest';
import { sizeChange } from '../../tools/src/diff/storage-resize.js';

describe('sizeChange', () => {
  it.each([
    ['10Gi', '20Gi', 'grows'],
    ['1Ti', '1000Gi', 'shrinks'],
    ['500M', '1G', 'grows'],
    ['2k', '1999', 'shrinks'],
    ['1Pi', '1025Ti', 'grows'],
    [' 10Gi ', '9Gi', 'shrinks'],
  ] as const)('%j -> %j %s', (before, after, expected) => {
    expect(sizeChange(before, after)).toBe(expected);
  });

  it.each([
    ['the same size in other units', '1Gi', '1024Mi'],
    ['1.5Ti and 1536Gi', '1.5Ti', '1536Gi'],
    ['a size that is not a quantity', '10Gi', 'ten'],
    ['a unit Kubernetes does not know', '10GB', '20GB'],
    ['a negative size', '-1Gi', '1Gi'],
    ['an empty size', '', '1Gi'],
    ['no size before', undefined, '10Gi'],
  ])('%s cannot be told apart: unknown', (_name, before, after) => {
    expect(sizeChange(before, after)).toBe('unknown');
  });
});
