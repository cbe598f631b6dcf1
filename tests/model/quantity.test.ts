/** tools/src/model/quantity.ts: Kubernetes quantities as numbers, in each form resource.Quantity takes. */
import { describe, expect, it } from 'vitest';
import { quantityValue } from '../../tools/src/model/quantity.js';

describe('quantityValue', () => {
  it.each([
    ['12', 12],
    ['12.5', 12.5],
    ['12.', 12],
    ['.25', 0.25],
    ['+1', 1],
    ['-1', -1],
    ['1e3', 1000],
    ['1E+3', 1000],
    ['1e-3', 0.001],
    ['1e10', 1e10],
    ['250m', 0.25],
    ['1Ki', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    [' 2 ', 2],
    [3, 3],
  ] as const)('%j is %s', (text, value) => {
    expect(quantityValue(text)).toBe(value);
  });

  it.each(['x1', 'a5Gi', '1x', '1e', '1e+', '.', '+', '1.2.3', '1 Gi', 'Gi', '', NaN, Infinity, undefined, {}])(
    '%j is not a quantity',
    (text) => {
      expect(quantityValue(text)).toBeUndefined();
    },
  );
});
