/**
 * tools/bin/code-cache.js: the launcher compiles the bundled CLI with V8's code cache. A run without a cache writes
 * one, the next run of the same command uses it, and a cache that does not fit (another build of the file, a
 * corrupt file) is never used and is written anew. The cache never changes what the code does.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

interface Run {
  answer: number;
  where: string;
  line: number;
  used: boolean;
  cacheFile: string | null;
  saved: boolean;
  key: string;
}
/**
 * One load in a fresh Node process, as the launcher does it: within one process V8 compiles a source once and would
 * answer a second load from its own in-memory cache, whatever the cache file holds.
 */
function load(file: string, cacheDir: string | undefined, variant?: string): Run {
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(pathToFileURL(CODE_CACHE).href)});
    const [file, cacheDir, variant] = JSON.parse(process.argv[1]);
    const loaded = loadWithCodeCache(file, cacheDir ?? undefined, variant ?? undefined);
    const { answer, where, line } = loaded.exports;
    const saved = loaded.save();
    process.stdout.write(JSON.stringify({ answer: answer(20), where, line: line(), used: loaded.used, cacheFile: loaded.cacheFile ?? null, saved, key: loaded.key }));`;
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify([file, cacheDir ?? null, variant ?? null])],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as Run;
}
const CODE_CACHE = join(REPO_ROOT, 'tools/bin/code-cache.js');

const MODULE = `'use strict';
const { basename } = require('node:path');
exports.answer = (x) => x * 2 + 1;
exports.where = basename(__filename) + ' in ' + basename(__dirname);
exports.line = () => Number(/module\\.cjs:(\\d+)/.exec(new Error('here').stack)?.[1]);
`;

describe('loadWithCodeCache', () => {
  let dir: string;
  let file: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'consul-gitops-code-cache-'));
    file = join(dir, 'module.cjs');
    cache = join(dir, 'cache');
    writeFileSync(file, MODULE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the file as CommonJS (exports, require, __filename, __dirname) with its own line numbers', () => {
    const run = load(file, cache);
    expect(run.answer).toBe(41);
    expect(run.where).toMatch(/^module\.cjs in consul-gitops-code-cache-/);
    expect(run.line).toBe(5);
  });

  it('writes the cache after a run without one, and the next run uses it (and writes nothing)', () => {
    const first = load(file, cache, 'validate');
    expect(first).toMatchObject({ used: false, saved: true });
    expect(readdirSync(cache)).toEqual([`module.cjs.${first.key}.validate.v8`]);
    expect(first.key).toMatch(/^[0-9a-f]{16}$/);
    expect(load(file, cache, 'validate')).toMatchObject({ used: true, saved: false, answer: 41, line: 5, key: first.key });
  });

  it('keeps one cache per command, and another command does not use the first one', () => {
    load(file, cache, 'validate');
    expect(load(file, cache, 'gate')).toMatchObject({ used: false, saved: true });
    expect(readdirSync(cache).sort()).toEqual([expect.stringMatching(/\.gate\.v8$/), expect.stringMatching(/\.validate\.v8$/)]);
    // a name that is not a command word shares the default cache
    expect(load(file, cache, '--version').cacheFile).toMatch(/\.default\.v8$/);
    expect(load(file, cache, '../x')).toMatchObject({ used: true, cacheFile: expect.stringMatching(/\.default\.v8$/) });
  });

  it('does not use the cache of another build of the file (same length, other content), and drops it on save', () => {
    load(file, cache, 'validate');
    const old = readdirSync(cache)[0]!;
    writeFileSync(file, MODULE.replace('x * 2 + 1', 'x * 3 + 1'));
    const rebuilt = load(file, cache, 'validate');
    expect(rebuilt).toMatchObject({ used: false, saved: true, answer: 61 });
    expect(rebuilt.key).not.toBe(old.split('.')[2]); // the build's key, which the bundle's own caches are keyed by too
    expect(readdirSync(cache)).toHaveLength(1);
    expect(readdirSync(cache)).not.toContain(old);
  });

  it('runs without a corrupt cache (V8 rejects it) and writes it anew', () => {
    const { cacheFile } = load(file, cache, 'validate');
    writeFileSync(cacheFile!, Buffer.alloc(4096, 7));
    expect(load(file, cache, 'validate')).toMatchObject({ used: false, saved: true, answer: 41 });
    expect(readFileSync(cacheFile!).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(load(file, cache, 'validate').used).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)("does not use another user's cache file (V8 would run what it holds)", () => {
    const { cacheFile } = load(file, cache, 'validate');
    expect(load(file, cache, 'validate').used).toBe(true);
    chownSync(cacheFile!, 12345, 12345);
    expect(load(file, cache, 'validate')).toMatchObject({ used: false, answer: 41 });
  });

  it('runs, and saves nothing, where the cache cannot be written or no cache folder is given', () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    expect(load(file, join(dir, 'not-a-folder'), 'validate')).toMatchObject({ answer: 41, used: false, saved: false });
    expect(load(file, undefined, 'validate')).toMatchObject({ answer: 41, used: false, saved: false, cacheFile: null });
  });
});

describe('the launcher', () => {
  const launcher = join(REPO_ROOT, 'tools/bin/consul-gitops.js');
  const run = (env: Record<string, string>) =>
    execFileSync(process.execPath, [launcher, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });

  it("keeps the built CLI's code cache in the user's cache folder, and runs the same without it", () => {
    const xdg = mkdtempSync(join(tmpdir(), 'consul-gitops-xdg-'));
    try {
      const version = run({ XDG_CACHE_HOME: xdg });
      expect(readdirSync(join(xdg, 'consul-gitops/compile'))).toEqual([
        expect.stringMatching(/^main\.bundle\.cjs\.[0-9a-f]{16}\.default\.v8$/),
      ]);
      expect(run({ XDG_CACHE_HOME: xdg, CONSUL_GITOPS_CODE_CACHE: 'off' })).toBe(version);
      expect(version).toMatch(/^consul-gitops \d+\.\d+\.\d+/);
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });

  it("keeps validate's generated tree in the user's cache folder (CONSUL_GITOPS_GENERATE_CACHE=off: none), with the same report", () => {
    const xdg = mkdtempSync(join(tmpdir(), 'consul-gitops-xdg-'));
    const validate = (env: Record<string, string>) =>
      execFileSync(process.execPath, [launcher, 'validate', '-q', '--format', 'json'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', ...env },
      });
    try {
      const off = validate({ XDG_CACHE_HOME: xdg, CONSUL_GITOPS_GENERATE_CACHE: 'off' });
      expect(existsSync(join(xdg, 'consul-gitops/generate'))).toBe(false);
      const filling = validate({ XDG_CACHE_HOME: xdg });
      const trees = readdirSync(join(xdg, 'consul-gitops/generate'));
      expect(trees).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.json$/)]);
      const reading = validate({ XDG_CACHE_HOME: xdg });
      expect(readdirSync(join(xdg, 'consul-gitops/generate'))).toEqual(trees);
      expect(filling).toBe(off);
      expect(reading).toBe(off);
      expect(JSON.parse(off)).toMatchObject({ summary: { errors: 0 } });
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });

  it('never keeps it in the checkout, where a pull request can add files (ignored folders too)', () => {
    const inside = join(REPO_ROOT, 'tools/.cache/xdg-test');
    rmSync(inside, { recursive: true, force: true });
    try {
      expect(run({ XDG_CACHE_HOME: inside })).toMatch(/^consul-gitops /);
      execFileSync(process.execPath, [launcher, 'validate', '-q'], {
        cwd: REPO_ROOT,
        env: { ...process.env, CI: 'true', XDG_CACHE_HOME: inside },
      });
      expect(existsSync(inside)).toBe(false);
    } finally {
      rmSync(inside, { recursive: true, force: true });
    }
  });
});
