/**
 * tools/scripts/mutate.mjs (`npm run mutate`): runs in one checkout take turns on the committed incremental file
 * (Stryker rewrites it whole, with test ids only its own report defines, so two at once would drop each other's
 * results), and the merge after a run keeps what Stryker left out. Stryker itself is not run here (one run takes
 * minutes, docs/testing.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { acquireRunLock, mergeIncremental } from '../../tools/scripts/mutate.mjs';

interface Mutant {
  id: string;
  status: string;
  mutatorName?: string;
  replacement?: string;
  location?: { start: { line: number; column: number }; end: { line: number; column: number } };
  killedBy?: string[];
  coveredBy?: string[];
}
interface Incremental {
  schemaVersion?: string;
  files: Record<string, { source?: string; mutants: Mutant[] }>;
  testFiles?: Record<string, { tests?: { id: string; name: string }[] }>;
}
const merge = mergeIncremental as (before: Incremental | undefined, after: Incremental, exists: (name: string) => boolean) => Incremental;
const acquire = acquireRunLock as (lock: string, options?: { onWait?: (pid: number) => void; pollMs?: number }) => () => void;

const result = (status: string) => ({ mutants: [{ id: '1', status }] });

describe('mergeIncremental', () => {
  it('takes what Stryker wrote and keeps the entries it left out (a file or test file this run did not know)', () => {
    const before = {
      schemaVersion: '2',
      files: { 'tools/src/a.ts': result('Survived'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/a.test.ts': { tests: [] }, 'tests/b.test.ts': { tests: [] } },
    };
    const after = {
      schemaVersion: '2',
      files: { 'tools/src/a.ts': result('Killed') },
      testFiles: { 'tests/a.test.ts': { tests: [{ id: '0', name: 'new' }] } },
    };
    expect(merge(before, after, () => true)).toEqual({
      schemaVersion: '2',
      files: { 'tools/src/a.ts': result('Killed'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/a.test.ts': { tests: [{ id: '0', name: 'new' }] }, 'tests/b.test.ts': { tests: [] } },
    });
  });

  it('drops the kept entries of files that no longer exist, never what Stryker wrote', () => {
    const before = {
      files: { 'tools/src/gone.ts': result('Killed'), 'tools/src/b.ts': result('Killed') },
      testFiles: { 'tests/gone.test.ts': {} },
    };
    const after = { files: { 'tools/src/new.ts': result('Killed') }, testFiles: {} };
    const merged = merge(before, after, (name) => !name.includes('gone') && name !== 'tools/src/new.ts');
    expect(Object.keys(merged.files).sort()).toEqual(['tools/src/b.ts', 'tools/src/new.ts']);
    expect(merged.testFiles).toEqual({});
  });

  it('takes what Stryker wrote alone when there was no file before', () => {
    const after = { files: { 'tools/src/a.ts': result('Killed') }, testFiles: { 'tests/a.test.ts': {} } };
    expect(merge(undefined, after, () => true)).toEqual(after);
  });
});

describe('mergeIncremental: test ids and narrowed runs', () => {
  const tests = (...names: [string, string][]) => ({ tests: names.map(([id, name]) => ({ id, name })) });

  it('numbers the tests afresh and carries each killedBy and coveredBy over by test file and name', () => {
    // Both reports number from 0: before's '1' is b's "second", after's '1' is a's "two".
    const before = {
      files: { 'tools/src/b.ts': { mutants: [{ id: 'm', status: 'Killed', killedBy: ['1'], coveredBy: ['0', '1'] }] } },
      testFiles: { 'tests/b.test.ts': tests(['0', 'first'], ['1', 'second']) },
    };
    const after = {
      files: { 'tools/src/a.ts': { mutants: [{ id: 'n', status: 'Killed', killedBy: ['1'], coveredBy: ['0', '1'] }] } },
      testFiles: { 'tests/a.test.ts': tests(['0', 'one'], ['1', 'two']) },
    };
    const merged = merge(before, after, () => true);
    const names = new Map(
      Object.entries(merged.testFiles ?? {}).flatMap(([file, entry]) =>
        (entry.tests ?? []).map((test) => [test.id, `${file} ${test.name}`] as const),
      ),
    );
    expect(names.size).toBe(4);
    const named = (list: string[] | undefined) => list?.map((id) => names.get(id));
    expect(named(merged.files['tools/src/b.ts']!.mutants[0]!.killedBy)).toEqual(['tests/b.test.ts second']);
    expect(named(merged.files['tools/src/b.ts']!.mutants[0]!.coveredBy)).toEqual(['tests/b.test.ts first', 'tests/b.test.ts second']);
    expect(named(merged.files['tools/src/a.ts']!.mutants[0]!.killedBy)).toEqual(['tests/a.test.ts two']);
    expect(named(merged.files['tools/src/a.ts']!.mutants[0]!.coveredBy)).toEqual(['tests/a.test.ts one', 'tests/a.test.ts two']);
  });

  it('drops a kept reference to a test the run no longer has, and carries one whose test is still there', () => {
    const before = {
      files: { 'tools/src/b.ts': { mutants: [{ id: 'm', status: 'Survived', coveredBy: ['0', '1'] }] } },
      testFiles: { 'tests/a.test.ts': tests(['0', 'renamed away'], ['1', 'kept']) },
    };
    const after = { files: {}, testFiles: { 'tests/a.test.ts': tests(['0', 'kept']) } };
    const merged = merge(before, after, () => true);
    expect(merged.files['tools/src/b.ts']!.mutants[0]!.coveredBy).toEqual(['0']);
    expect(merged.testFiles?.['tests/a.test.ts']?.tests).toEqual([{ id: '0', name: 'kept' }]);
  });

  it('keeps the mutants a run narrowed to lines did not run when the source is unchanged, and only those', () => {
    const before = {
      files: {
        'tools/src/a.ts': {
          source: 'same',
          mutants: [
            { id: 'line 3', status: 'Survived' },
            { id: 'line 9', status: 'Killed' },
          ],
        },
      },
      testFiles: {},
    };
    const after = { files: { 'tools/src/a.ts': { source: 'same', mutants: [{ id: 'line 3', status: 'Killed' }] } }, testFiles: {} };
    expect(merge(before, after, () => true).files['tools/src/a.ts']!.mutants).toEqual([
      { id: 'line 9', status: 'Killed' },
      { id: 'line 3', status: 'Killed' },
    ]);
  });

  it('names a mutant by its place, mutator and replacement: a run that ran it again under a new id replaces its old result', () => {
    // Stryker numbers the mutants it runs ('23') and names the ones it carries over by their place (its 0-based key).
    const at = (line: number, column: number, end: number) => ({ start: { line, column }, end: { line, column: end } });
    const block = { mutatorName: 'BlockStatement', replacement: '{}', location: at(31, 70, 80) };
    const literal = { mutatorName: 'StringLiteral', replacement: '""', location: at(31, 70, 80) };
    const other = { mutatorName: 'BlockStatement', replacement: '{}', location: at(36, 50, 60) };
    const before = {
      files: {
        'tools/src/a.ts': {
          source: 'same',
          mutants: [
            { id: 'tools/src/a.ts@30:69-30:79\nBlockStatement: {}', status: 'NoCoverage', ...block },
            { id: 'tools/src/a.ts@30:69-30:79\nStringLiteral: ""', status: 'Survived', ...literal },
            { id: 'tools/src/a.ts@35:49-35:59\nBlockStatement: {}', status: 'Survived', ...other },
            { id: '4', status: 'Killed', ...other },
          ],
        },
      },
      testFiles: {},
    };
    const after = { files: { 'tools/src/a.ts': { source: 'same', mutants: [{ id: '23', status: 'Killed', ...block }] } }, testFiles: {} };
    expect(merge(before, after, () => true).files['tools/src/a.ts']!.mutants).toEqual([
      { id: 'tools/src/a.ts@30:69-30:79\nStringLiteral: ""', status: 'Survived', ...literal },
      { id: '4', status: 'Killed', ...other },
      { id: '23', status: 'Killed', ...block },
    ]);
  });

  it('takes the file as Stryker wrote it when its source changed (the old mutants name places that moved)', () => {
    const before = { files: { 'tools/src/a.ts': { source: 'old', mutants: [{ id: 'line 9', status: 'Killed' }] } }, testFiles: {} };
    const after = { files: { 'tools/src/a.ts': { source: 'new', mutants: [{ id: 'line 3', status: 'Killed' }] } }, testFiles: {} };
    expect(merge(before, after, () => true).files['tools/src/a.ts']).toEqual(after.files['tools/src/a.ts']);
  });
});

describe('acquireRunLock: runs in one checkout take turns', () => {
  let lock: string;
  beforeEach(() => {
    lock = join(mkdtempSync(join(tmpdir(), 'consul-gitops-mutate-lock-')), 'stryker-incremental.json.lock');
  });

  it('takes a free lock with its own PID, and the release removes it', () => {
    const release = acquire(lock);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the lock of a run that is gone, or one that names no PID, without waiting', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    for (const text of [`${gone}\n`, 'not a pid\n', '']) {
      writeFileSync(lock, text);
      const waited: number[] = [];
      const release = acquire(lock, { onWait: (pid) => waited.push(pid), pollMs: 50 });
      expect(waited).toEqual([]);
      expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
      release();
    }
  });

  it('waits while a live run holds it, saying so once with its PID, and takes it when that run ends', () => {
    // a child of this process: when it ends it stays a zombie (still there for kill -0) until Node reaps it, which Node
    // cannot while the lock blocks; a zombie is a run that has ended
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 700)']).pid!;
    writeFileSync(lock, `${holder}\n`);
    const waited: number[] = [];
    const started = Date.now();
    // the other run removes nothing (killed past any handler, say): its end alone frees the lock
    const release = acquire(lock, { onWait: (pid) => waited.push(pid), pollMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(waited).toEqual([holder]);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
