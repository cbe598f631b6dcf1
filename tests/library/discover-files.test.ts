/** The -f inputs of files mode (tools/src/discover-files.ts), read from temporary folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifestInputs } from '../../tools/src/discover-files.js';
import { UsageError } from '../../tools/src/model/errors.js';

let root: string;
const noStdin = (): Promise<string> => Promise.reject(new Error('stdin is not read here'));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'consul-gitops-files-'));
  const files: Record<string, string> = {
    'm/b.yaml': 'b',
    'm/a.YML': 'a',
    'm/c.json': 'c',
    'm/notes.txt': 'not a manifest',
    'm/yaml': 'no extension',
    'm/a/z.yaml': 'nested',
    'm/.hidden.yaml': 'hidden file',
    'm/.git/config.yaml': 'hidden folder',
    'm/sub/.cache/x.yaml': 'hidden folder below',
    'm/x.yaml.bak': 'a backup',
    'one.yaml': 'one',
    'docs/README.md': 'no manifest here',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readManifestInputs', () => {
  it('walks a folder for *.yaml, *.yml and *.json in depth-first order, leaving hidden entries out', async () => {
    expect(await readManifestInputs(root, ['m'], noStdin)).toEqual([
      {
        path: 'm',
        files: [
          { path: 'm/a/z.yaml', text: 'nested' },
          { path: 'm/a.YML', text: 'a' },
          { path: 'm/b.yaml', text: 'b' },
          { path: 'm/c.json', text: 'c' },
        ],
      },
    ]);
  });

  it('reads a file as given, whatever its name, one input per argument in order', async () => {
    expect(await readManifestInputs(root, ['one.yaml', 'm/notes.txt'], noStdin)).toEqual([
      { path: 'one.yaml', files: [{ path: 'one.yaml', text: 'one' }] },
      { path: 'm/notes.txt', files: [{ path: 'm/notes.txt', text: 'not a manifest' }] },
    ]);
  });

  it('reads - from standard input once, as (stdin)', async () => {
    expect(await readManifestInputs(root, ['-', 'one.yaml'], () => Promise.resolve('kind: X'))).toEqual([
      { path: '(stdin)', files: [{ path: '(stdin)', text: 'kind: X' }] },
      { path: 'one.yaml', files: [{ path: 'one.yaml', text: 'one' }] },
    ]);
  });

  it('refuses - twice', async () => {
    await expect(readManifestInputs(root, ['-', '-'], () => Promise.resolve(''))).rejects.toThrow(
      new UsageError('-f - (standard input) can be given only once'),
    );
  });

  it('refuses a missing path, naming it', async () => {
    await expect(readManifestInputs(root, ['nope.yaml'], noStdin)).rejects.toThrow(new UsageError('-f nope.yaml: no such file or folder'));
  });

  it('refuses a folder without manifests', async () => {
    await expect(readManifestInputs(root, ['docs'], noStdin)).rejects.toThrow(
      new UsageError('-f docs: no *.yaml, *.yml or *.json file in this folder'),
    );
  });

  it('refuses a device, which never ends', async () => {
    await expect(readManifestInputs(root, ['/dev/null'], noStdin)).rejects.toThrow(
      new UsageError('-f /dev/null: is not a regular file or folder (a device, FIFO or socket): save the manifests to a file first'),
    );
  });
});
