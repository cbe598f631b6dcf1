/** mapPool (tools/src/pool.ts): results in input order, never more tasks in flight than the limit. */
import { describe, expect, it } from 'vitest';
import { mapPool } from '../../tools/src/pool.js';

/** Tasks that finish in reverse order of start, recording how many ran at once. */
async function observe(items: number[], limit?: number): Promise<{ results: string[]; peak: number; order: number[] }> {
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const results = await mapPool(
    items,
    async (item, index) => {
      running++;
      peak = Math.max(peak, running);
      order.push(index);
      await new Promise((resolve) => setTimeout(resolve, (items.length - index) * 2));
      running--;
      return `${item}@${index}`;
    },
    limit,
  );
  return { results, peak, order };
}

describe('mapPool', () => {
  it('keeps the input order whatever order the tasks finish in', async () => {
    const { results } = await observe([10, 20, 30, 40], 4);
    expect(results).toEqual(['10@0', '20@1', '30@2', '40@3']);
  });

  it('runs at most `limit` tasks at once, and as many as it may', async () => {
    expect((await observe([1, 2, 3, 4, 5, 6], 2)).peak).toBe(2);
    expect((await observe([1, 2, 3, 4, 5, 6], 3)).peak).toBe(3);
  });

  it('runs each item once, starting them in order', async () => {
    expect((await observe([1, 2, 3, 4, 5], 2)).order).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs one at a time for a limit below one', async () => {
    const { results, peak } = await observe([1, 2, 3], 0);
    expect(results).toEqual(['1@0', '2@1', '3@2']);
    expect(peak).toBe(1);
  });

  it('starts no more workers than items', async () => {
    const { results, peak } = await observe([7], 8);
    expect(results).toEqual(['7@0']);
    expect(peak).toBe(1);
  });

  it('returns an empty list for no items', async () => {
    expect(await mapPool([], () => Promise.reject(new Error('never called')), 3)).toEqual([]);
  });

  it('defaults to the available parallelism (at least one)', async () => {
    expect((await observe([1, 2, 3])).results).toEqual(['1@0', '2@1', '3@2']);
  });
});
