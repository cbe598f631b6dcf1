/**
 * The one reader of kustomization files: which file a directory holds (`kustomization.yaml`,
 * `kustomization.yml` or `Kustomization`, kustomize's order), and its content with the lines of its
 * keys. The kustomization rules, the origin index, discovery and the Nx plugin all read through it.
 * A file that cannot be read or parsed is no kustomization here: the kustomize build reports it.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { isPlainObject } from '../model/json.js';
import { readYamlDocument } from './yaml-reader.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A kustomization file as the checks see it: its display path, its parsed content, and key lines. */
export interface KustomizationFile {
  /** Repository-relative path of the kustomization file (what a finding names). */
  path: string;
  /** The parsed top-level mapping (empty when the file is not a mapping). */
  content: Record<string, unknown>;
  /** 1-based line of each top-level key, and of each entry of list fields as `<key>/<index>`. */
  lines: Record<string, number>;
  /**
   * Top-level keys written twice, at the line of the later one. kustomize v5.8.1 reads the last
   * silently (so does `content`), so a reviewer reading the first list sees what is not rendered.
   */
  duplicateKeys?: { key: string; line: number; firstLine: number }[];
}

/**
 * Parse one kustomization file's text: content plus the lines of top-level keys and list entries.
 * @internal pure kustomization text parsing (lines of keys); readKustomization reaches it
 */
export function parseKustomization(path: string, text: string): KustomizationFile | undefined {
  // kustomize reads a key written twice as its last value: the duplicates are reported below, not refused
  const read = readYamlDocument(text, { duplicateKeys: 'last' });
  const { document } = read;
  if (read.problems.length > 0 || !isMap(document.contents)) return undefined;
  const lines: Record<string, number> = {};
  const duplicateKeys: NonNullable<KustomizationFile['duplicateKeys']> = [];
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const line = pair.key.range ? read.position(pair.key.range[0]).line : undefined;
    const firstLine = lines[key];
    if (firstLine !== undefined && line !== undefined) duplicateKeys.push({ key, line, firstLine });
    if (firstLine !== undefined) {
      // the later value is the one read: none of the earlier list's entry lines may outlive it
      for (const entry of Object.keys(lines)) if (entry.startsWith(`${key}/`)) delete lines[entry];
    }
    if (line !== undefined) lines[key] = line;
    if (isSeq(pair.value)) {
      pair.value.items.forEach((item, index) => {
        const range = (item as { range?: [number, number, number] } | null)?.range;
        if (range) lines[`${key}/${index}`] = read.position(range[0]).line;
      });
    }
  }
  const content = read.valueOrUndefined();
  return { path, content: isPlainObject(content) ? content : {}, lines, ...(duplicateKeys.length > 0 ? { duplicateKeys } : {}) };
}

/** The kustomization file name in `dir`, if it holds one. */
export async function kustomizationFileIn(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    if ((await stat(join(dir, name)).catch(() => undefined))?.isFile()) return name;
  }
  return undefined;
}

/** Every kustomization file name in `dir`, in kustomize's order: more than one, and kustomize refuses to build it. */
export async function kustomizationFilesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of KUSTOMIZATION_FILES) {
    if ((await stat(join(dir, name)).catch(() => undefined))?.isFile()) found.push(name);
  }
  return found;
}

/**
 * The kustomization in `dir`, named `<displayDir>/<file name>`: `none` when the directory holds no
 * kustomization file, `unreadable` when it cannot be read or parsed as a mapping.
 */
export async function readKustomization(dir: string, displayDir: string): Promise<KustomizationFile | 'none' | 'unreadable'> {
  const name = await kustomizationFileIn(dir);
  if (!name) return 'none';
  const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
  return (text === undefined ? undefined : parseKustomization(joinDisplay(displayDir, name), text)) ?? 'unreadable';
}

/** The same, synchronously (the Nx plugin's project graph is built in one synchronous pass). */
export function readKustomizationSync(dir: string, displayDir: string): KustomizationFile | 'none' | 'unreadable' {
  const name = KUSTOMIZATION_FILES.find((candidate) => {
    try {
      return statSync(join(dir, candidate)).isFile();
    } catch {
      return false;
    }
  });
  if (!name) return 'none';
  let text: string;
  try {
    text = readFileSync(join(dir, name), 'utf8');
  } catch {
    return 'unreadable';
  }
  return parseKustomization(joinDisplay(displayDir, name), text) ?? 'unreadable';
}

function joinDisplay(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir}/${name}`;
}
