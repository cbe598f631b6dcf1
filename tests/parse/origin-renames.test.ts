/** The origin index entry by entry: which resources and transformers it reads, and how each rename is undone. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { originIndex } from '../../tools/src/parse/origin-index.js';
import { SourceIndex } from '../../tools/src/parse/origin.js';

const root = mkdtempSync(join(tmpdir(), 'consul-gitops-renames-'));
const write = (path: string, text: string): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
write('k/a.yaml', configMap('a'));
write('k/team-git@x.yaml', configMap('g'));
write('k/mirror/github.com/b.yaml', configMap('b'));
write('k/t.yaml', 'apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: t}\nprefix: p-\nsuffix: -sfx\n');
write('k/v.yaml', 'apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: v}\nprefix: v-\n');
write('k/w.yaml', 'apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: w}\nsuffix: -w\n');
write('k/u.yaml', 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: u}\nprefix: z-\n');
write('k/empty.yaml', '');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TREE = [
  {
    path: 'k/kustomization.yaml',
    content: {
      nameSuffix: '-sfx',
      resources: ['a.yaml', 'team-git@x.yaml', 'mirror/github.com/b.yaml', 'missing.yaml', 5, 'https://github.com/x'],
      transformers: ['t.yaml', 'v.yaml', 'w.yaml', 'u.yaml', 'empty.yaml', 'missing-t.yaml', 'github.com/remote.yaml'],
    },
  },
];
const origins = () => originIndex(TREE, root, new SourceIndex(root));

describe('originIndex, entry by entry', () => {
  it('local files whose path holds git@ or github.com/ after its start are files, not remote bases', async () => {
    const at = origins();
    expect(await at('ConfigMap', 'a')).toBe('k/a.yaml');
    expect(await at('ConfigMap', 'g')).toBe('k/team-git@x.yaml');
    expect(await at('ConfigMap', 'b')).toBe('k/mirror/github.com/b.yaml');
  });

  it('each rename undone: nameSuffix alone, a transformer with both, with a prefix only, with a suffix only', async () => {
    const at = origins();
    expect(await at('ConfigMap', 'a-sfx')).toBe('k/a.yaml');
    // nameSuffix takes off -sfx and finds no p-a; the transformer's p- and -sfx find a
    expect(await at('ConfigMap', 'p-a-sfx')).toBe('k/a.yaml');
    expect(await at('ConfigMap', 'v-a')).toBe('k/a.yaml');
    expect(await at('ConfigMap', 'a-w')).toBe('k/a.yaml');
  });

  it('a rename applies only to names with both its prefix and its suffix; other transformer kinds rename nothing', async () => {
    const at = origins();
    expect(await at('ConfigMap', 'p-a-x')).toBeUndefined();
    expect(await at('ConfigMap', 'z-a')).toBeUndefined();
  });
});
