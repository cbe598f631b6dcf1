/**
 * Edge: apply a planned tree change in two phases. Phase 1 writes every new text to a temporary
 * sibling; if any write fails, every temporary (and every folder made for them) is removed and all
 * old files stay as they were. Phase 2 renames the temporaries into place, then removes stale
 * generated files and the folders they leave empty.
 */
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../model/errors.js';
import { GENERATED_AREAS, NODE_FS, type TreeChange, type TreeFs } from './tree.js';

export const TEMPORARY_SUFFIX = '.consul-gitops-tmp';

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Write, rename and remove what `changes` says. Throws EnvironmentError naming the file on failure. */
export async function applyTree(root: string, changes: readonly TreeChange[], fs: TreeFs = NODE_FS): Promise<void> {
  const writes = changes.filter((change) => change.kind !== 'remove');
  const staged: { path: string; temporary: string; target: string }[] = [];
  const createdDirs: string[] = [];
  let current = '';
  try {
    for (const change of writes) {
      current = change.path;
      const target = join(root, change.path);
      const temporary = `${target}${TEMPORARY_SUFFIX}-${process.pid}`;
      const created = await fs.mkdir(dirname(target), { recursive: true });
      if (created) createdDirs.push(created);
      staged.push({ path: change.path, temporary, target });
      await fs.writeFile(temporary, change.after ?? '');
    }
  } catch (error) {
    await discard(fs, staged.map((item) => item.temporary), createdDirs);
    throw new EnvironmentError(
      `cannot write ${current} (${reason(error)}): nothing was changed, every old file is intact; check the folder's permissions and free space, then run generate again`,
      { cause: error },
    );
  }
  for (const [index, item] of staged.entries()) {
    try {
      await fs.rename(item.temporary, item.target);
    } catch (error) {
      await discard(fs, staged.slice(index).map((rest) => rest.temporary), []);
      const done = staged.slice(0, index).map((rest) => rest.path);
      throw new EnvironmentError(
        `cannot move the new ${item.path} into place (${reason(error)}): ${done.length} file(s) were already replaced (${done.join(', ') || 'none'}); fix the cause and run generate again`,
        { cause: error },
      );
    }
  }
  for (const change of changes.filter((item) => item.kind === 'remove')) {
    try {
      await fs.rm(join(root, change.path), { force: true });
    } catch (error) {
      throw new EnvironmentError(`cannot remove the stale generated file ${change.path} (${reason(error)}): remove it by hand`, { cause: error });
    }
    await removeEmptyParents(fs, root, change.path);
  }
}

async function discard(fs: TreeFs, temporaries: readonly string[], createdDirs: readonly string[]): Promise<void> {
  for (const temporary of temporaries) await fs.rm(temporary, { force: true }).catch(() => undefined);
  for (const dir of [...createdDirs].reverse()) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** After removing overlays/qa/x.yaml, remove overlays/qa/ too if nothing else is in it. Never an area root. */
async function removeEmptyParents(fs: TreeFs, root: string, path: string): Promise<void> {
  let dir = dirname(path);
  while (dir.includes('/') && !(GENERATED_AREAS as readonly string[]).includes(dir)) {
    const removed = await fs.rmdir(join(root, dir)).then(() => true, () => false);
    if (!removed) return;
    dir = dirname(dir);
  }
}
