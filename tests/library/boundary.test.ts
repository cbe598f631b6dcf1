/** The trust boundary (tools/src/boundary.ts) on temporary folders with real symbolic links. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInsideRepository, isWithin, linksOnPath } from '../../tools/src/boundary.js';
import { EnvironmentError } from '../../tools/src/model/errors.js';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'consul-gitops-boundary-'));
  root = join(base, 'repo');
  outside = join(base, 'elsewhere');
  mkdirSync(join(root, 'overlays/prod'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'file.txt'), 'x');
  symlinkSync(outside, join(root, 'out'));
  symlinkSync('overlays', join(root, 'in'));
  symlinkSync(join(base, 'missing'), join(root, 'dangling'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('isWithin', () => {
  it.each([
    ['/repo', '/repo', true],
    ['/repo', '/repo/a/b', true],
    ['/repo', '/repo/..a', true],
    ['/repo', '/repository', false],
    ['/repo', '/', false],
    ['/repo/a', '/repo', false],
    ['/repo', '/other/x', false],
  ])('%s holds %s: %s', (parent, path, expected) => {
    expect(isWithin(parent, path)).toBe(expected);
  });
});

describe('linksOnPath', () => {
  it('finds no link on a plain path, nor on one that does not exist', () => {
    expect(linksOnPath(root, 'overlays/prod')).toEqual([]);
    expect(linksOnPath(root, 'overlays/nope/deeper')).toEqual([]);
    expect(linksOnPath(root, 'file.txt/below')).toEqual([]);
    expect(linksOnPath(root, '')).toEqual([]);
  });

  it('names a link that leaves the root, with its target', () => {
    expect(linksOnPath(root, 'out/x/y')).toEqual([{ link: 'out', target: outside, leaves: true }]);
  });

  it('names a link inside the root as not leaving, and goes on through it', () => {
    expect(linksOnPath(root, './in//prod')).toEqual([{ link: 'in', target: 'overlays', leaves: false }]);
    expect(linksOnPath(root, 'in\\prod')).toEqual([{ link: 'in', target: 'overlays', leaves: false }]);
  });

  it('treats a dangling link as leaving', () => {
    expect(linksOnPath(root, 'dangling/file')).toEqual([{ link: 'dangling', target: join(base, 'missing'), leaves: true }]);
  });

  it('works from a root that is itself reached through a link', () => {
    const linkedRoot = join(base, 'linked-root');
    symlinkSync(root, linkedRoot);
    expect(linksOnPath(linkedRoot, 'in/prod')).toEqual([{ link: 'in', target: 'overlays', leaves: false }]);
    expect(linksOnPath(linkedRoot, 'out')).toEqual([{ link: 'out', target: outside, leaves: true }]);
  });

  it('reads a root that does not exist as having no links', () => {
    expect(linksOnPath(join(base, 'no-such-root'), 'a/b')).toEqual([]);
  });

  it('throws what is not a missing path', () => {
    expect(() => linksOnPath(root, `${'x'.repeat(300)}/y`)).toThrow(/ENAMETOOLONG/);
  });
});

describe('assertInsideRepository', () => {
  it('lets a path through that stays inside', () => {
    expect(() => assertInsideRepository(root, 'overlays/prod/kustomization.yaml', 'generate')).not.toThrow();
    expect(() => assertInsideRepository(root, 'in/prod', 'generate')).not.toThrow();
  });

  it('refuses a link that leaves, naming it, its target and what was at stake', () => {
    expect(() => assertInsideRepository(root, 'out/file', 'generate')).toThrow(
      new EnvironmentError(
        `out: is a symbolic link to ${outside}, outside the repository: generate never follows it; nothing was changed. Remove the link (git rm out) and run again`,
      ),
    );
  });

  it('refuses any link with noLinks', () => {
    expect(() => assertInsideRepository(root, 'in/prod', 'the lock', { noLinks: true })).toThrow(
      'in: is a symbolic link to overlays, a symbolic link, which this folder never is: the lock never follows it',
    );
  });
});
