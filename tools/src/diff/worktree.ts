/**
 * Edge: git. The base side of a diff is a temporary `git worktree`, removed again however the run
 * ends. A run records its worktree (`<git common dir>/consul-gitops-diff/<pid>.json`: its PID, start
 * time and folder) before creating it; a run killed beyond any handler (SIGKILL, a crash, power loss)
 * leaves the record, and the next diff in the repository removes that worktree and folder at start.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { onTermination, runChild } from '../child-process.js';
import { EnvironmentError, errnoCode, UsageError } from '../model/errors.js';
import { currentOwner, isRunning, parseOwner } from '../owner.js';

/** Where the records live, under the repository's git directory (shared by its linked worktrees). */
const RECORD_DIR = 'consul-gitops-diff';
/** The temporary folder's name starts so, then the owner's PID: `consul-gitops-diff-<pid>-<random>`. */
const FOLDER_PREFIX = 'consul-gitops-diff-';

/** Every git call is bounded (a hung credential helper or a silent remote never holds a run). */
const GIT_TIMEOUT_MS = 300_000;

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

async function git(cwd: string, args: string[]): Promise<GitResult> {
  const result = await runChild('git', args, { cwd, timeoutMs: GIT_TIMEOUT_MS });
  if (result.notFound) throw new EnvironmentError('git not found on PATH: diff compares against a git ref; install git and run again');
  if (result.timedOut) throw new EnvironmentError(`git ${args[0] ?? ''} timed out after ${GIT_TIMEOUT_MS / 1000} s in ${cwd}`);
  return { ok: result.exitCode === 0, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

export interface GitCheckout {
  /** The repository's top level. */
  root: string;
  /** The directory the command runs in, relative to the top level ('' at the top). */
  prefix: string;
}

export async function gitCheckoutOf(cwd: string): Promise<GitCheckout> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok && /dubious ownership/.test(top.stderr)) {
    // git refuses a checkout owned by another user (a CI container's mounted workspace): not "no repository"
    const path = /git config --global --add safe\.directory (\S+)/.exec(top.stderr)?.[1] ?? cwd;
    throw new EnvironmentError(
      `${path} is a git repository owned by another user, and git refuses it ("dubious ownership"): if you trust it, run \`git config --global --add safe.directory ${path}\` and run again`,
    );
  }
  if (!top.ok) throw new EnvironmentError(`${cwd} is not inside a git repository: diff compares against a git ref, run it in a clone`);
  return { root: top.stdout, prefix: relative(top.stdout, cwd).split('\\').join('/') };
}

/** The commit a ref names, or a UsageError that says how to get it (shallow CI clones lack the base). */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  const result = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!result.ok || !result.stdout) {
    throw new UsageError(
      `--base ${ref}: no such commit in this clone. Fetch it first (in CI: actions/checkout with fetch-depth: 0, or git fetch origin <branch>)`,
    );
  }
  return result.stdout;
}

/** The folder that holds the records: `<git common dir>/consul-gitops-diff`. */
async function recordDir(root: string): Promise<string> {
  const common = await git(root, ['rev-parse', '--git-common-dir']);
  if (!common.ok || !common.stdout)
    throw new EnvironmentError(`git rev-parse --git-common-dir failed in ${root}: ${common.stderr.split('\n')[0] ?? 'no message'}`);
  return join(isAbsolute(common.stdout) ? common.stdout : resolve(root, common.stdout), RECORD_DIR);
}

interface WorktreeRecord {
  pid: number;
  started?: number;
  /** The temporary folder; the worktree is its `base/`. */
  folder: string;
}

function parseRecord(text: string): WorktreeRecord | undefined {
  const owner = parseOwner(text);
  const folder = (JSON.parse(text) as { folder?: unknown }).folder;
  // only ever remove a folder this tool made: in the temporary directory, named as above
  if (!owner || typeof folder !== 'string' || !isAbsolute(folder) || !basename(folder).startsWith(FOLDER_PREFIX)) return undefined;
  return { ...owner, folder };
}

/**
 * Remove the worktrees and folders of earlier runs that no longer run (killed), with their records,
 * then `git worktree prune`. Returns one line per worktree removed.
 */
async function pruneStaleWorktrees(root: string): Promise<string[]> {
  const records = await recordDir(root);
  const names = await readdir(records).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const path = join(records, name);
    const text = await readFile(path, 'utf8').catch(() => '');
    let record: WorktreeRecord | undefined;
    try {
      record = parseRecord(text);
    } catch {
      record = undefined;
    }
    if (record && isRunning(record)) continue;
    if (record) {
      await git(root, ['worktree', 'remove', '--force', '--force', join(record.folder, 'base')]);
      await rm(record.folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      removed.push(`removed the worktree ${join(record.folder, 'base')} left by an interrupted diff (PID ${record.pid})`);
    }
    await rm(path, { force: true });
  }
  if (removed.length > 0 || names.length > 0) await git(root, ['worktree', 'prune']);
  return removed;
}

export interface WorktreeOptions {
  /** Told one line per stale worktree removed at start. */
  note?: (text: string) => void;
}

/**
 * Check `commit` out into a temporary worktree, run `task` there, and always remove the worktree:
 * after success, after an error, and on Ctrl-C, SIGTERM or SIGHUP (synchronously, then exit
 * 130/143/129). Worktrees of earlier runs killed past any handler are removed first.
 */
export async function withWorktree<T>(
  root: string,
  commit: string,
  task: (dir: string) => Promise<T>,
  options: WorktreeOptions = {},
): Promise<T> {
  for (const line of await pruneStaleWorktrees(root)) options.note?.(line);
  const records = await recordDir(root);
  const parent = join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  const record = join(records, `${process.pid}.json`);
  try {
    await mkdir(records, { recursive: true });
    await writeFile(record, `${JSON.stringify({ ...currentOwner(), folder: parent })}\n`);
    await mkdir(parent, { mode: 0o700 });
  } catch (error) {
    // the records folder may be what failed (a file in its place): then there is no record to remove either
    try {
      rmSync(record, { force: true });
    } catch {
      // nothing was written
    }
    throw new EnvironmentError(
      `cannot prepare the temporary worktree (${errnoCode(error) ?? String(error)}): check that ${tmpdir()} and ${records} are writable`,
      { cause: error },
    );
  }
  const dir = join(parent, 'base');
  const release = onTermination(() => {
    // A signal during `git worktree add` lands while git is still writing the checkout: child-process.ts has
    // already stopped its group before clean-ups run; rm retries while its last writes settle.
    spawnSync('git', ['worktree', 'remove', '--force', '--force', dir], { cwd: root, stdio: 'ignore', timeout: 30_000 }); // twice: also while add's lock is held
    try {
      rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch (error) {
      process.stderr.write(
        `diff: could not remove the temporary worktree ${parent} (${errnoCode(error) ?? 'error'}): delete it and run \`git worktree prune\`\n`,
      );
    }
    spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore', timeout: 30_000 });
    rmSync(record, { force: true });
  });
  try {
    const added = await git(root, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
    if (!added.ok) throw new EnvironmentError(`git worktree add failed: ${added.stderr.split('\n')[0] ?? 'no message'}`);
    return await task(dir);
  } finally {
    release();
    await git(root, ['worktree', 'remove', '--force', dir]);
    await rm(parent, { recursive: true, force: true });
    await git(root, ['worktree', 'prune']);
    await rm(record, { force: true });
  }
}
