/** docs/delivery.md: its fleet figures are the shard benchmark's committed results (`npm run docs` writes them). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { shardFiguresMarkdown } from '../../tools/scripts/shard-figures.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

describe('docs/delivery.md', () => {
  const text = readFileSync(join(REPO_ROOT, 'docs/delivery.md'), 'utf8');
  const figures = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/bench/results/shards.json'), 'utf8')) as {
    estimates: { runners: number }[];
  };

  it('carries the fleet figures generated from tools/bench/results/shards.json (run `npm run docs` to update them)', () => {
    const block = /<!-- shards:start -->\n([\s\S]*)\n<!-- shards:end -->/.exec(text)?.[1];
    expect(block).toBe((shardFiguresMarkdown as (value: unknown) => string)(figures));
  });

  it('gives the wall time for 1, 4 and 16 runners', () => {
    expect(figures.estimates.map((row) => row.runners)).toEqual([1, 4, 16]);
  });

  it('names only files that exist', () => {
    for (const path of [
      'tools/scripts/shard-projects.mjs',
      'tools/scripts/merge-reports.mjs',
      'tools/scripts/actionlint.mjs',
      'tools/bench/shard-bench.js',
      'tools/go/actionlint/go.mod',
      '.github/workflows/image.yml',
      'argocd/cmp/Dockerfile',
      'argocd/cmp/repo-server-patch.yaml',
    ]) {
      expect(text).toContain(path);
      expect(() => readFileSync(join(REPO_ROOT, path))).not.toThrow();
    }
  });
});
