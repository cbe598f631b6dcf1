/** Finding the kustomizations to validate and the repository root (tools/src/discover.ts), on temporary folders. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverOverlays, displayPath, findRepoRoot, hasKustomization } from '../../tools/src/discover.js';
import { UsageError } from '../../tools/src/model/errors.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'consul-gitops-discover-'));
  writeFileSync(join(root, 'environments.yaml'), 'environments: []\n');
  for (const name of ['prod', 'dev', 'Alpha']) {
    mkdirSync(join(root, 'overlays', name), { recursive: true });
    writeFileSync(join(root, 'overlays', name, 'kustomization.yaml'), 'resources: []\n');
  }
  mkdirSync(join(root, 'overlays/notes'));
  writeFileSync(join(root, 'overlays/README.md'), 'not a folder\n');
  writeFileSync(join(root, 'overlays/kustomization.yaml'), 'resources: []\n');
  mkdirSync(join(root, 'overlays/prod/deep/deeper'), { recursive: true });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hasKustomization', () => {
  it('is true for a folder with a kustomization file, false otherwise', async () => {
    expect(await hasKustomization(join(root, 'overlays/prod'))).toBe(true);
    expect(await hasKustomization(join(root, 'overlays/notes'))).toBe(false);
  });
});

describe('displayPath', () => {
  it.each([
    ['overlays/prod', 'overlays/prod'],
    ['.', '.'],
    ['overlays/../overlays/dev', 'overlays/dev'],
  ])('shows %s under the root as %s', (dir, expected) => {
    expect(displayPath(root, join(root, dir))).toBe(expected);
  });

  it('shows a folder outside the root as its absolute path', () => {
    expect(displayPath(join(root, 'overlays'), root)).toBe(resolve(root));
    expect(displayPath(join(root, 'overlays/prod'), join(root, 'overlays/dev'))).toBe(join(root, 'overlays/dev'));
  });
});

describe('discoverOverlays', () => {
  it('finds every overlay with a kustomization under overlays/, sorted by name, without the others', async () => {
    expect(await discoverOverlays(root, [])).toEqual(['Alpha', 'dev', 'prod'].map((name) => join(root, 'overlays', name)));
  });

  it('sorts the overlays by name as people read it (not by byte: Node lists a folder in byte order), and takes no link to a folder for an overlay', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'consul-gitops-discover-order-'));
    try {
      // In byte order the capitalised names come first (Gamma, Kilo, alpha, ...); sorted by name they do not.
      for (const name of ['mid', 'beta', 'Gamma', 'alpha', 'Kilo', 'echo']) {
        mkdirSync(join(repo, 'overlays', name), { recursive: true });
        writeFileSync(join(repo, 'overlays', name, 'kustomization.yaml'), 'resources: []\n');
      }
      symlinkSync(join(repo, 'overlays/mid'), join(repo, 'overlays/linked'), 'dir');
      expect(await discoverOverlays(repo, [])).toEqual(
        ['alpha', 'beta', 'echo', 'Gamma', 'Kilo', 'mid'].map((name) => join(repo, 'overlays', name)),
      );
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('returns the directories given, in their order, when each holds a kustomization', async () => {
    const dirs = [join(root, 'overlays/prod'), join(root, 'overlays/dev')];
    expect(await discoverOverlays(root, dirs)).toEqual(dirs);
  });

  it('refuses a given path that is not a directory', async () => {
    const file = join(root, 'environments.yaml');
    await expect(discoverOverlays(root, [file])).rejects.toThrow(
      new UsageError(`${file}: not a directory. Pass kustomization directories, for example overlays/prod.`),
    );
    await expect(discoverOverlays(root, [join(root, 'nope')])).rejects.toThrow(/nope: not a directory/);
  });

  it('refuses a given directory without a kustomization, pointing at files mode', async () => {
    const dir = join(root, 'overlays/notes');
    await expect(discoverOverlays(root, [join(root, 'overlays/prod'), dir])).rejects.toThrow(
      new UsageError(
        `${dir}: no kustomization.yaml in it. Pass a kustomization directory, for example overlays/prod, or check plain manifests with \`validate -f ${dir}\`.`,
      ),
    );
  });

  it('refuses a root without overlays/, and an overlays/ without any kustomization folder', async () => {
    const empty = join(root, 'overlays/notes');
    await expect(discoverOverlays(empty, [])).rejects.toThrow(
      new UsageError(`no overlays/ folder under ${empty}: run from the repository root, or pass directories to validate`),
    );
    mkdirSync(join(empty, 'overlays/x'), { recursive: true });
    await expect(discoverOverlays(empty, [])).rejects.toThrow(
      new UsageError(`no kustomization under ${join(empty, 'overlays')}: run \`consul-gitops generate\` first`),
    );
  });
});

describe('findRepoRoot', () => {
  it('finds the folder holding environments.yaml from itself and from below', () => {
    expect(findRepoRoot(root)).toBe(resolve(root));
    expect(findRepoRoot(join(root, 'overlays/prod/deep/deeper'))).toBe(resolve(root));
  });

  it('is undefined when no folder up to / holds one', () => {
    expect(findRepoRoot(join(tmpdir(), 'consul-gitops-no-such-folder', 'below'))).toBeUndefined();
  });
});
