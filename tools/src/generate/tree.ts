/**
 * Edge: compare a generated tree with disk. A file on disk is the generator's when its first line is
 * the generated banner; such a file under base/, overlays/<env>/ or argocd/ that the spec no longer
 * produces is stale. Hand-written files (no banner) and everything under overlays/<env>/local/ are
 * never considered.
 */
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { assertInsideRepository } from '../boundary.js';
import { EnvironmentError, errnoCode } from '../model/errors.js';
import { isGeneratedText } from './serialize.js';

/** The file-system calls the generator makes: pass another object to simulate failures in tests. */
export type TreeFs = Pick<typeof nodeFs, 'mkdir' | 'readFile' | 'readdir' | 'rename' | 'rm' | 'rmdir' | 'writeFile'>;
export const NODE_FS: TreeFs = nodeFs;

export type ChangeKind = 'create' | 'update' | 'remove';

export interface TreeChange {
  /** Repository-relative, forward slashes. */
  path: string;
  kind: ChangeKind;
  /** The text on disk (create: none). */
  before?: string;
  /** The generated text (remove: none). */
  after?: string;
}

/** Folders whose banner-marked files belong to the generator. */
export const GENERATED_AREAS = ['base', 'overlays', 'argocd'] as const;
export const LOCAL_COMPONENT_DIR = 'local';

export async function readIfExists(fs: TreeFs, root: string, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(join(root, path), 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    if (errnoCode(error) === 'EISDIR')
      throw new EnvironmentError(`${path}: is a directory, but generate writes a file there: move it away`);
    throw new EnvironmentError(`${path}: cannot be read (${errnoCode(error) ?? String(error)}): check its permissions`);
  }
}

/**
 * Files under `dir` (repository-relative), skipping overlays/<env>/local/. A walk, not `fs.readdir({ recursive: true })`:
 * it must not descend into local/, which generate never reads (a recursive listing cannot prune a folder).
 */
async function listFiles(fs: TreeFs, root: string, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw new EnvironmentError(`${dir}/: cannot be listed (${errnoCode(error) ?? String(error)})`);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (isLocalComponentDir(path)) continue;
      files.push(...(await listFiles(fs, root, path)));
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
  return files;
}

/** overlays/<env>/local: hand-written, never read or written by generate. */
function isLocalComponentDir(path: string): boolean {
  const parts = path.split('/');
  return parts.length === 3 && parts[0] === 'overlays' && parts[2] === LOCAL_COMPONENT_DIR;
}

/**
 * The files `changes` would replace that carry no generated banner: hand-written files sitting where
 * generate writes. generate never replaces one (it stops, naming each); messages in path order.
 */
export function handWrittenConflicts(changes: readonly TreeChange[]): string[] {
  return changes
    .filter((change) => change.kind === 'update' && change.before !== undefined && !isGeneratedText(change.before))
    .map(
      (change) =>
        `${change.path}: has no generated banner, so it is hand-written, but generate writes this path. It was left as it is, and nothing was written: move your text elsewhere (an overlay's own additions belong in overlays/<env>/local/), or delete the file to let generate write it`,
    );
}

/** What `generate` would do: create, update or remove, in path order. Reads only. */
export async function planTree(root: string, files: ReadonlyMap<string, string>, fs: TreeFs = NODE_FS): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  for (const [path, after] of files) {
    // a committed `overlays/qa -> ../../elsewhere` would make generate write outside the repository
    assertInsideRepository(root, path, 'generate');
    const before = await readIfExists(fs, root, path);
    if (before === after) continue;
    changes.push(before === undefined ? { path, kind: 'create', after } : { path, kind: 'update', before, after });
  }
  for (const area of GENERATED_AREAS) {
    assertInsideRepository(root, area, 'generate');
    for (const path of await listFiles(fs, root, area)) {
      if (files.has(path)) continue;
      const before = await readIfExists(fs, root, path);
      if (before !== undefined && isGeneratedText(before)) changes.push({ path, kind: 'remove', before });
    }
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}
