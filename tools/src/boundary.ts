/**
 * Edge: the repository's trust boundary. A pull request can commit a symbolic link; every path the
 * tools read or write must still resolve inside the repository, or a data-only change could make
 * generate delete or write files elsewhere on the machine (a CI runner's home, another checkout).
 * Paths are checked one component at a time with lstat, so the message names the link itself.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { EnvironmentError, errnoCode } from './model/errors.js';

/** A symbolic link on the way to a path, and where it points. */
export interface LinkStep {
  /** Root-relative, forward slashes. */
  link: string;
  target: string;
  /** The link's real path lies outside the root (or cannot be resolved). */
  leaves: boolean;
}

/** `path` is `root` or below it (both absolute and real). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/** The symbolic links among the components of `relPath` under `root`, up to the first that does not exist. */
export function linksOnPath(root: string, relPath: string): LinkStep[] {
  const real = realRoot(root);
  const parts = relPath.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  const found: LinkStep[] = [];
  let current = '';
  for (const part of parts) {
    current = current ? `${current}/${part}` : part;
    let isLink: boolean;
    try {
      isLink = lstatSync(join(root, current)).isSymbolicLink();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') break;
      throw error;
    }
    if (!isLink) continue;
    const target = readlinkSync(join(root, current));
    let leaves = true;
    try {
      leaves = !isWithin(real, realpathSync(join(root, current)));
    } catch {
      // a dangling link: whatever it would create lies where we cannot see; treat it as leaving
    }
    found.push({ link: current, target, leaves });
  }
  return found;
}

/**
 * Throw an EnvironmentError naming the first link on `relPath` that leaves the repository; with
 * `noLinks`, any link at all (the tools' own work folder is never a link). `what` says what was at stake.
 */
export function assertInsideRepository(root: string, relPath: string, what: string, options: { noLinks?: boolean } = {}): void {
  const step = linksOnPath(root, relPath).find((item) => item.leaves || options.noLinks);
  if (!step) return;
  const where = step.leaves ? 'outside the repository' : 'a symbolic link, which this folder never is';
  throw new EnvironmentError(
    `${step.link}: is a symbolic link to ${step.target}, ${where}: ${what} never follows it; nothing was changed. Remove the link (git rm ${step.link}) and run again`,
  );
}
