/**
 * Checks of --output before a run starts: a report that cannot be written is a usage error (exit 2)
 * named up front, not an `internal error: ENOENT` after a whole run.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isWithin, linksOnPath } from '../boundary.js';
import { UsageError } from '../model/errors.js';

const statOf = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/**
 * The absolute --output path, or a UsageError naming what is wrong: the path is a folder, its folder is
 * missing (unless `createFolders`: render makes it), is not a folder, or cannot be written.
 */
export function outputPath(cwd: string, output: string, options: { createFolders?: boolean } = {}): string {
  const file = resolve(cwd, output);
  refuseLinks(cwd, file, output);
  const info = statOf(file);
  if (info?.isDirectory())
    throw new UsageError(`--output ${output}: is a folder; name a file, for example ${output.replace(/\/+$/, '')}/report.txt`);
  let folder = dirname(file);
  if (options.createFolders) {
    // The nearest existing ancestor must be a writable folder; the rest is created.
    while (!statOf(folder) && dirname(folder) !== folder) folder = dirname(folder);
  }
  const parent = statOf(folder);
  if (!parent)
    throw new UsageError(
      `--output ${output}: the folder ${folder} does not exist; create it first (mkdir -p ${folder}) or write elsewhere`,
    );
  if (!parent.isDirectory()) throw new UsageError(`--output ${output}: ${folder} is not a folder`);
  try {
    accessSync(info ? file : folder, constants.W_OK);
  } catch {
    throw new UsageError(`--output ${output}: ${info ? file : folder} is not writable`);
  }
  return file;
}

/**
 * Inside the repository, a report never goes through a committed symbolic link: not one that leaves
 * the repository on the way, and not a link at the path itself (it would overwrite what it names).
 */
function refuseLinks(cwd: string, file: string, output: string): void {
  if (!isWithin(resolve(cwd), file)) return;
  const rel = relative(resolve(cwd), file);
  const links = linksOnPath(cwd, rel);
  const step = links.find((item) => item.leaves || item.link === rel.split('\\').join('/'));
  if (!step) return;
  throw new UsageError(
    `--output ${output}: ${step.link} is a symbolic link to ${step.target}${step.leaves ? ', outside the repository' : ''}; a report is never written through a link: remove it (git rm ${step.link}) or write elsewhere`,
  );
}
