/**
 * tools/scripts/mutate.mjs (`npm run mutate`): how a run's Stryker results reach the committed incremental file.
 * Each run works on a private copy and merges at its end into the file as it is then, so two runs in one checkout
 * keep each other's results. Stryker itself is not run here (one run takes minutes, docs/testing.md): the
 * files it would write are written by the test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { mergeIncremental, mergeRun, withLock } from '../../tools/scripts/mutate.mjs';

interface Incremental {
  schemaVersion?: string;
  files: Record<string, { mutants: unknown[] }>;
  testFiles?: Record<string, unknown>;
}
const merge = mergeIncremental as (current: Incremental | undefined, run: Incremental, exists: (name: string) => boolean) => Incremental;
const mergeRunOf = mergeRun as (root: string, file: string, runFile: string, seed: string | undefined) => boolean;
const lockAround = withLock as <T>(lock: string, update: () => T, options?: { waitMs?: number; staleMs?: number }) => T;

const result = (status: string) => ({ mutants: [{ id: '1', status }] });

describe('mergeIncremental', () => {
  it("lays the run's files and test files over the current ones and keeps the others", () => {
    const current = {
      schemaVersion: '2',
      files: { 'tools/src/a.ts': result('Survived'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/a.test.ts': { tests: [] }, 'tests/b.test.ts': { tests: [] } },
    };
    const run = { schemaVersion: '2', files: { 'tools/src/a.ts': result('Killed') }, testFiles: { 'tests/a.test.ts': { tests: ['new'] } } };
    expect(merge(current, run, () => true)).toEqual({
      schemaVersion: '2',
      files: { 'tools/src/a.ts': result('Killed'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/a.test.ts': { tests: ['new'] }, 'tests/b.test.ts': { tests: [] } },
    });
  });

  it('drops the current entries of files that no longer exist, never those of the run', () => {
    const current = {
      files: { 'tools/src/gone.ts': result('Killed'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/gone.test.ts': {} },
    };
    const run = { files: { 'tools/src/new.ts': result('Killed') }, testFiles: {} };
    const merged = merge(current, run, (name) => !name.includes('gone') && name !== 'tools/src/new.ts');
    expect(Object.keys(merged.files).sort()).toEqual(['tools/src/b.ts', 'tools/src/new.ts']);
    expect(merged.testFiles).toEqual({});
  });

  it('takes the run alone when there is no committed file yet', () => {
    const run = { files: { 'tools/src/a.ts': result('Killed') }, testFiles: { 'tests/a.test.ts': {} } };
    expect(merge(undefined, run, () => true)).toEqual(run);
  });
});

describe('mergeRun', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'consul-gitops-mutate-'));
    mkdirSync(join(root, 'reports'));
    for (const name of ['a.ts', 'b.ts']) writeFileSync(join(root, name), '');
    file = join(root, 'reports/stryker-incremental.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as Incremental;

  it("keeps both results when two runs in one checkout end one after the other (each seeded before the other's end)", () => {
    const seed = `${JSON.stringify({ files: { 'a.ts': result('Survived'), 'b.ts': result('Survived') }, testFiles: {} })}\n`;
    writeFileSync(file, seed);
    // both runs start from the same committed file; each Stryker writes its own private file with its files only
    const runA = join(root, 'reports/stryker-incremental.run-1.json');
    const runB = join(root, 'reports/stryker-incremental.run-2.json');
    writeFileSync(runA, JSON.stringify({ files: { 'a.ts': result('Killed') }, testFiles: {} }));
    writeFileSync(runB, JSON.stringify({ files: { 'b.ts': result('Killed') }, testFiles: {} }));
    expect(mergeRunOf(root, file, runA, seed)).toBe(true);
    expect(mergeRunOf(root, file, runB, seed)).toBe(true);
    expect(read().files).toEqual({ 'a.ts': result('Killed'), 'b.ts': result('Killed') });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('changes nothing when Stryker stopped before writing (the private file still holds the seed)', () => {
    const seed = `${JSON.stringify({ files: { 'a.ts': result('Survived') }, testFiles: {} })}\n`;
    writeFileSync(file, JSON.stringify({ files: { 'a.ts': result('Killed') }, testFiles: {} })); // another run's result
    const runFile = join(root, 'reports/stryker-incremental.run-1.json');
    writeFileSync(runFile, seed);
    expect(mergeRunOf(root, file, runFile, seed)).toBe(false);
    expect(read().files).toEqual({ 'a.ts': result('Killed') });
    expect(mergeRunOf(root, file, join(root, 'reports/absent.json'), seed)).toBe(false);
  });

  it('writes the committed file from the run alone when there was none', () => {
    const runFile = join(root, 'reports/stryker-incremental.run-1.json');
    writeFileSync(runFile, JSON.stringify({ files: { 'a.ts': result('Killed') }, testFiles: {} }));
    expect(mergeRunOf(root, file, runFile, undefined)).toBe(true);
    expect(read()).toEqual({ files: { 'a.ts': result('Killed') }, testFiles: {} });
  });
});

describe('withLock', () => {
  let lock: string;
  beforeEach(() => {
    lock = join(mkdtempSync(join(tmpdir(), 'consul-gitops-mutate-lock-')), 'file.lock');
  });

  it('runs the update holding the lock and releases it, also when the update throws', () => {
    expect(lockAround(lock, () => existsSync(lock))).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(() =>
      lockAround(lock, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('gives up naming the lock while another run holds it', () => {
    writeFileSync(lock, '');
    expect(() => lockAround(lock, () => 1, { waitMs: 300 })).toThrow(/file\.lock is held by another run/);
    expect(existsSync(lock)).toBe(true);
  });

  it('takes over a lock left by a killed run (older than the stale age)', () => {
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(lockAround(lock, () => 'ran', { waitMs: 300, staleMs: 30_000 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });
});
