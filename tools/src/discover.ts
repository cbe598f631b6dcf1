/** Find the kustomization directories to validate: the ones given, or every overlay under overlays/. */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from './model/errors.js';
import { kustomizationFileIn } from './parse/kustomization.js';
import { SPEC_FILE } from './environments/load.js';

export async function hasKustomization(dir: string): Promise<boolean> {
  return (await kustomizationFileIn(dir)) !== undefined;
}

/** Repository-relative display path with forward slashes. */
export function displayPath(repoRoot: string, dir: string): string {
  const path = relative(repoRoot, resolve(dir)).split('\\').join('/');
  return path === '' ? '.' : path.startsWith('..') ? resolve(dir) : path;
}

export async function discoverOverlays(repoRoot: string, dirs: readonly string[]): Promise<string[]> {
  if (dirs.length > 0) {
    for (const dir of dirs) {
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) throw new UsageError(`${dir}: not a directory. Pass kustomization directories, for example overlays/prod.`);
      if (!(await hasKustomization(dir)))
        throw new UsageError(
          `${dir}: no kustomization.yaml in it. Pass a kustomization directory, for example overlays/prod, or check plain manifests with \`validate -f ${dir}\`.`,
        );
    }
    return [...dirs];
  }
  const root = join(repoRoot, 'overlays');
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new UsageError(`no overlays/ folder under ${repoRoot}: run from the repository root, or pass directories to validate`);
  });
  const found: string[] = [];
  for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (await hasKustomization(join(root, entry.name))) found.push(join(root, entry.name));
  }
  if (found.length === 0) throw new UsageError(`no kustomization under ${root}: run \`consul-gitops generate\` first`);
  return found;
}

/** The folder holding environments.yaml, searching up from `dir` (Argo CD hands the plugin the whole repository; validate may run inside an overlay). */
export function findRepoRoot(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, SPEC_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
