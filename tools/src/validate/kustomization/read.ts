/** Edge: read an overlay's kustomization tree (local resources, components and bases, recursively). */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { displayPath, KUSTOMIZATION_FILES } from '../../discover.js';
import { isRemoteReference } from '../../model/kustomize-reference.js';
import { toJsWithinLimits } from '../../model/yaml-limits.js';
import type { KustomizationFile } from './file.js';
import { REFERENCE_FIELDS } from './rules.js';

/** Parse one kustomization file's text: content plus the lines of top-level keys and list entries. */
export function parseKustomization(path: string, text: string): KustomizationFile | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const lines: Record<string, number> = {};
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    if (pair.key.range) lines[key] = lineCounter.linePos(pair.key.range[0]).line;
    if (isSeq(pair.value)) {
      pair.value.items.forEach((item, index) => {
        const range = (item as { range?: [number, number, number] } | null)?.range;
        if (range) lines[`${key}/${index}`] = lineCounter.linePos(range[0]).line;
      });
    }
  }
  const content = toJsWithinLimits(document);
  return { path, content: typeof content === 'object' && content !== null && !Array.isArray(content) ? (content as Record<string, unknown>) : {}, lines };
}

async function kustomizationIn(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  }
  return undefined;
}

/**
 * Every kustomization file reachable from `dir` through local directory references, each read once.
 * Files that cannot be read or parsed are skipped: the kustomize build reports them.
 */
export async function readKustomizationTree(dir: string, repoRoot: string): Promise<KustomizationFile[]> {
  const files: KustomizationFile[] = [];
  const seen = new Set<string>();
  const visit = async (current: string): Promise<void> => {
    const absolute = resolve(current);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const file = await kustomizationIn(absolute);
    if (!file) return;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : parseKustomization(displayPath(repoRoot, file), text);
    if (!parsed) return;
    files.push(parsed);
    for (const field of REFERENCE_FIELDS) {
      const list = parsed.content[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || isRemoteReference(entry)) continue;
        const target = resolve(absolute, entry);
        if ((await stat(target).catch(() => undefined))?.isDirectory()) await visit(target);
      }
    }
  };
  await visit(dir);
  return files;
}
