/** parse/kustomization.ts: the one reader of kustomization files, on real folders (no kustomize build: a quick test). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
  [
    'kustomization.yaml before kustomization.yml (kustomize order)',
    folder('both', { 'kustomization.yml': 'x: 1\n', 'kustomization.yaml': 'resources:\n  - a.yaml\n' }),
    'kustomization.yaml',
  ],
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
    [
      'none: a folder named kustomization.yaml is not a file',
      folder('dir-named/kustomization.yaml', {}).replace(/\/kustomization\.yaml$/, ''),
      'none',
    ],
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
