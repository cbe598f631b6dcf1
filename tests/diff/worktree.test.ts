/**
 * The git edge of diff, in a throwaway repository: the checkout a command runs in, the commit a ref names, and the
 * temporary worktree of the base side, removed however the task ends, with the leftovers of a killed run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitCheckoutOf, resolveCommit, withWorktree } from '../../tools/src/diff/worktree.js';
import { EnvironmentError, UsageError } from '../../tools/src/model/errors.js';

let root: string;
let first: string;
/** git refuses a checkout owned by another user only where no global safe.directory trusts it, and only root can hand it over. */
const canProvokeDubiousOwnership =
  process.getuid?.() === 0 &&
  spawnSync('git', ['config', '--global', '--get-all', 'safe.directory'], { encoding: 'utf8' }).stdout.trim() === '';
const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const records = (): string => join(root, '.git', 'consul-gitops-diff');
const worktrees = (): string[] =>
  git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '));

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'consul-gitops-worktree-')));
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  writeFileSync(join(root, 'file.txt'), 'one\n');
  git('add', 'file.txt');
  git('commit', '-qm', 'one');
  first = git('rev-parse', 'HEAD');
  writeFileSync(join(root, 'file.txt'), 'two\n');
  git('commit', '-qam', 'two');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('gitCheckoutOf', () => {
  it('names the top level, and the folder the command runs in relative to it', async () => {
    expect(await gitCheckoutOf(root)).toEqual({ root, prefix: '' });
    mkdirSync(join(root, 'overlays/prod'), { recursive: true });
    expect(await gitCheckoutOf(join(root, 'overlays/prod'))).toEqual({ root, prefix: 'overlays/prod' });
  });

  it('outside a repository: an environment error that says diff needs a clone', async () => {
    rmSync(join(root, '.git'), { recursive: true });
    const failure = gitCheckoutOf(root);
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(`${root} is not inside a git repository: diff compares against a git ref, run it in a clone`);
  });
});

describe('gitCheckoutOf and ownership', () => {
  it.skipIf(!canProvokeDubiousOwnership)(
    'a checkout owned by another user: the safe.directory command for it, not "no repository"',
    async () => {
      mkdirSync(join(root, 'overlays'));
      for (const path of [root, join(root, '.git')]) chownSync(path, 65534, 65534);
      // run in a subfolder: the command names the repository git refuses, not the folder the command ran in
      const failure = gitCheckoutOf(join(root, 'overlays'));
      await expect(failure).rejects.toThrow(EnvironmentError);
      await expect(failure).rejects.toThrow(
        `${root} is a git repository owned by another user, and git refuses it ("dubious ownership"): if you trust it, run \`git config --global --add safe.directory ${root}\` and run again`,
      );
    },
  );
});

