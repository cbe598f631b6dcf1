/**
 * generateCached (generate/generate-cache.ts): the drift check's generated tree kept between runs. A kept tree is read
 * only for the same build, spec and local components, only when this user wrote it, and only when it is a tree;
 * anything else generates again. checkDrift with the cache says what it says without it.
 */
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDrift } from '../../tools/src/generate/drift.js';
import { cacheFile, generateCached, KEPT_TREES, type GenerateCache } from '../../tools/src/generate/generate-cache.js';
import { generate } from '../../tools/src/generate/index.js';
import { SAME_AS_BASE, specOf } from './spec-fixture.js';

const spec = specOf({ alpha: { ...SAME_AS_BASE, namespace: 'consul-alpha', datacenter: 'dc-alpha' } });
const tree = generate(spec);
let scratch: string;
let cache: GenerateCache;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'consul-gitops-generate-cache-'));
  cache = { dir: join(scratch, 'cache', 'generate'), build: 'build-1' };
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A tree that is not `tree`: what a read of the kept file returns, where a fresh generate would not. */
const planted = new Map([['base/kustomization.yaml', 'planted: true\n']]);
const plant = (file: string, text = JSON.stringify([...planted])) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('generateCached', () => {
  it('without a cache: generate itself, and nothing written', () => {
    expect(generateCached(spec, {}, undefined)).toEqual(tree);
    expect(existsSync(cache.dir)).toBe(false);
  });

  it('a first run generates and keeps the tree; the next run with the same build and spec reads it', () => {
    expect(generateCached(spec, {}, cache)).toEqual(tree);
    const file = cacheFile(cache, spec);
    expect(new Map(JSON.parse(readFileSync(file, 'utf8')) as [string, string][])).toEqual(tree);
    plant(file); // the next run returns what the file holds, so it read it rather than generating
    expect(generateCached(spec, {}, cache)).toEqual(planted);
    expect(readdirSync(cache.dir)).toEqual([file.slice(cache.dir.length + 1)]); // no temporary file left
  });

  it('a kept tree is not read for another build, another spec or other local components', () => {
    plant(cacheFile(cache, spec));
    const other = specOf({ alpha: { ...SAME_AS_BASE, namespace: 'consul-alpha', datacenter: 'dc-other' } });
    const withLocal = { localComponents: new Set(['alpha']) };
    expect(generateCached(spec, {}, { ...cache, build: 'build-2' })).toEqual(tree);
    expect(generateCached(other, {}, cache)).toEqual(generate(other));
    expect(generateCached(spec, withLocal, cache)).toEqual(generate(spec, withLocal));
    // each has its own file: four trees kept
    expect(readdirSync(cache.dir).filter((name) => name.endsWith('.json'))).toHaveLength(4);
  });

  it('the key reads the local components as a set: their order does not matter', () => {
    expect(cacheFile(cache, spec, { localComponents: new Set(['b', 'a']) })).toBe(
      cacheFile(cache, spec, { localComponents: new Set(['a', 'b']) }),
    );
    expect(cacheFile(cache, spec, { localComponents: new Set(['a']) })).not.toBe(cacheFile(cache, spec));
    expect(cacheFile(cache, spec).startsWith(`${cache.dir}/`)).toBe(true);
  });

  it.each([
    ['not JSON', '{'],
    ['not a list', '{"base/kustomization.yaml": "x"}'],
    ['an entry that is not a pair', '[["base/kustomization.yaml"]]'],
    ['an entry that is not a list', '["base/kustomization.yaml"]'],
    ['a text that is not a string', '[["base/kustomization.yaml", 1]]'],
    ['a path that is not a string', '[[1, "x"]]'],
  ])('a kept file that is %s: generated again, and replaced by the tree', (_, text) => {
    const file = cacheFile(cache, spec);
    plant(file, text);
    expect(generateCached(spec, {}, cache)).toEqual(tree);
    expect(new Map(JSON.parse(readFileSync(file, 'utf8')) as [string, string][])).toEqual(tree);
  });

  it.runIf(process.getuid?.() === 0)('a kept file another user wrote is not read (as root: the file given to nobody)', () => {
    const file = cacheFile(cache, spec);
    plant(file);
    chownSync(file, 65534, 65534);
    expect(generateCached(spec, {}, cache)).toEqual(tree);
  });

  it('a cache folder that cannot be written: the tree all the same, and no error', () => {
    mkdirSync(join(scratch, 'cache'), { recursive: true });
    writeFileSync(cache.dir, 'a file where the folder would be');
    expect(generateCached(spec, {}, cache)).toEqual(tree);
  });

  it(`keeps the ${KEPT_TREES} newest trees: a write drops the oldest beyond them`, () => {
    mkdirSync(cache.dir, { recursive: true });
    const old = Array.from({ length: KEPT_TREES + 2 }, (_, index) => join(cache.dir, `old-${index}.json`));
    old.forEach((file, index) => {
      writeFileSync(file, '[]');
      const seconds = 1_000_000 + index; // old-0 the oldest
      utimesSync(file, seconds, seconds);
    });
    writeFileSync(join(cache.dir, 'not-a-tree.txt'), 'kept: not a .json file');
    generateCached(spec, {}, cache);
    const left = readdirSync(cache.dir);
    expect(left).toContain(cacheFile(cache, spec).slice(cache.dir.length + 1));
    expect(left).toContain('not-a-tree.txt');
    expect(left.filter((name) => name.startsWith('old-')).sort()).toEqual(
      old
        .slice(3)
        .map((file) => file.slice(cache.dir.length + 1))
        .sort(),
    );
  });
});

describe('checkDrift with the cache', () => {
  let root: string;
  const put = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  beforeEach(async () => {
    root = join(scratch, 'repo');
    for (const [path, text] of tree) await put(path, text);
  });

  it('reports what it reports without the cache, on the run that fills it and on the run that reads it', async () => {
    await put('overlays/alpha/kustomization.yaml', 'edited: true\n');
    const without = await checkDrift(root, spec);
    expect(without.finding?.message).toMatch(/overlays\/alpha\/kustomization\.yaml \(differs\)/);
    expect(await checkDrift(root, spec, [], cache)).toEqual(without);
    expect(existsSync(cacheFile(cache, spec, { localComponents: new Set() }))).toBe(true);
    expect(await checkDrift(root, spec, [], cache)).toEqual(without);
  });

  it('reads the kept tree: a planted one is what the committed files are compared with', async () => {
    plant(cacheFile(cache, spec, { localComponents: new Set() }));
    const finding = (await checkDrift(root, spec, [], cache)).finding;
    // the planted tree holds base/kustomization.yaml alone (differs), so every other committed file of base/, overlays/ and
    // argocd/ is no longer generated: all of the tree but environments.schema.json, which sits outside those folders
    expect(finding?.message).toMatch(new RegExp(`^${tree.size - 1} generated file\\(s\\) are not what environments\\.yaml generates: `));
    expect(finding?.message).toMatch(/\(no longer generated\)/);
  });
});
