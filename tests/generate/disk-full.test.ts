/**
 * Issue 23, attack 11: a full disk, a used-up quota or a file system out of inodes is one short line
 * that says so, not "ENOENT" (what Node's recursive mkdir reports when no inode is left).
 */
import { execaSync } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFailureReason } from '../../tools/src/generate/disk-full.js';
import { COPIED } from './repo-copy.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('writeFailureReason', () => {
  it.each([
    ['ENOSPC', /^ENOSPC: no space left on the device; free some space \(df -h\) or inodes \(df -i\)$/],
    ['EDQUOT', /^EDQUOT: your disk quota is used up/],
    ['EACCES', /^EACCES$/],
    ['ENOENT', /^ENOENT$/],
  ])('%s on a file system with room', async (code, expected) => {
    expect(await writeFailureReason(errno(code), tmpdir())).toMatch(expected);
  });
});

/** A 4 MiB tmpfs with 200 inodes, when this machine lets the test mount one (root, no container policy against it). */
function tinyFileSystem(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'consul-gitops-tiny-'));
  try {
    execaSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,nr_inodes=200', 'tmpfs', dir]);
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const tiny = tinyFileSystem();
afterAll(() => {
  if (!tiny) return;
  execaSync('umount', [tiny]);
  rmSync(tiny, { recursive: true, force: true });
});

describe.skipIf(!tiny)('generate on a file system out of inodes', () => {
  beforeAll(() => {
    for (const path of COPIED) cpSync(join(REPO_ROOT, path), join(tiny!, path), { recursive: true });
    rmSync(join(tiny!, 'overlays/dev'), { recursive: true });
    mkdirSync(join(tiny!, 'fill'));
    for (let index = 0; ; index++) {
      try {
        writeFileSync(join(tiny!, 'fill', String(index)), '');
      } catch {
        break;
      }
    }
  });

  it('says the file system is out of inodes, in one short line, exit 2', () => {
    const result = execaSync('node', [CLI, 'generate'], { cwd: tiny!, reject: false, env: { CI: 'true' } });
    expect(result.exitCode).toBe(2);
    const stderr = String(result.stderr);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr.length).toBeLessThan(400);
    expect(stderr).toMatch(
      /^consul-gitops: cannot take \.consul-gitops\/generate\.lock \(ENOENT: the file system is out of inodes \(df -i shows 0 free\)/,
    );
  });
});
