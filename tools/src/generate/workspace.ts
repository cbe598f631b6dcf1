/**
 * Edge: generate's own folder, `.consul-gitops/` at the repository root (git-ignored). It holds the
 * lock that serialises runs (`generate.lock`: the owner's PID and start time) and the staging folder
 * for new texts (`generate-tmp/<pid>/`), on the same file system as the tree so renames are atomic.
 * Whatever an earlier run left there (killed: SIGKILL, power loss) is found, reported by
 * `generate --check`, and removed by the next `generate` once it holds the lock.
 */
import * as fs from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { assertInsideRepository } from '../boundary.js';
import { EnvironmentError, errnoCode } from '../model/errors.js';
import { byPathSegments } from '../model/path-order.js';
import { currentOwner, formatOwner, isRunning, parseOwner, type Owner } from '../owner.js';
import { writeFailureReason } from './disk-full.js';
import { GENERATED_AREAS } from './tree.js';

const WORK_DIR = '.consul-gitops';
export const LOCK_FILE = `${WORK_DIR}/generate.lock`;
export const STAGING_DIR = `${WORK_DIR}/generate-tmp`;
/** Temporary siblings written by generate before it staged in WORK_DIR: leftovers, when found. */
const LEGACY_TEMPORARY = /\.consul-gitops-tmp-\d+$/;

/** Another generate holds the lock. Exit 2: nothing is wrong with the tree, try again later. */
export function busyError(owner: Owner): EnvironmentError {
  return new EnvironmentError(
    `another generate (PID ${owner.pid}) is running in this repository (${LOCK_FILE}): wait for it to finish and run again; if PID ${owner.pid} is not a consul-gitops generate, remove ${LOCK_FILE}`,
  );
}

export interface LockState {
  /** The owner the lock file names, if any (undefined: no lock file, or an unreadable one). */
  owner?: Owner;
  /** A lock file exists. */
  present: boolean;
  /** ... and its owner still runs. */
  live: boolean;
}

/**
 * The work folder, the lock and the staging folder are never symbolic links: `.consul-gitops/` in
 * .gitignore does not match a committed link named `.consul-gitops`, and through one generate would
 * list (--check) and delete (generate) the files of whatever folder it points at.
 */
function assertWorkFolder(root: string): void {
  for (const path of [STAGING_DIR, LOCK_FILE]) assertInsideRepository(root, path, 'generate', { noLinks: true });
}

