/**
 * The local files and directories a kustomization reads, followed transitively through
 * `resources`, `bases`, `components` and every patch or generator file. Pure: the file system is
 * a parameter (`KustomizeFileView`), so the resolver runs on an in-memory tree in tests and on the
 * disk in the Nx plugin. Remote references (URLs, git) are reported, not followed.
 */
import { posix } from 'node:path';
import { isPlainObject } from '../model/json.js';
import { isRemoteReference } from '../model/kustomize-reference.js';

/** What the resolver may ask about the tree. Paths are workspace-relative with forward slashes. */
export interface KustomizeFileView {
  /** The parsed kustomization in `dir`, or undefined when `dir` holds none. */
  kustomization(dir: string): Record<string, unknown> | undefined;
  isDirectory(path: string): boolean;
}

export interface KustomizeInputs {
  /** Kustomization directories reached, the start first, then in discovery order. */
  directories: string[];
  /** Single files referenced outside those directories (a resource or patch file elsewhere). */
  files: string[];
  /** References that are not local (URLs, git repositories), kept for messages. */
  remote: string[];
  /** Local references that leave the workspace (`../..` past the root): not hashable. */
  outside: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** `key=path` or `path` in generator `files`. */
function generatorFile(entry: string): string {
  const index = entry.indexOf('=');
  return index >= 0 ? entry.slice(index + 1) : entry;
}

/** Entries that may name a directory (another kustomization) or a file. */
function directoryOrFileRefs(kustomization: Record<string, unknown>): string[] {
  return [...strings(kustomization.resources), ...strings(kustomization.bases), ...strings(kustomization.components)];
}

/** Entries that always name files. Inline patches (with a newline or a `kind:`) are not paths. */
function fileRefs(kustomization: Record<string, unknown>): string[] {
  const isPath = (text: string): boolean => !text.includes('\n') && !/^\s*(apiVersion|kind):/.test(text);
  const refs: string[] = [];
  for (const patch of [
    ...records(kustomization.patches),
    ...records(kustomization.patchesJson6902),
    ...records(kustomization.replacements),
  ]) {
    if (typeof patch.path === 'string') refs.push(patch.path);
  }
  refs.push(...strings(kustomization.patchesStrategicMerge).filter(isPath));
  for (const generator of [...records(kustomization.configMapGenerator), ...records(kustomization.secretGenerator)]) {
    refs.push(...strings(generator.files).map(generatorFile), ...strings(generator.envs));
    if (typeof generator.env === 'string') refs.push(generator.env);
  }
  refs.push(...strings(kustomization.crds), ...strings(kustomization.configurations));
  const openapi = kustomization.openapi as { path?: unknown } | undefined;
  if (typeof openapi?.path === 'string') refs.push(openapi.path);
  return refs;
}

/** Follow every local reference from the kustomization in `start` (workspace-relative). */
export function resolveKustomizeInputs(start: string, view: KustomizeFileView): KustomizeInputs {
  const result: KustomizeInputs = { directories: [], files: [], remote: [], outside: [] };
  const seen = new Set<string>();
  const files = new Set<string>();
  const queue = [posix.normalize(start)];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const kustomization = view.kustomization(dir);
    if (!kustomization) continue;
    result.directories.push(dir);
    const local = (ref: string): string | undefined => {
      if (isRemoteReference(ref)) {
        result.remote.push(ref);
        return undefined;
      }
      const path = posix.normalize(posix.join(dir, ref));
      if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) {
        result.outside.push(path);
        return undefined;
      }
      return path;
    };
    for (const ref of directoryOrFileRefs(kustomization)) {
      const path = local(ref);
      if (path === undefined) continue;
      if (view.isDirectory(path)) queue.push(path);
      else files.add(path);
    }
    for (const ref of [
      ...fileRefs(kustomization),
      ...strings(kustomization.transformers),
      ...strings(kustomization.generators),
      ...strings(kustomization.validators),
    ]) {
      const path = local(ref);
      if (path === undefined) continue;
      if (view.isDirectory(path)) queue.push(path);
      else files.add(path);
    }
  }
  const inside = (file: string): boolean => result.directories.some((dir) => dir === '.' || file.startsWith(`${dir}/`));
  result.files = [...files].filter((file) => !inside(file)).sort();
  return result;
}
