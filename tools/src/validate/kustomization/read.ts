/** Edge: read an overlay's kustomization tree (local resources, components and bases, recursively). */
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isWithin } from '../../boundary.js';
import { displayPath } from '../../discover.js';
import { isRemoteReference } from '../../model/kustomize-reference.js';
import { readKustomization, type KustomizationFile } from '../../parse/kustomization.js';
import { REFERENCE_FIELDS } from './references.js';

/**
 * Every kustomization file reachable from `dir` through local directory references, each read once.
 * Files that cannot be read or parsed are skipped: the kustomize build reports them.
 */
export async function readKustomizationTree(dir: string, repoRoot: string): Promise<KustomizationFile[]> {
  // never into a folder outside the repository: kustomize-boundary refuses the reference itself
  const root = await realpath(repoRoot).catch(() => resolve(repoRoot));
  const inside = async (path: string): Promise<boolean> => isWithin(root, await realpath(path).catch(() => resolve(path)));
  const files: KustomizationFile[] = [];
  const seen = new Set<string>();
  const visit = async (current: string): Promise<void> => {
    const absolute = resolve(current);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const parsed = await readKustomization(absolute, displayPath(repoRoot, absolute));
    if (typeof parsed === 'string') return;
    files.push(parsed);
    for (const field of REFERENCE_FIELDS) {
      const list = parsed.content[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || isRemoteReference(entry)) continue;
        const target = resolve(absolute, entry);
        if ((await stat(target).catch(() => undefined))?.isDirectory() && (await inside(target))) await visit(target);
      }
    }
  };
  await visit(dir);
  return files;
}