export async function readLock(root: string): Promise<LockState> {
  assertWorkFolder(root);
  let text: string;
  try {
    text = await fs.readFile(join(root, LOCK_FILE), 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return { present: false, live: false };
    throw new EnvironmentError(`${LOCK_FILE}: cannot be read (${errnoCode(error) ?? String(error)}): check its permissions`);
  }
  const owner = parseOwner(text);
  return owner ? { owner, present: true, live: isRunning(owner) } : { present: true, live: false };
}

export interface Lock {
  /** What the lock taking said, for stderr (a stale lock taken over), or undefined. */
  note?: string;
  release(): Promise<void>;
}

/**
 * Take the lock, or throw busyError naming the live owner. The lock file appears whole or not at all
 * (written beside it, then hard-linked into place, which fails when it exists). A lock whose owner no
 * longer runs is stale: it is moved aside, checked to be the one judged stale, and taken over.
 */
export async function acquireLock(root: string): Promise<Lock> {
  const lockPath = join(root, LOCK_FILE);
  const mine = formatOwner(currentOwner());
  const draft = `${lockPath}.${process.pid}`;
  let note: string | undefined;
  assertWorkFolder(root);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      // A run that finishes removes the work folder: make it (again) on every attempt, and a draft that
      // finds it gone between the two is one more attempt, not a failure.
      await fs.mkdir(join(root, WORK_DIR), { recursive: true });
      const written = await fs.writeFile(draft, mine).then(
        () => true,
        (error: unknown) => {
          if (errnoCode(error) === 'ENOENT') return false;
          throw error;
        },
      );
      if (!written) continue;
      const linked = await fs.link(draft, lockPath).then(
        () => true,
        (error: unknown) => {
          if (errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ENOENT') return false;
          throw error;
        },
      );
      await fs.rm(draft, { force: true });
      if (linked) return { ...(note ? { note } : {}), release: () => releaseLock(root) };
      const text = await fs.readFile(lockPath, 'utf8').catch((error: unknown) => {
        if (errnoCode(error) === 'ENOENT') return undefined;
        throw error;
      });
      if (text === undefined) continue;
      const owner = parseOwner(text);
      if (owner && isRunning(owner)) throw busyError(owner);
      const aside = `${lockPath}.stale-${process.pid}`;
      if (
        !(await fs.rename(lockPath, aside).then(
          () => true,
          () => false,
        ))
      )
        continue;
      const moved = await fs.readFile(aside, 'utf8');
      // between the read and the rename another run may have taken over: give its lock back
      if (moved !== text) await fs.link(aside, lockPath).catch(() => undefined);
      await fs.rm(aside, { force: true });
      if (moved === text) {
        note = owner
          ? `took over the lock of an interrupted generate (PID ${owner.pid}, no longer running)`
          : `took over an unreadable lock left by an interrupted generate`;
      }
    }
  } catch (error) {
    await fs.rm(draft, { force: true }).catch(() => undefined);
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(
      `cannot take ${LOCK_FILE} (${await writeFailureReason(error, root)}): check the repository's permissions and free space, then run generate again`,
      {
        cause: error,
      },
    );
  }
  throw new EnvironmentError(`cannot take ${LOCK_FILE}: other generate runs keep taking it; run generate again when they are done`);
}

/** Remove the lock and the work folder when nothing else is in it. */
async function releaseLock(root: string): Promise<void> {
  await fs.rm(join(root, LOCK_FILE), { force: true });
  await fs.rmdir(join(root, STAGING_DIR)).catch(() => undefined);
  await fs.rmdir(join(root, WORK_DIR)).catch(() => undefined);
}

/** Every entry under `dir` that is not a folder (files, links), repository-relative, in walk order, that `keep` accepts. */
async function filesUnder(root: string, dir: string, keep: (path: string) => boolean): Promise<string[]> {
  const top = join(root, dir);
  let entries;
  try {
    entries = await fs.readdir(top, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw new EnvironmentError(`${dir}/: cannot be listed (${errnoCode(error) ?? String(error)})`);
  }
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => [dir, relative(top, join(entry.parentPath, entry.name)).split(sep).join('/')].join('/'))
    .filter(keep)
    .sort(byPathSegments);
}

/**
 * Files an interrupted generate left (repository-relative): everything in the staging folder and
 * the lock's drafts, and temporary siblings in the generated areas. Not the lock itself (readLock).
 */
export async function findLeftovers(root: string): Promise<string[]> {
  assertWorkFolder(root);
  const work = await filesUnder(root, WORK_DIR, (path) => path !== LOCK_FILE);
  const legacy: string[] = [];
  for (const area of GENERATED_AREAS) legacy.push(...(await filesUnder(root, area, (path) => LEGACY_TEMPORARY.test(path))));
  const top = await fs.readdir(root).catch(() => [] as string[]);
  legacy.push(...top.filter((name) => LEGACY_TEMPORARY.test(name)));
  return [...work, ...legacy];
}

/** Remove what findLeftovers lists, and the staging folder with any empty folders in it. Call only while holding the lock. */
export async function removeLeftovers(root: string, leftovers: readonly string[]): Promise<void> {
  assertWorkFolder(root);
  for (const path of leftovers) {
    await fs.rm(join(root, path), { force: true }).catch((error: unknown) => {
      throw new EnvironmentError(
        `cannot remove ${path}, left by an interrupted generate (${errnoCode(error) ?? String(error)}): remove it by hand`,
        { cause: error },
      );
    });
  }
  await fs.rm(join(root, STAGING_DIR), { recursive: true, force: true });
}
