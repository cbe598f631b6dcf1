/**
 * planTree and applyTree on real temporary folders; an injected writeFile stands in for a full disk, and a stood-in
 * statfs answer for a file system out of inodes or space (writeFailureReason, tools/src/generate/disk-full.ts).
 */
import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import { GENERATED_BANNER } from '../../tools/src/generate/serialize.js';
import { handWrittenConflicts, planTree, readIfExists, type TreeFs } from '../../tools/src/generate/tree.js';
import { applyTree } from '../../tools/src/generate/write.js';
import { writeFailureReason } from '../../tools/src/generate/disk-full.js';

/** What statfs answers while set; the real statfs otherwise. */
const statfsAnswer = vi.hoisted(() => ({ value: undefined as { ffree: number; bavail: number } | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  const statfs = (async (...args: Parameters<typeof original.statfs>) =>
    statfsAnswer.value ?? original.statfs(...args)) as typeof original.statfs;
  return { ...original, statfs };
});

const banner = `${GENERATED_BANNER('environments.yaml')}\n`;
let root: string;

async function put(path: string, text: string): Promise<void> {
  await fs.mkdir(join(root, path, '..'), { recursive: true });
  await fs.writeFile(join(root, path), text);
}

async function listAll(dir = root, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) paths.push(`${path}/`, ...(await listAll(join(dir, entry.name), `${path}/`)));
    else paths.push(path);
  }
  return paths.sort();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-tree-'));
  await put('base/a.yaml', `${banner}a: old\n`);
  await put('base/b.yaml', `${banner}b: same\n`);
  await put('overlays/prod/stale.yaml', `${banner}stale: true\n`);
  await put('overlays/prod/hand-written.yaml', 'kind: ConfigMap\n');
  await put('overlays/prod/local/kustomization.yaml', `${banner}kind: Component\n`);
  await put('overlays/gone/only.yaml', `${banner}x: 1\n`);
  await put('argocd/old-app.yaml', `${banner}kind: Application\n`);
  await put('docs/generated-looking.yaml', `${banner}outside the generated areas\n`);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const tree = (): Map<string, string> =>
  new Map([
    ['base/a.yaml', `${banner}a: new\n`],
    ['base/b.yaml', `${banner}b: same\n`],
    ['overlays/qa/kustomization.yaml', `${banner}kind: Kustomization\n`],
  ]);

describe('planTree', () => {
  it('lists updates, creations and banner-marked stale files; never local/, hand-written files or other folders', async () => {
    const changes = await planTree(root, tree());
    expect(changes.map(({ path, kind }) => `${kind} ${path}`)).toEqual([
      'remove argocd/old-app.yaml',
      'update base/a.yaml',
      'remove overlays/gone/only.yaml',
      'remove overlays/prod/stale.yaml',
      'create overlays/qa/kustomization.yaml',
    ]);
  });

  it('is empty when disk equals the tree', async () => {
    await applyTree(root, await planTree(root, tree()));
    expect(await planTree(root, tree())).toEqual([]);
  });
});

