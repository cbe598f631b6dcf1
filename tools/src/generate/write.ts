/**
 * Edge: apply a planned tree change in two phases. Phase 1 writes every new text to a staging folder
 * outside the generated areas (`.consul-gitops/generate-tmp/<pid>/`, see workspace.ts); if any write
 * fails, the staging folder is removed and all old files stay as they were. Phase 2 renames each
 * staged file into place (one atomic rename per file: a file is always its old or its new text,
 * never a partial one), then removes stale generated files and the folders they leave empty.
 * A run killed part-way leaves each file old or new and its staging folder behind; the next run
 * removes the folder and finishes the job.
 */
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../model/errors.js';
import { writeFailureReason } from './disk-full.js';
import { GENERATED_AREAS, NODE_FS, type TreeChange, type TreeFs } from './tree.js';
import { STAGING_DIR } from './workspace.js';

const reason = (error: unknown, root: string): Promise<string> => writeFailureReason(error, root);

/** Write, rename and remove what `changes` says. Throws EnvironmentError naming the file on failure. */
export async function applyTree(root: string, changes: readonly TreeChange[], fs: TreeFs = NODE_FS): Promise<void> {
  const writes = changes.filter((change) => change.kind !== 'remove');
  const staging = join(root, STAGING_DIR, String(process.pid));
  const staged: { path: string; temporary: string; target: string }[] = [];
  let created: string | undefined;
  let current = `${STAGING_DIR}/`;
  try {
    if (writes.length > 0) created = await fs.mkdir(staging, { recursive: true });
    for (const [index, change] of writes.entries()) {
      current = change.path;
      const temporary = join(staging, String(index));
      staged.push({ path: change.path, temporary, target: join(root, change.path) });
      await fs.writeFile(temporary, change.after ?? '');
    }
  } catch (error) {
    await fs.rm(created ?? staging, { recursive: true, force: true }).catch(() => undefined);
    throw new EnvironmentError(
      `cannot write ${current} (${await reason(error, root)}): nothing was changed, every old file is intact; check the folder's permissions and free space, then run generate again`,
      { cause: error },
    );
  }
  for (const [index, item] of staged.entries()) {
    try {
      await fs.mkdir(dirname(item.target), { recursive: true });
      await fs.rename(item.temporary, item.target);
    } catch (error) {
      await fs.rm(created ?? staging, { recursive: true, force: true }).catch(() => undefined);
      const done = staged.slice(0, index).map((rest) => rest.path);
      throw new EnvironmentError(
        `cannot move the new ${item.path} into place (${await reason(error, root)}): ${done.length} file(s) were already replaced (${done.join(', ') || 'none'}); fix the cause and run generate again`,
        { cause: error },
      );
    }
  }
  await fs.rm(created ?? staging, { recursive: true, force: true });
  for (const change of changes.filter((item) => item.kind === 'remove')) {
    try {
      await fs.rm(join(root, change.path), { force: true });
    } catch (error) {
      throw new EnvironmentError(
        `cannot remove the stale generated file ${change.path} (${await reason(error, root)}): remove it by hand`,
        {
          cause: error,
        },
      );
    }
    await removeEmptyParents(fs, root, change.path);
  }
}

/** After removing overlays/qa/x.yaml, remove overlays/qa/ too if nothing else is in it. Never an area root. */
async function removeEmptyParents(fs: TreeFs, root: string, path: string): Promise<void> {
  let dir = dirname(path);
  while (dir.includes('/') && !(GENERATED_AREAS as readonly string[]).includes(dir)) {
    const removed = await fs.rmdir(join(root, dir)).then(
      () => true,
      () => false,
    );
    if (!removed) return;
    dir = dirname(dir);
  }
}
