/**
 * Issue 23, attack 11: diff says which git problem it met. Missing git and a checkout owned by another
 * user (git's "dubious ownership") each get their own line, never "not inside a git repository".
 */
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/repo.js';

let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consul-gitops-git-'));
  await execa('git', ['init', '-q'], { cwd: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function diff(env: NodeJS.ProcessEnv) {
  const result = await execa(process.execPath, [CLI, 'diff', '--base', 'HEAD'], { cwd: dir, reject: false, env: { CI: 'true', ...env } });
  return { code: result.exitCode, stderr: String(result.stderr) };
}

describe('diff and git', () => {
  it('says git is missing when it is not on PATH', async () => {
    const { code, stderr } = await diff({ PATH: '/nonexistent' });
    expect(code).toBe(2);
    expect(stderr).toBe('consul-gitops: git not found on PATH: diff compares against a git ref; install git and run again');
  });

  it.skipIf(process.getuid?.() !== 0)('names safe.directory for a checkout owned by another user', async () => {
    // only root can hand the folder to another user; git refuses it to everyone else then, root included
    for (const path of [dir, join(dir, '.git')]) chownSync(path, 65534, 65534);
    const { code, stderr } = await diff({ GIT_CONFIG_GLOBAL: '/dev/null' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `consul-gitops: ${dir} is a git repository owned by another user, and git refuses it ("dubious ownership"): if you trust it, run \`git config --global --add safe.directory ${dir}\` and run again`,
    );
  });

  it('still says "not inside a git repository" outside one', async () => {
    rmSync(join(dir, '.git'), { recursive: true });
    const { code, stderr } = await diff({ GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not inside a git repository: diff compares against a git ref/);
  });
});
