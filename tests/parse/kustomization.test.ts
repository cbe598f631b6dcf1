/** parse/kustomization.ts: the one reader of kustomization files, on real folders, and the patch lines it lets findings name. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../../tools/src/index.js';
import { kustomizationFileIn, readKustomization, readKustomizationSync } from '../../tools/src/parse/kustomization.js';

const scratch = mkdtempSync(join(tmpdir(), 'consul-gitops-kustomization-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const cases = [
  ['kustomization.yaml', folder('yaml', { 'kustomization.yaml': 'resources:\n  - a.yaml\n' }), 'kustomization.yaml'],
  ['kustomization.yml', folder('yml', { 'kustomization.yml': 'resources:\n  - a.yaml\n' }), 'kustomization.yml'],
  ['Kustomization', folder('bare', { Kustomization: 'resources:\n  - a.yaml\n' }), 'Kustomization'],
  ['kustomization.yaml before kustomization.yml (kustomize order)', folder('both', { 'kustomization.yml': 'x: 1\n', 'kustomization.yaml': 'resources:\n  - a.yaml\n' }), 'kustomization.yaml'],
] as const;

describe('the kustomization file of a directory', () => {
  it.each(cases)('finds %s', async (_name, dir, file) => {
    expect(await kustomizationFileIn(dir)).toBe(file);
    const read = await readKustomization(dir, 'overlays/x');
    expect(read).toEqual({ path: `overlays/x/${file}`, content: { resources: ['a.yaml'] }, lines: { resources: 1, 'resources/0': 2 } });
    expect(readKustomizationSync(dir, 'overlays/x')).toEqual(read);
  });

  it.each([
    ['none: no kustomization file', folder('empty', { 'a.yaml': 'kind: ConfigMap\n' }), 'none'],
    ['none: a folder named kustomization.yaml is not a file', folder('dir-named/kustomization.yaml', {}).replace(/\/kustomization\.yaml$/, ''), 'none'],
    ['unreadable: invalid YAML', folder('invalid', { 'kustomization.yaml': 'resources: [\n' }), 'unreadable'],
    ['unreadable: a list, not a mapping', folder('list', { 'kustomization.yaml': '- a\n' }), 'unreadable'],
  ])('%s', async (_name, dir, expected) => {
    expect(await readKustomization(dir, '.')).toBe(expected);
    expect(readKustomizationSync(dir, '.')).toBe(expected);
  });

  it('names the file alone for the repository root', async () => {
    expect(await readKustomization(cases[0][1], '.')).toMatchObject({ path: 'kustomization.yaml' });
  });
});

describe('findings in an overlay patch', () => {
  it('name the patch file the overlay kustomization lists, at the line that sets the field', async () => {
    const root = join(scratch, 'repo');
    folder('repo/base', {
      'kustomization.yaml': 'resources:\n  - web.yaml\n',
      'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n',
    });
    const overlay = folder('repo/overlay', {
      'kustomization.yml': 'resources:\n  - ../base\npatches:\n  - path: web-image.yaml\n',
      'web-image.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n',
    });
    const result = await validate({ repoRoot: root, dirs: [overlay], rules: 'kubernetes' });
    const pinned = result.overlays[0]?.findings.filter((finding) => finding.rule === 'image-pinned') ?? [];
    expect(pinned.map((finding) => [finding.path, finding.origin])).toEqual([['/spec/template/spec/containers/0/image', { file: 'overlay/web-image.yaml', line: 10 }]]);
  });
});
