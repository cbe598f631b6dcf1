/** `render` in process (tools/src/pipeline/render.ts): one kustomization built as kustomize builds it, inside the boundary. */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../tools/src/pipeline/render.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { configMap, FILE_KUSTOMIZE, kustomization, tempRepo, under } from '../helpers/pipeline-repo.js';

let root: string;

beforeAll(async () => {
  root = await tempRepo({
    'environments.yaml': 'not: [a valid spec\n',
    ...under('overlays/a', kustomization(configMap('a'))),
    ...under('overlays/out', { 'kustomization.yaml': 'resources:\n  - ../../../elsewhere\n', 'rendered.yaml': configMap('never') }),
  });
});

afterAll(() => rm(root, { recursive: true }));

describe('render', () => {
  it('prints the render of a folder given from the repository root or from inside it', async () => {
    expect(await render('overlays/a', { cwd: root, kustomize: FILE_KUSTOMIZE })).toBe(configMap('a'));
    expect(await render('.', { cwd: join(root, 'overlays/a'), kustomize: FILE_KUSTOMIZE })).toBe(configMap('a'));
  });

  it('refuses a folder without a kustomization', async () => {
    await expect(render('overlays', { cwd: root, kustomize: FILE_KUSTOMIZE })).rejects.toThrow(/no kustomization\.yaml in it/);
  });

  it('refuses to build a tree that leaves the repository, naming the reference', async () => {
    await expect(render('overlays/out', { cwd: root, kustomize: FILE_KUSTOMIZE })).rejects.toThrow(
      /^kustomize build overlays\/out refused \(kustomize-boundary\): overlays\/out\/kustomization\.yaml:2: /,
    );
  });

  it("builds a remote base the spec's remoteBases allows", async () => {
    const spec = await readFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), 'utf8');
    const remote = {
      'kustomization.yaml': 'resources:\n  - https://github.com/example-org/base?ref=abc123\n',
      'rendered.yaml': configMap('r'),
    };
    const allowed = await tempRepo({
      'environments.yaml': `${spec}remoteBases:\n  - https://github.com/example-org/\n`,
      ...under('overlays/r', remote),
    });
    try {
      expect(await render('overlays/r', { cwd: allowed, kustomize: FILE_KUSTOMIZE })).toBe(configMap('r'));
    } finally {
      await rm(allowed, { recursive: true });
    }
  });
});
