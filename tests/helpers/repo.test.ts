/** The render cache the rule fixtures are built through (tests/helpers/repo.ts): keyed by every input, and true to kustomize. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKey, renderYaml } from './repo.js';
import { RULE_FIXTURES as FIXTURES } from './rule-fixtures.js';

describe('the render cache the rule fixtures are built through (tests/helpers/repo.ts)', () => {
  const files = {
    'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
    'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n',
    'app/kustomization.yaml': 'resources:\n  - ../base\n',
  };
  const tree = async (extra: Record<string, string> = {}): Promise<string> => {
    const root = await mkdtemp(join(tmpdir(), 'consul-gitops-render-key-'));
    for (const [path, text] of Object.entries({ ...files, ...extra })) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return root;
  };

  it('keys a build by the binary and every file of every folder it reaches: the same inputs anywhere, the same key', async () => {
    const kustomize = await resolveKustomize({ env: {} });
    const [one, copy, other] = await Promise.all([tree(), tree(), tree({ 'base/cm.yaml': files['base/cm.yaml'].replace('k: v', 'k: w') })]);
    try {
      const key = await renderKey(kustomize, join(one, 'app'), one);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(await renderKey(kustomize, join(one, 'app'), one)).toBe(key);
      expect(await renderKey(kustomize, join(copy, 'app'), copy)).toBe(key);
      // a file of a reached folder, a file of the built folder, the binary's version
      expect(await renderKey(kustomize, join(other, 'app'), other)).not.toBe(key);
      await writeFile(join(one, 'app/patch.yaml'), 'kind: ConfigMap\n');
      expect(await renderKey(kustomize, join(one, 'app'), one)).not.toBe(key);
      expect(await renderKey({ ...kustomize, version: 'v0.0.0' }, join(copy, 'app'), copy)).not.toBe(key);
    } finally {
      await Promise.all([one, copy, other].map((root) => rm(root, { recursive: true, force: true })));
    }
  });

  it.each([
    ['a remote base', { 'app/kustomization.yaml': 'resources:\n  - ../base\n  - https://github.com/org/repo//base?ref=v1\n' }, 'app'],
    ['a reference out of the repository', { 'app/kustomization.yaml': 'resources:\n  - ../../elsewhere\n' }, 'app'],
    ['a folder without a kustomization', {}, 'base/none'],
  ])('gives no key for %s: that build always runs', async (_name, extra, dir) => {
    const kustomize = await resolveKustomize({ env: {} });
    const root = await tree(extra);
    try {
      await mkdir(join(root, 'base/none'), { recursive: true });
      expect(await renderKey(kustomize, join(root, dir), root)).toBeUndefined();
      expect(await renderKey(kustomize, join(root, 'app'), join(root, 'base'))).toBeUndefined(); // a folder outside the root
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a render from the cache is the render kustomize gives', async () => {
    const dir = join(FIXTURES, 'pdb-max-unavailable/fail');
    const cached = await renderYaml(dir);
    const previous = process.env.CONSUL_GITOPS_TEST_RENDER_CACHE;
    process.env.CONSUL_GITOPS_TEST_RENDER_CACHE = 'off';
    try {
      expect(await renderYaml(dir)).toBe(cached);
    } finally {
      if (previous === undefined) delete process.env.CONSUL_GITOPS_TEST_RENDER_CACHE;
      else process.env.CONSUL_GITOPS_TEST_RENDER_CACHE = previous;
    }
  });
});
