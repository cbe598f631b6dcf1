/**
 * Files mode (`validate -f`): the plain manifests to check, as kubeconform finds them. A file is read as
 * given; a folder is walked recursively for *.yaml, *.yml and *.json (sorted, hidden entries skipped);
 * `-` is standard input. No kustomization is needed. I/O only: nothing is parsed here.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { displayPath } from './discover.js';
import { UsageError } from './model/errors.js';
import { byPathSegments } from './model/path-order.js';
import { mapPool } from './pool.js';

const STDIN = '-';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** One -f argument: a display path and the files it stands for, each with its text. */
export interface ManifestInput {
  path: string;
  files: { path: string; text: string }[];
}

/** The manifest files under `dir`, sorted as a depth-first walk lists them; hidden files and everything in hidden folders left out. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && MANIFEST_FILE.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((segment) => segment.startsWith('.')))
    .sort(byPathSegments)
    .map((path) => join(dir, path));
}

/** Every -f argument resolved and read; a missing path is a usage error naming it. */
export async function readManifestInputs(cwd: string, args: readonly string[], readStdin: () => Promise<string>): Promise<ManifestInput[]> {
  if (args.filter((arg) => arg === STDIN).length > 1) throw new UsageError('-f - (standard input) can be given only once');
  const inputs: ManifestInput[] = [];
  for (const arg of args) {
    if (arg === STDIN) {
      inputs.push({ path: '(stdin)', files: [{ path: '(stdin)', text: await readStdin() }] });
      continue;
    }
    const absolute = resolve(cwd, arg);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`-f ${arg}: no such file or folder`);
    // a device (/dev/zero), a FIFO or a socket never ends, or ends when someone else decides
    if (!info.isDirectory() && !info.isFile())
      throw new UsageError(`-f ${arg}: is not a regular file or folder (a device, FIFO or socket): save the manifests to a file first`);
    const paths = info.isDirectory() ? await walk(absolute) : [absolute];
    if (paths.length === 0) throw new UsageError(`-f ${arg}: no *.yaml, *.yml or *.json file in this folder`);
    // A bounded number of open files: a folder may hold thousands.
    const files = await mapPool(paths, async (path) => ({ path: displayPath(cwd, path), text: await readFile(path, 'utf8') }), 64);
    inputs.push({ path: displayPath(cwd, absolute), files });
  }
  return inputs;
}
