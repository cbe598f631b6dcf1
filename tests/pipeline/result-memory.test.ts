/**
 * A checked render's result must not keep the render alive. V8 keeps a substring of 13 characters or more as
 * a slice of its parent string, so a namespace in `checked` or a name inside a message, read from the render,
 * held the whole render until the end of the run: a fleet of 1,000 overlays kept 36 MB of renders in memory.
 * Measured as V8 measures it: the heap that survives a full collection while the results are kept.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { checkRendered, selectSchemaEngine } from '../../tools/src/index.js';
import type { OverlayResult } from '../../tools/src/index.js';
import { REPO_ROOT } from '../helpers/repo.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A render of about 200 KB whose names and namespace are long enough to be slices of it. */
function bigRender(index: number): string {
  const namespace = `consul-namespace-number-${index}`;
  const data = Array.from(
    { length: 2_000 },
    (_, line) => `    line ${line} of a large config file for render ${index} ${'x'.repeat(80)}`,
  ).join('\n');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: a-rather-long-config-map-name-${index}`,
    `  namespace: ${namespace}`,
    'data:',
    '  big.txt: |',
    data,
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: a-rather-long-service-account-${index}`,
    `  namespace: ${namespace}`,
    '',
  ].join('\n');
}

describe('a checked render', () => {
  it('keeps no part of its render alive: 30 results of 200 KB renders hold a small part of what their renders take', async () => {
    const { engine, kubernetesVersion } = await selectSchemaEngine('offline', {});
    const renderBytes = bigRender(0).length;
    expect(renderBytes).toBeGreaterThan(190_000);
    const results: OverlayResult[] = [];
    const check = async (index: number): Promise<void> => {
      results.push(
        await checkRendered({ yaml: bigRender(index), path: `render-${index}.yaml` }, undefined, {
          repoRoot: REPO_ROOT,
          schema: engine,
          kubernetesVersion,
        }),
      );
    };
    await check(0); // warm: the engine's compiled schemas and the rules' module state are not the results'
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let index = 1; index <= 30; index++) await check(index);
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // the results read the render: its names are there, and long enough to be slices
    expect(results[30]?.checked).toEqual([
      { kind: 'ConfigMap', name: 'a-rather-long-config-map-name-30', namespace: 'consul-namespace-number-30' },
      { kind: 'ServiceAccount', name: 'a-rather-long-service-account-30', namespace: 'consul-namespace-number-30' },
    ]);
    // 30 renders kept alive by slices are 6 MB (5.5 MB measured for 20 without the copy); the results themselves
    // are some 300 bytes of JSON each, and what else a check leaves in the heap varied from 0 to 0.3 MB
    expect(kept).toBeLessThan(5 * renderBytes);
  });
});
