/**
 * Edge: which source file defines each object of a render, read from the kustomization tree itself
 * (every `resources` entry that is a file), so that findings can name base/ and overlay files without
 * asking kustomize for origin annotations: a build with them costs two to three times a plain one.
 * Renames in the tree (namePrefix, nameSuffix, PrefixSuffixTransformer files) are undone on lookup.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { SourceIndex } from './origin.js';
import { readYamlDocument } from './yaml-reader.js';

/** A kustomization file as the tree reader gives it: its repository-relative path and content. */
interface KustomizationFile {
  path: string;
  content: Record<string, unknown>;
}

/** `Kind/name` -> repository-relative file; the tree's files are read on the first question only. */
export type OriginIndex = (kind: string, name: string) => Promise<string | undefined>;

const isRemote = (entry: string) => /^[a-z]+:\/\/|^git@|^github\.com\//.test(entry);

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

interface Rename {
  prefix: string;
  suffix: string;
  /** Kinds the rename applies to; undefined for every kind. */
  kinds?: Set<string>;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

async function renamesOf(kustomization: KustomizationFile, dir: string): Promise<Rename[]> {
  const renames: Rename[] = [];
  const { namePrefix, nameSuffix } = kustomization.content;
  if (typeof namePrefix === 'string' || typeof nameSuffix === 'string') {
    renames.push({ prefix: typeof namePrefix === 'string' ? namePrefix : '', suffix: typeof nameSuffix === 'string' ? nameSuffix : '' });
  }
  for (const entry of strings(kustomization.content.transformers)) {
    const path = resolve(dir, entry);
    if (isRemote(entry) || !(await isFile(path))) continue;
    const config = readYamlDocument(await readFile(path, 'utf8')).valueOrUndefined() as Record<string, unknown> | null | undefined;
    if (config?.kind !== 'PrefixSuffixTransformer') continue;
    const kinds = Array.isArray(config.fieldSpecs)
      ? new Set(config.fieldSpecs.map((spec: { kind?: unknown }) => String(spec.kind)))
      : undefined;
    renames.push({
      prefix: typeof config.prefix === 'string' ? config.prefix : '',
      suffix: typeof config.suffix === 'string' ? config.suffix : '',
      ...(kinds ? { kinds } : {}),
    });
  }
  return renames;
}

export function originIndex(tree: readonly KustomizationFile[], repoRoot: string, sources: Pick<SourceIndex, 'objects'>): OriginIndex {
  let built: Promise<{ files: Map<string, string>; renames: Rename[] }> | undefined;
  return async (kind, name) => {
    built ??= buildIndex(tree, repoRoot, sources);
    const { files, renames } = await built;
    const direct = files.get(`${kind}/${name}`);
    if (direct) return direct;
    for (const rename of renames) {
      if (rename.kinds && !rename.kinds.has(kind)) continue;
      if (!name.startsWith(rename.prefix) || !name.endsWith(rename.suffix)) continue;
      const original = files.get(`${kind}/${name.slice(rename.prefix.length, name.length - rename.suffix.length)}`);
      if (original) return original;
    }
    return undefined;
  };
}

async function buildIndex(
  tree: readonly KustomizationFile[],
  repoRoot: string,
  sources: Pick<SourceIndex, 'objects'>,
): Promise<{ files: Map<string, string>; renames: Rename[] }> {
  const files = new Map<string, string>();
  const renames: Rename[] = [];
  for (const kustomization of tree) {
    const dir = dirname(resolve(repoRoot, kustomization.path));
    renames.push(...(await renamesOf(kustomization, dir)));
    for (const entry of strings(kustomization.content.resources)) {
      const path = resolve(dir, entry);
      if (isRemote(entry) || !(await isFile(path))) continue;
      const file = relative(repoRoot, path).split('\\').join('/');
      for (const object of await sources.objects(file)) files.set(`${object.kind}/${object.name}`, file);
    }
  }
  return { files, renames };
}
