/**
 * Edge: the generated tree of a spec, kept between runs in the user's cache folder. `validate` compares the committed
 * tree with what the spec generates on every run (generate/drift.ts). That tree depends only on the spec, on which
 * environments have a local/ component, and on the generator's code (generate/ reads no file), so a run whose three
 * are those of an earlier run reads that run's tree instead of generating it again.
 *
 * Like V8's code cache (tools/bin/code-cache.js) it is a speed-up only, and kept the same way:
 * - out of the checkout: the launcher names a folder of the user's cache ($XDG_CACHE_HOME, else ~/.cache), since a
 *   pull request can add files anywhere in the checkout, and a planted tree would hide drift;
 * - read only when this user wrote it;
 * - keyed by the build (the launcher's key of the bundle it runs), the spec as loaded, and the local components;
 * - a file that is missing, unreadable or not a tree is generated again, and a write that fails changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spec } from '../environments/types.js';
import { generate, type GenerateOptions } from './index.js';

export interface GenerateCache {
  /** A folder of the user's cache, never of the checkout. */
  readonly dir: string;
  /** What identifies the generator's code: the launcher's key of the bundle that runs. */
  readonly build: string;
}

/**
 * Trees kept: one per spec a user validates in turn (branches, fleets); the oldest go first.
 * @internal the bound its test fills past; production reaches it through generateCached
 */
export const KEPT_TREES = 16;

/**
 * The file holding the tree `generate(spec, options)` makes with this build.
 * @internal where the tests plant a kept tree; production reaches it through generateCached
 */
export function cacheFile(cache: GenerateCache, spec: Spec, options: GenerateOptions = {}): string {
  const local = [...(options.localComponents ?? [])].sort();
  const key = createHash('sha256')
    .update(`${cache.build}\0`)
    .update(JSON.stringify(spec))
    .update('\0')
    .update(JSON.stringify(local))
    .digest('hex')
    .slice(0, 32);
  return join(cache.dir, `${key}.json`);
}

/** `generate(spec, options)`, read from `cache` when an earlier run with this build wrote it, and written there when not. */
export function generateCached(spec: Spec, options: GenerateOptions, cache: GenerateCache | undefined): Map<string, string> {
  if (cache === undefined) return generate(spec, options);
  const file = cacheFile(cache, spec, options);
  const kept = readTree(file);
  if (kept !== undefined) return kept;
  const files = generate(spec, options);
  writeTree(cache.dir, file, files);
  return files;
}

function readTree(file: string): Map<string, string> | undefined {
  try {
    if (statSync(file).uid !== process.getuid?.()) return undefined;
    const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(entries)) return undefined;
    const tree = new Map<string, string>();
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) return undefined;
      const [path, text] = entry as unknown[];
      if (typeof path !== 'string' || typeof text !== 'string') return undefined;
      tree.set(path, text);
    }
    return tree;
  } catch {
    return undefined; // none yet, or not one this run can read
  }
}

function writeTree(dir: string, file: string, files: ReadonlyMap<string, string>): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...files]));
    renameSync(temporary, file);
    const trees = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of trees.slice(KEPT_TREES)) rmSync(old.path, { force: true });
  } catch {
    // a read-only cache folder: the run goes on without it
  }
}
