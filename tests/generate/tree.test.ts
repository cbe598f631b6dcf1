/** planTree and applyTree on real temporary folders; an injected writeFile stands in for a full disk. */
import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import { GENERATED_BANNER } from '../../tools/src/generate/serialize.js';
import { planTree, type TreeFs } from '../../tools/src/generate/tree.js';
import { applyTree } from '../../tools/src/generate/write.js';

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
