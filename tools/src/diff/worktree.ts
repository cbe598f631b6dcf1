/** Edge: git. The base side of a diff is a temporary `git worktree`, removed again however the run ends. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError, UsageError } from '../model/errors.js';

/**
 * git processes still running, each the leader of its own process group (`git worktree add` checks
 * out through a child git): a signal handler stops the whole group before it removes what they write.
 */
const running = new Set<number>();

async function git(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const subprocess = execa('git', args, { cwd, reject: false, detached: true });
    const pid = subprocess.pid;
    if (pid !== undefined) running.add(pid);
    const result = await subprocess.finally(() => pid !== undefined && running.delete(pid));
    return { ok: result.exitCode === 0, stdout: String(result.stdout).trim(), stderr: String(result.stderr).trim() };
  } catch (error) {
    throw new EnvironmentError(`git could not run (${(error as Error).message}): install git to use diff`);
  }
}

export interface GitCheckout {
  /** The repository's top level. */
  root: string;
  /** The directory the command runs in, relative to the top level ('' at the top). */
  prefix: string;
}

export async function gitCheckoutOf(cwd: string): Promise<GitCheckout> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new EnvironmentError(`${cwd} is not inside a git repository: diff compares against a git ref, run it in a clone`);
  return { root: top.stdout, prefix: relative(top.stdout, cwd).split('\\').join('/') };
}

/** The commit a ref names, or a UsageError that says how to get it (shallow CI clones lack the base). */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  const result = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!result.ok || !result.stdout) {
    throw new UsageError(`--base ${ref}: no such commit in this clone. Fetch it first (in CI: actions/checkout with fetch-depth: 0, or git fetch origin <branch>)`);
  }
  return result.stdout;
}

/**
 * Check `commit` out into a temporary worktree, run `task` there, and always remove the worktree:
 * after success, after an error, and on Ctrl-C or SIGTERM (synchronously, then exit 130/143).
 */
export async function withWorktree<T>(root: string, commit: string, task: (dir: string) => Promise<T>): Promise<T> {
  const parent = await mkdtemp(join(tmpdir(), 'consul-gitops-diff-'));
  const dir = join(parent, 'base');
  const onSignal = (signal: NodeJS.Signals): void => {
    // A signal during `git worktree add` lands while git is still writing the checkout: stop it first,
    // and let rm retry while the killed process's last writes settle.
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync('git', ['worktree', 'remove', '--force', '--force', dir], { cwd: root, stdio: 'ignore' }); // twice: also while add's lock is held
    try {
      rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch (error) {
      process.stderr.write(`diff: could not remove the temporary worktree ${parent} (${(error as NodeJS.ErrnoException).code ?? 'error'}): delete it and run \`git worktree prune\`\n`);
    }
    spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const added = await git(root, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
    if (!added.ok) throw new EnvironmentError(`git worktree add failed: ${added.stderr.split('\n')[0] ?? 'no message'}`);
    return await task(dir);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await git(root, ['worktree', 'remove', '--force', dir]);
    await rm(parent, { recursive: true, force: true });
    await git(root, ['worktree', 'prune']);
  }
}
