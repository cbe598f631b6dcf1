/** The unified diff printed by `generate --check`: exact output for typical cases, and GNU patch and git apply apply it. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../tools/src/generate/diff.js';

const lines = (count: number, from = 1): string => Array.from({ length: count }, (_, index) => `line ${index + from}\n`).join('');

describe('unifiedDiff', () => {
  it.each([
    ['equal texts give nothing', 'a\n', 'a\n', ''],
    [
      'a changed line gets 3 lines of context each side',
      lines(10),
      lines(10).replace('line 5\n', 'five\n'),
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7\n line 8\n',
    ],
    ['a created file is all additions from /dev/null', undefined, 'a\nb\n', '--- /dev/null\n+++ b/f.yaml\n@@ -0,0 +1,2 @@\n+a\n+b\n'],
    // jsdiff always prints both counts (`-1,1`); GNU diff and git leave out a count of 1. Both are unified diffs.
    ['a removed file is all removals to /dev/null', 'a\n', undefined, '--- a/f.yaml\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n'],
    ['a created empty file has headers and no hunk', undefined, '', '--- /dev/null\n+++ b/f.yaml\n'],
    ['an added last line', 'a\nb\n', 'a\nb\nc\n', '--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,3 @@\n a\n b\n+c\n'],
    [
      'a missing final newline is marked',
      'a\nb',
      'a\nb\n',
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n',
    ],
    [
      'changes 7 lines apart share one hunk',
      lines(20),
      lines(20).replace('line 3\n', 'x\n').replace('line 10\n', 'y\n'),
      `--- a/f.yaml\n+++ b/f.yaml\n@@ -1,13 +1,13 @@\n line 1\n line 2\n-line 3\n+x\n${lines(6, 4).replace(/^/gm, ' ').trimEnd()}\n-line 10\n+y\n line 11\n line 12\n line 13\n`,
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(unifiedDiff('f.yaml', before, after)).toBe(expected);
  });

  it('changes 8 lines apart get two hunks', () => {
    const diff = unifiedDiff('f.yaml', lines(30), lines(30).replace('line 3\n', 'x\n').replace('line 11\n', 'y\n'));
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -8,7 +8,7 @@']);
  });

  it('git apply takes a changed (no final newline), a created and a removed file in one diff', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-diff-'));
    try {
      await execa('git', ['init', '-q'], { cwd: dir });
      await writeFile(join(dir, 'f.yaml'), 'a\nb');
      await writeFile(join(dir, 'gone.yaml'), 'x\n');
      const diff =
        unifiedDiff('f.yaml', 'a\nb', 'a\nc\n') + unifiedDiff('new.yaml', undefined, 'n\n') + unifiedDiff('gone.yaml', 'x\n', undefined);
      const result = await execa('git', ['apply', '-'], { cwd: dir, input: diff, reject: false });
      expect(result.exitCode, `${String(result.stderr)}\n${diff}`).toBe(0);
      expect(await readFile(join(dir, 'f.yaml'), 'utf8')).toBe('a\nc\n');
      expect(await readFile(join(dir, 'new.yaml'), 'utf8')).toBe('n\n');
      await expect(readFile(join(dir, 'gone.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('GNU patch turns the old text into the new one (random edits)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-diff-'));
    try {
      const text = fc
        .tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'kind: x', ''), { maxLength: 25 }), fc.boolean())
        .map(([items, withoutFinalNewline]) => {
          const joined = items.map((item) => `${item}\n`).join('');
          return withoutFinalNewline ? joined.replace(/\n$/, '') : joined;
        });
      await fc.assert(
        fc.asyncProperty(text, text, async (before, after) => {
          await writeFile(join(dir, 'f.yaml'), before);
          const diff = unifiedDiff('f.yaml', before, after);
          if (diff === '') {
            expect(before).toBe(after);
            return;
          }
          const result = await execa('patch', ['-p1', '--quiet', '--force', '--no-backup-if-mismatch'], {
            cwd: dir,
            input: diff,
            reject: false,
          });
          expect(result.exitCode, `${String(result.stdout)}\n${diff}`).toBe(0);
          expect(await readFile(join(dir, 'f.yaml'), 'utf8')).toBe(after);
        }),
        { numRuns: 60 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