describe('resolveCommit', () => {
  it('the full commit a ref names', async () => {
    expect(await resolveCommit(root, 'HEAD~1')).toBe(first);
    expect(await resolveCommit(root, 'HEAD')).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each([
    { behaviour: 'an unknown ref', ref: 'no-such-branch' },
    { behaviour: 'a ref to a tree, not a commit', ref: 'HEAD^{tree}' },
  ])('$behaviour is a usage error that says how to fetch it', async ({ ref }) => {
    const failure = resolveCommit(root, ref);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(
      `--base ${ref}: no such commit in this clone. Fetch it first (in CI: actions/checkout with fetch-depth: 0, or git fetch origin <branch>)`,
    );
  });
});

describe('withWorktree', () => {
  it('runs the task in a checkout of the commit under the temporary folder, returns its result, and removes the worktree', async () => {
    let seen = '';
    const result = await withWorktree(root, first, async (dir) => {
      seen = dir;
      expect(basename(dir)).toBe('base');
      expect(basename(dirname(dir))).toMatch(new RegExp(`^consul-gitops-diff-${process.pid}-[0-9a-f]{8}$`));
      expect(dirname(dirname(dir))).toBe(tmpdir());
      // the temporary folder is the user's alone
      expect(statSync(dirname(dir)).mode & 0o777).toBe(0o700);
      // the run is recorded while it lasts, with its folder
      expect(JSON.parse(await readFile(join(records(), `${process.pid}.json`), 'utf8'))).toMatchObject({
        pid: process.pid,
        folder: dirname(dir),
      });
      expect(worktrees()).toHaveLength(2);
      return readFile(join(dir, 'file.txt'), 'utf8');
    });
    expect(result).toBe('one\n');
    expect(existsSync(dirname(seen))).toBe(false);
    expect(existsSync(join(records(), `${process.pid}.json`))).toBe(false);
    expect(worktrees()).toEqual([`worktree ${root}`]);
  });

  it('removes the worktree when the task fails, and passes the failure on', async () => {
    let seen = '';
    await expect(
      withWorktree(root, first, (dir) => {
        seen = dir;
        return Promise.reject(new Error('task failed'));
      }),
    ).rejects.toThrow('task failed');
    expect(existsSync(dirname(seen))).toBe(false);
    expect(worktrees()).toEqual([`worktree ${root}`]);
    expect(readdirSync(records())).toEqual([]);
  });

  it("a commit git cannot check out is an environment error with git's first line, and leaves nothing behind", async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith(`consul-gitops-diff-${process.pid}-`));
    const failure = withWorktree(root, '0'.repeat(40), () => Promise.resolve('never'));
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(/^git worktree add failed: fatal: /);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`consul-gitops-diff-${process.pid}-`))).toEqual(before);
    expect(readdirSync(records())).toEqual([]);
  });

  it('a record folder that cannot be made is an environment error that names it, and nothing is left behind', async () => {
    writeFileSync(records(), 'a file where the records folder goes');
    const failure = withWorktree(root, first, () => Promise.resolve('never'));
    await expect(failure).rejects.toThrow(EnvironmentError);
    await expect(failure).rejects.toThrow(
      `cannot prepare the temporary worktree (EEXIST): check that ${tmpdir()} and ${records()} are writable`,
    );
    expect(worktrees()).toEqual([`worktree ${root}`]);
  });

  it('a worktree folder that cannot be made is an environment error, and the run record written before it is removed', async () => {
    const missing = join(tmpdir(), `consul-gitops-no-tmp-${process.pid}`);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = missing;
    try {
      const failure = withWorktree(root, first, () => Promise.resolve('never'));
      await expect(failure).rejects.toThrow(EnvironmentError);
      await expect(failure).rejects.toThrow(
        `cannot prepare the temporary worktree (ENOENT): check that ${missing} and ${records()} are writable`,
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(existsSync(join(records(), `${process.pid}.json`))).toBe(false);
    expect(worktrees()).toEqual([`worktree ${root}`]);
  });

  it('removes a stale worktree without a note callback too', async () => {
    const dead = 99_999_995;
    const stale = join(tmpdir(), `consul-gitops-diff-${dead}-0000abce`);
    mkdirSync(records(), { recursive: true });
    mkdirSync(stale, { recursive: true }); // a run killed mid-test may have left it
    writeFileSync(join(records(), `${dead}.json`), JSON.stringify({ pid: dead, folder: stale }));
    expect(await withWorktree(root, first, () => Promise.resolve('done'))).toBe('done');
    expect(existsSync(stale)).toBe(false);
  });

  it('first removes the worktree and folder of a run that no longer runs, and says so; a running one and a foreign folder stay', async () => {
    const dead = 99_999_999;
    const stale = join(tmpdir(), `consul-gitops-diff-${dead}-0000abcd`);
    const foreign = mkdtempSync(join(tmpdir(), 'not-ours-'));
    mkdirSync(records(), { recursive: true });
    git('worktree', 'add', '--detach', '--quiet', join(stale, 'base'), first);
    writeFileSync(join(records(), `${dead}.json`), JSON.stringify({ pid: dead, folder: stale }));
    // a record of a process that runs (this test's parent) is left alone
    writeFileSync(join(records(), `${process.ppid}.json`), JSON.stringify({ pid: process.ppid, folder: stale }));
    // a record naming a folder this tool did not make is dropped without touching the folder; so is a torn record
    writeFileSync(join(records(), '99999998.json'), JSON.stringify({ pid: 99_999_998, folder: foreign }));
    writeFileSync(join(records(), 'torn.json'), '{"pid": 1');
    // nor a folder that is not a string, a relative one, or a record without a valid process id
    writeFileSync(join(records(), '99999997.json'), JSON.stringify({ pid: 99_999_997, folder: 7 }));
    writeFileSync(join(records(), '99999996.json'), JSON.stringify({ pid: 99_999_996, folder: 'consul-gitops-diff-99999996-0000abcd' }));
    writeFileSync(join(records(), 'no-pid.json'), JSON.stringify({ pid: 0, folder: stale }));
    writeFileSync(join(records(), 'notes.txt'), 'not a record');
    const notes: string[] = [];
    try {
      await withWorktree(root, first, () => Promise.resolve(), { note: (line) => notes.push(line) });
      expect(notes).toEqual([`removed the worktree ${join(stale, 'base')} left by an interrupted diff (PID ${dead})`]);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(foreign)).toBe(true);
      expect(readdirSync(records()).sort()).toEqual([`${process.ppid}.json`, 'notes.txt']);
      expect(worktrees()).toEqual([`worktree ${root}`]);
    } finally {
      rmSync(foreign, { recursive: true, force: true });
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
