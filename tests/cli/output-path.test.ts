/** The checks of --output before a run (tools/src/cli/output-path.ts), on temporary folders. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputPath } from '../../tools/src/cli/output-path.js';
import { UsageError } from '../../tools/src/model/errors.js';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'consul-gitops-output-'));
  root = join(base, 'repo');
  outside = join(base, 'elsewhere');
  mkdirSync(join(root, 'reports'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'file.txt'), 'x');
  writeFileSync(join(root, 'reports/old.txt'), 'x');
  writeFileSync(join(outside, 'target.txt'), 'x');
  symlinkSync(outside, join(root, 'out'));
  symlinkSync(join(root, 'reports/old.txt'), join(root, 'link.txt'));
  symlinkSync('reports', join(root, 'in'));
  mkdirSync(join(root, 'locked'));
  chmodSync(join(root, 'locked'), 0o500);
  writeFileSync(join(root, 'readonly.txt'), 'x');
  chmodSync(join(root, 'readonly.txt'), 0o400);
});

afterAll(() => {
  chmodSync(join(root, 'locked'), 0o700);
  rmSync(base, { recursive: true, force: true });
});

const asRoot = process.getuid?.() === 0;

describe('outputPath', () => {
  it('resolves a new or existing file in an existing folder', () => {
    expect(outputPath(root, 'report.txt')).toBe(join(root, 'report.txt'));
    expect(outputPath(root, 'reports/old.txt')).toBe(join(root, 'reports/old.txt'));
    expect(outputPath(root, join(outside, 'abs.txt'))).toBe(join(outside, 'abs.txt'));
  });

  it('goes through a link that stays inside the repository', () => {
    expect(outputPath(root, 'in/new.txt')).toBe(join(root, 'in/new.txt'));
  });

  it('refuses a folder, suggesting a file in it', () => {
    expect(() => outputPath(root, 'reports/')).toThrow(
      new UsageError('--output reports/: is a folder; name a file, for example reports/report.txt'),
    );
  });

  it('refuses a missing folder unless it may create folders', () => {
    const folder = join(root, 'a/b');
    expect(() => outputPath(root, 'a/b/r.txt')).toThrow(
      new UsageError(`--output a/b/r.txt: the folder ${folder} does not exist; create it first (mkdir -p ${folder}) or write elsewhere`),
    );
    expect(outputPath(root, 'a/b/r.txt', { createFolders: true })).toBe(join(root, 'a/b/r.txt'));
  });

  it('refuses a folder that is a file, even when it may create folders', () => {
    expect(() => outputPath(root, 'file.txt/r.txt')).toThrow(
      new UsageError(`--output file.txt/r.txt: ${join(root, 'file.txt')} is not a folder`),
    );
    expect(() => outputPath(root, 'file.txt/x/r.txt', { createFolders: true })).toThrow(`${join(root, 'file.txt')} is not a folder`);
  });

  it.skipIf(asRoot)('refuses a folder or file that cannot be written', () => {
    expect(() => outputPath(root, 'locked/r.txt')).toThrow(
      new UsageError(`--output locked/r.txt: ${join(root, 'locked')} is not writable`),
    );
    expect(() => outputPath(root, 'readonly.txt')).toThrow(
      new UsageError(`--output readonly.txt: ${join(root, 'readonly.txt')} is not writable`),
    );
  });

  it('refuses a link on the way that leaves the repository', () => {
    expect(() => outputPath(root, 'out/target.txt')).toThrow(
      new UsageError(
        `--output out/target.txt: out is a symbolic link to ${outside}, outside the repository; a report is never written through a link: remove it (git rm out) or write elsewhere`,
      ),
    );
  });

  it('refuses a link at the path itself, even one inside the repository', () => {
    expect(() => outputPath(root, 'link.txt')).toThrow(
      new UsageError(
        `--output link.txt: link.txt is a symbolic link to ${join(root, 'reports/old.txt')}; a report is never written through a link: remove it (git rm link.txt) or write elsewhere`,
      ),
    );
  });
});