describe('applyTree', () => {
  it('writes, creates, removes stale files and the folders they leave empty', async () => {
    await applyTree(root, await planTree(root, tree()));
    expect(await listAll()).toEqual([
      'argocd/',
      'base/',
      'base/a.yaml',
      'base/b.yaml',
      'docs/',
      'docs/generated-looking.yaml',
      'overlays/',
      'overlays/prod/',
      'overlays/prod/hand-written.yaml',
      'overlays/prod/local/',
      'overlays/prod/local/kustomization.yaml',
      'overlays/qa/',
      'overlays/qa/kustomization.yaml',
    ]);
    expect(await readFile(join(root, 'base/a.yaml'), 'utf8')).toBe(`${banner}a: new\n`);
  });

  it.each([1, 2])('a failed write (call %i of 2) leaves every old file intact and no temporary behind', async (failAt) => {
    const before = await listAll();
    const contents = await Promise.all(before.filter((path) => !path.endsWith('/')).map((path) => readFile(join(root, path), 'utf8')));
    let calls = 0;
    const failing: TreeFs = {
      ...fs,
      writeFile: (async (...args: Parameters<typeof fs.writeFile>) => {
        calls += 1;
        if (calls === failAt) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        return fs.writeFile(...args);
      }) as typeof fs.writeFile,
    };
    const changes = await planTree(root, tree());
    const failure = await applyTree(root, changes, failing).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnvironmentError);
    const failed = changes.filter((change) => change.kind !== 'remove')[failAt - 1]?.path;
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^cannot write ${failed} \\(ENOSPC: no space left on the device; free some space \\(df -h\\) or inodes \\(df -i\\)\\): nothing was changed`,
      ),
    );
    expect(await listAll()).toEqual(before);
    const after = await Promise.all(before.filter((path) => !path.endsWith('/')).map((path) => readFile(join(root, path), 'utf8')));
    expect(after).toEqual(contents);
  });
});

const errno = (code: string, message = `${code}: failed`) => Object.assign(new Error(message), { code });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe('planTree on unreadable trees', () => {
  it('a folder where generate writes a file is an error saying to move it away', async () => {
    await fs.mkdir(join(root, 'overlays/qa/kustomization.yaml'), { recursive: true });
    const error = await failure(planTree(root, tree()));
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error?.message).toBe('overlays/qa/kustomization.yaml: is a directory, but generate writes a file there: move it away');
  });

  it('a file that cannot be read names the file and its errno', async () => {
    const denied: TreeFs = { ...fs, readFile: async () => Promise.reject(errno('EACCES')) };
    expect((await failure(planTree(root, tree(), denied)))?.message).toBe('base/a.yaml: cannot be read (EACCES): check its permissions');
    const odd: TreeFs = { ...fs, readFile: async () => Promise.reject(new Error('odd')) };
    expect((await failure(readIfExists(odd, root, 'x.yaml')))?.message).toBe('x.yaml: cannot be read (Error: odd): check its permissions');
  });

  it('a generated area that cannot be listed names the folder; one that is a file or missing holds nothing', async () => {
    const denied: TreeFs = { ...fs, readdir: async () => Promise.reject(errno('EACCES')) };
    expect((await failure(planTree(root, new Map(), denied)))?.message).toBe('base/: cannot be listed (EACCES)');
    await rm(join(root, 'argocd'), { recursive: true });
    await put(
      'argocd',
      `${banner}not a folder
`,
    );
    await rm(join(root, 'base'), { recursive: true });
    expect((await planTree(root, new Map())).map((change) => change.path)).toEqual(['overlays/gone/only.yaml', 'overlays/prod/stale.yaml']);
  });

  it('skips only overlays/<env>/local/: a local folder elsewhere is generated ground', async () => {
    await put('overlays/local/x.yaml', `${banner}x\n`);
    await put('base/local/y.yaml', `${banner}y\n`);
    await put('base/sub/local/w.yaml', `${banner}w\n`);
    await put('overlays/prod/sub/local/z.yaml', `${banner}z\n`);
    const removed = (await planTree(root, tree())).filter((change) => change.kind === 'remove').map((change) => change.path);
    expect(removed).toEqual([
      'argocd/old-app.yaml',
      'base/local/y.yaml',
      'base/sub/local/w.yaml',
      'overlays/gone/only.yaml',
      'overlays/local/x.yaml',
      'overlays/prod/stale.yaml',
      'overlays/prod/sub/local/z.yaml',
    ]);
  });

  it('reads no file for a generated area that is missing or a file', async () => {
    for (const area of ['base', 'overlays', 'argocd']) await rm(join(root, area), { recursive: true });
    await put('argocd', `${banner}not a folder\n`);
    const read: string[] = [];
    const watching: TreeFs = {
      ...fs,
      readFile: (async (path: string, options: Parameters<typeof fs.readFile>[1]) => {
        read.push(String(path));
        return fs.readFile(path, options);
      }) as typeof fs.readFile,
    };
    expect(await planTree(root, new Map(), watching)).toEqual([]);
    expect(read).toEqual([]);
  });

  it('takes only regular files in a generated area: a link there, even to a generated file, is never planned for removal', async () => {
    await fs.symlink(join(root, 'base/a.yaml'), join(root, 'overlays/prod/linked.yaml'));
    const changes = await planTree(root, tree());
    expect(changes.map((change) => change.path)).not.toContain('overlays/prod/linked.yaml');
    expect(changes.filter((change) => change.kind === 'remove').map((change) => change.path)).toEqual([
      'argocd/old-app.yaml',
      'overlays/gone/only.yaml',
      'overlays/prod/stale.yaml',
    ]);
  });

  it('a listed file that is gone by the time it is read is no change', async () => {
    const racing: TreeFs = {
      ...fs,
      readFile: (async (path: string, options: Parameters<typeof fs.readFile>[1]) => {
        if (String(path).endsWith('stale.yaml')) throw errno('ENOENT');
        return fs.readFile(path, options);
      }) as typeof fs.readFile,
    };
    expect((await planTree(root, tree(), racing)).map((change) => change.path)).toEqual([
      'argocd/old-app.yaml',
      'base/a.yaml',
      'overlays/gone/only.yaml',
      'overlays/qa/kustomization.yaml',
    ]);
  });

  it('records what was on disk and what is generated for each change', async () => {
    const changes = await planTree(root, tree());
    expect(changes.find((change) => change.path === 'base/a.yaml')).toEqual({
      path: 'base/a.yaml',
      kind: 'update',
      before: `${banner}a: old\n`,
      after: `${banner}a: new\n`,
    });
    expect(changes.find((change) => change.kind === 'create')).toEqual({
      path: 'overlays/qa/kustomization.yaml',
      kind: 'create',
      after: `${banner}kind: Kustomization\n`,
    });
    expect(changes.find((change) => change.kind === 'remove')).toEqual({
      path: 'argocd/old-app.yaml',
      kind: 'remove',
      before: `${banner}kind: Application\n`,
    });
  });
});

describe('handWrittenConflicts', () => {
  it('names each update of a file without the banner; creations and generated files are no conflict', () => {
    expect(
      handWrittenConflicts([
        { path: 'base/mine.yaml', kind: 'update', before: 'kind: Mine\n', after: 'x' },
        { path: 'base/gen.yaml', kind: 'update', before: `${banner}x\n`, after: 'y' },
        { path: 'base/new.yaml', kind: 'create', after: 'z' },
        { path: 'base/old.yaml', kind: 'remove', before: 'kind: Old\n' },
        { path: 'base/unread.yaml', kind: 'update', after: 'w' },
      ]),
    ).toEqual([
      "base/mine.yaml: has no generated banner, so it is hand-written, but generate writes this path. It was left as it is, and nothing was written: move your text elsewhere (an overlay's own additions belong in overlays/<env>/local/), or delete the file to let generate write it",
    ]);
  });
});

describe('applyTree failures after staging', () => {
  it('a rename that fails names the file and those already replaced; the staging folder is removed', async () => {
    let renames = 0;
    const failing: TreeFs = {
      ...fs,
      rename: async (...args: Parameters<typeof fs.rename>) => {
        renames += 1;
        if (renames === 2) throw errno('EXDEV');
        return fs.rename(...args);
      },
    };
    const error = await failure(applyTree(root, await planTree(root, tree()), failing));
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error?.message).toBe(
      'cannot move the new overlays/qa/kustomization.yaml into place (EXDEV): 1 file(s) were already replaced (base/a.yaml); fix the cause and run generate again',
    );
    expect(await listAll()).not.toContain('.consul-gitops/generate-tmp/');
  });

  it('a first rename that fails says none was replaced', async () => {
    const failing: TreeFs = { ...fs, rename: async () => Promise.reject(errno('EXDEV')) };
    expect((await failure(applyTree(root, await planTree(root, tree()), failing)))?.message).toMatch(
      /\(EXDEV\): 0 file\(s\) were already replaced \(none\);/,
    );
  });

  it('a stale file that cannot be removed is an error saying to remove it by hand', async () => {
    const failing: TreeFs = {
      ...fs,
      rm: (async (path: string, options?: Parameters<typeof fs.rm>[1]) => {
        if (String(path).endsWith('old-app.yaml')) throw new Error('device busy\nmore detail');
        return fs.rm(path, options);
      }) as typeof fs.rm,
    };
    expect((await failure(applyTree(root, await planTree(root, tree()), failing)))?.message).toBe(
      'cannot remove the stale generated file argocd/old-app.yaml (device busy): remove it by hand',
    );
  });

  it('removes the folders a stale file leaves empty up to, not including, the generated area', async () => {
    await put('overlays/gone/deep/er/x.yaml', `${banner}x\n`);
    await put('base/sub/y.yaml', `${banner}y\n`);
    await applyTree(root, await planTree(root, new Map()));
    const left = await listAll();
    expect(left.filter((path) => /^(base|overlays|argocd)\//.test(path) || ['base/', 'overlays/', 'argocd/'].includes(path))).toEqual([
      'argocd/',
      'base/',
      'overlays/',
      'overlays/prod/',
      'overlays/prod/hand-written.yaml',
      'overlays/prod/local/',
      'overlays/prod/local/kustomization.yaml',
    ]);
  });

  it('only removals: no staging folder is made', async () => {
    const mkdirs: string[] = [];
    const watching: TreeFs = {
      ...fs,
      mkdir: (async (path: string, options?: Parameters<typeof fs.mkdir>[1]) => {
        mkdirs.push(String(path));
        return fs.mkdir(path, options);
      }) as typeof fs.mkdir,
    };
    const removals = (await planTree(root, tree())).filter((change) => change.kind === 'remove');
    await applyTree(root, removals, watching);
    expect(mkdirs).toEqual([]);
    expect(await listAll()).not.toContain('argocd/old-app.yaml');
  });

  it('a staging folder that cannot be made names it, and keeps the cause', async () => {
    const cause = errno('EACCES');
    const failing: TreeFs = { ...fs, mkdir: async () => Promise.reject(cause) };
    const error = await failure(applyTree(root, await planTree(root, tree()), failing));
    expect(error?.message).toMatch(/^cannot write \.consul-gitops\/generate-tmp\/ \(EACCES\): nothing was changed/);
    expect(error?.cause).toBe(cause);
  });

  it('a failed write, rename or removal keeps the error it met as the cause', async () => {
    const cause = errno('EIO');
    const writing: TreeFs = { ...fs, writeFile: async () => Promise.reject(cause) };
    expect((await failure(applyTree(root, await planTree(root, tree()), writing)))?.cause).toBe(cause);
    const renaming: TreeFs = { ...fs, rename: async () => Promise.reject(cause) };
    expect((await failure(applyTree(root, await planTree(root, tree()), renaming)))?.cause).toBe(cause);
    const removing: TreeFs = {
      ...fs,
      rm: (async (path: string, options?: Parameters<typeof fs.rm>[1]) =>
        String(path).endsWith('.yaml') ? Promise.reject(cause) : fs.rm(path, options)) as typeof fs.rm,
    };
    const removals = (await planTree(root, tree())).filter((change) => change.kind === 'remove');
    expect((await failure(applyTree(root, removals, removing)))?.cause).toBe(cause);
  });

  it('a rename that fails after several names each file already replaced, comma-separated', async () => {
    const files = new Map([...tree(), ['overlays/qa/z.yaml', `${banner}z\n`]]);
    let renames = 0;
    const failing: TreeFs = {
      ...fs,
      rename: async (...args: Parameters<typeof fs.rename>) => {
        renames += 1;
        if (renames === 3) throw errno('EXDEV');
        return fs.rename(...args);
      },
    };
    expect((await failure(applyTree(root, await planTree(root, files), failing)))?.message).toBe(
      'cannot move the new overlays/qa/z.yaml into place (EXDEV): 2 file(s) were already replaced (base/a.yaml, overlays/qa/kustomization.yaml); fix the cause and run generate again',
    );
  });

  it('a stale file already gone when it is removed is no error', async () => {
    const removals = (await planTree(root, tree())).filter((change) => change.kind === 'remove');
    await rm(join(root, 'argocd/old-app.yaml'));
    await applyTree(root, removals);
    expect(await listAll()).not.toContain('overlays/gone/');
  });

  it('never removes a top-level folder a removal leaves empty, outside the generated areas too', async () => {
    await put('docs/only/x.yaml', `${banner}x\n`);
    await put('notes/y.yaml', `${banner}y\n`);
    await applyTree(root, [
      { path: 'docs/only/x.yaml', kind: 'remove', before: `${banner}x\n` },
      { path: 'notes/y.yaml', kind: 'remove', before: `${banner}y\n` },
    ]);
    const left = await listAll();
    expect(left).toContain('notes/');
    expect(left).toContain('docs/');
    expect(left).not.toContain('docs/only/');
  });

  it('a failed write of a non-errno error names the error itself', async () => {
    // Something other than an Error, as a plain callback library may reject with.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const failing: TreeFs = { ...fs, writeFile: async () => Promise.reject('plain failure') };
    expect((await failure(applyTree(root, await planTree(root, tree()), failing)))?.message).toMatch(
      /^cannot write base\/a\.yaml \(plain failure\): nothing was changed/,
    );
  });
});

describe('writeFailureReason', () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
  afterEach(() => {
    statfsAnswer.value = undefined;
  });

  it.each([
    ['ENOSPC', 'ENOSPC: no space left on the device; free some space (df -h) or inodes (df -i)'],
    ['EDQUOT', 'EDQUOT: your disk quota is used up; free some space or ask for a larger quota'],
    ['EACCES', 'EACCES'],
    ['ENOENT', 'ENOENT'],
  ])('%s on a file system with room', async (code, expected) => {
    expect(await writeFailureReason(errno(code), root)).toBe(expected);
  });

  it('says out of inodes for an ENOENT or a codeless error when statfs shows no free inode, and keeps any other code', async () => {
    statfsAnswer.value = { ffree: 0, bavail: 100 };
    expect(await writeFailureReason(errno('ENOENT'), root)).toBe(
      'ENOENT: the file system is out of inodes (df -i shows 0 free); remove files to free some',
    );
    expect(await writeFailureReason(new Error('cannot create\ndetail'), root)).toBe(
      'error: the file system is out of inodes (df -i shows 0 free); remove files to free some',
    );
    expect(await writeFailureReason(errno('EACCES'), root)).toBe('EACCES');
    expect(await writeFailureReason(errno('ENOSPC'), root)).toBe(
      'ENOSPC: no space left on the device; free some space (df -h) or inodes (df -i)',
    );
  });

  it('says no space left for an ENOENT or a codeless error when statfs shows no free block', async () => {
    statfsAnswer.value = { ffree: 7, bavail: 0 };
    expect(await writeFailureReason(errno('ENOENT'), root)).toBe('ENOENT: no space left on the device (df -h); free some space');
    expect(await writeFailureReason(new Error('cannot create'), root)).toBe('error: no space left on the device (df -h); free some space');
    expect(await writeFailureReason(errno('EPERM'), root)).toBe('EPERM');
  });
});
