/**
 * Files mode's threads (tools/src/pipeline/file-threads.ts) in process: how many threads a run takes on a given
 * machine, one file's read, how the files are shared out (the worker threads' shares read in process by
 * file-share.ts's checkShare, structured-cloned as a post would), how a worker's results join the main thread's,
 * the runner that starts a worker thread (on small scripts of its own), and the engine that answers with what the
 * threads found. The built worker's real threads are run by tests/cli/files-mode.test.ts.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShare } from '../../tools/src/pipeline/file-share.js';
import {
  checkFile,
  fileThreadCount,
  readOnThreads,
  threadSchemaEngine,
  workerRunner,
  type FileShare,
  type FileShareResult,
  type ShareRunner,
  type ThreadHost,
} from '../../tools/src/pipeline/file-threads.js';
import { EnvironmentError, UsageError } from '../../tools/src/model/errors.js';
import type { Finding } from '../../tools/src/model/finding.js';
import type { SchemaEngine } from '../../tools/src/validate/schema/engine.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { configMap, offlineSchema } from '../helpers/pipeline-repo.js';

const WORKER_BUILT = existsSync(join(REPO_ROOT, 'tools/dist/cli/file-worker.bundle.js'));
const offline = { name: 'offline', validate: () => Promise.resolve([]) } as SchemaEngine;
const finding = (message: string): Finding => ({ rule: 'schema', severity: 'error', message });

describe('fileThreadCount', () => {
  it.each(['0', '1000', '-1', '2x', '', ' 2', '01'])('refuses CONSUL_GITOPS_FILE_THREADS=%j', (value) => {
    expect(() => fileThreadCount(100, offline, {}, { CONSUL_GITOPS_FILE_THREADS: value })).toThrow(
      new UsageError(
        `CONSUL_GITOPS_FILE_THREADS must be a whole number of threads from 1 to 999 (1: the main thread alone), not '${value}'`,
      ),
    );
  });

  it('checks the variable even where only one thread would run', () => {
    expect(() => fileThreadCount(1, { ...offline, name: 'kubeconform' }, {}, { CONSUL_GITOPS_FILE_THREADS: 'x' })).toThrow(UsageError);
  });

  it('runs one thread for another engine or with --schemas folders, whatever the variable says', () => {
    expect(fileThreadCount(500, { ...offline, name: 'kubeconform' }, {}, { CONSUL_GITOPS_FILE_THREADS: '4' })).toBe(1);
    expect(fileThreadCount(500, offline, { schemaDirs: ['crds'] }, { CONSUL_GITOPS_FILE_THREADS: '4' })).toBe(1);
  });

  it('runs one thread for fewer than 40 files unless told otherwise', () => {
    expect(fileThreadCount(39, offline, {}, {})).toBe(1);
    expect(fileThreadCount(1, offline, {}, {})).toBe(1);
  });

  it('takes the threads the variable asks for, never more than the files, with the worker built', () => {
    expect(fileThreadCount(500, offline, {}, { CONSUL_GITOPS_FILE_THREADS: '1' })).toBe(1);
    expect(fileThreadCount(500, offline, {}, { CONSUL_GITOPS_FILE_THREADS: '3' })).toBe(WORKER_BUILT ? 3 : 1);
    expect(fileThreadCount(2, offline, {}, { CONSUL_GITOPS_FILE_THREADS: '3' })).toBe(WORKER_BUILT ? 2 : 1);
    expect(fileThreadCount(500, offline, { schemaDirs: [] }, {})).toBeGreaterThanOrEqual(1);
  });
});

describe('fileThreadCount on a given machine', () => {
  /** A machine with the worker built and four idle cores unless a case says otherwise. */
  const machine = (overrides: Partial<ThreadHost> = {}): ThreadHost => ({
    workerBuilt: () => true,
    cores: () => 4,
    loadAverage: () => [0, 0, 0],
    ...overrides,
  });
  const forced = (threads: string): NodeJS.ProcessEnv => ({ CONSUL_GITOPS_FILE_THREADS: threads });

  it('takes the threads the variable asks for, never more than the files', () => {
    expect(fileThreadCount(500, offline, {}, forced('3'), machine())).toBe(3);
    expect(fileThreadCount(500, offline, {}, forced('7'), machine({ cores: () => 2 }))).toBe(7);
    expect(fileThreadCount(2, offline, {}, forced('3'), machine())).toBe(2);
    expect(fileThreadCount(5, offline, {}, forced('1'), machine())).toBe(1);
  });

  it('runs one thread without the built worker, whatever the variable says', () => {
    expect(fileThreadCount(500, offline, {}, forced('3'), machine({ workerBuilt: () => false }))).toBe(1);
    expect(fileThreadCount(500, offline, {}, {}, machine({ workerBuilt: () => false }))).toBe(1);
  });

  it('runs one thread for another engine or with --schemas folders, threads for an empty or no folder list', () => {
    expect(fileThreadCount(500, { ...offline, name: 'kubeconform' }, {}, forced('4'), machine())).toBe(1);
    expect(fileThreadCount(500, offline, { schemaDirs: ['crds'] }, forced('4'), machine())).toBe(1);
    expect(fileThreadCount(500, offline, { schemaDirs: [] }, forced('4'), machine())).toBe(4);
    expect(fileThreadCount(500, offline, {}, forced('4'), machine())).toBe(4);
  });

  it('runs one thread for fewer than 40 files, one per idle core from 40 on', () => {
    expect(fileThreadCount(39, offline, {}, {}, machine())).toBe(1);
    expect(fileThreadCount(40, offline, {}, {}, machine())).toBe(4);
    expect(fileThreadCount(500, offline, {}, {}, machine({ cores: () => 3 }))).toBe(3);
  });

  it.each([
    [[0, 0, 0], 4],
    [[0.9, 3, 3], 4],
    [[1, 0, 0], 4],
    [[1.5, 0, 0], 3],
    [[3.2, 0, 0], 1],
    [[4, 0, 0], 1],
    [[10, 0, 0], 1],
    [[], 4],
  ])('on four cores with load averages %j takes %i threads, the main thread included', (load, threads) => {
    expect(fileThreadCount(500, offline, {}, {}, machine({ loadAverage: () => load }))).toBe(threads);
  });

  it('never takes more threads than files, even with idle cores', () => {
    expect(fileThreadCount(40, offline, {}, {}, machine({ cores: () => 64 }))).toBe(40);
  });
});

describe('checkFile', () => {
  it('parses a file and checks its schemas', async () => {
    const { engine } = await offlineSchema();
    const read = await checkFile({ path: 'a.yaml', text: configMap('a', 'apps', '1') }, engine, {});
    expect(read.parsed.resources.map((resource) => resource.ref.name)).toEqual(['a']);
    expect(read.schema.map((item) => [item.rule, item.location?.file])).toEqual([['schema', 'a.yaml']]);
    expect(read.schemaError).toBeUndefined();
  });

  it('parses from the values given instead of the text', async () => {
    const values = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-values', namespace: 'apps' } }];
    const read = await checkFile({ path: 'a.yaml', text: configMap('from-text') }, offline, {}, values);
    expect(read.parsed.resources.map((resource) => resource.ref.name)).toEqual(['from-values']);
  });

  it('keeps the message of a schema engine that fails, with no findings', async () => {
    const failing = { name: 'offline', validate: () => Promise.reject(new Error('broken engine')) } as SchemaEngine;
    const read = await checkFile({ path: 'a.yaml', text: configMap('a') }, failing, {});
    expect(read.schema).toEqual([]);
    expect(read.schemaError).toBe('broken engine');
    expect(read.parsed.resources).toHaveLength(1);
  });
});

describe('readOnThreads', () => {
  it('reads every file in order on the main thread alone', async () => {
    const { engine } = await offlineSchema();
    const files = ['a', 'b', 'c'].map((name) => ({ path: `${name}.yaml`, text: configMap(name) }));
    const reads = await readOnThreads(files, 1, engine, {});
    expect(reads.map((read) => read.parsed.resources[0]?.ref.name)).toEqual(['a', 'b', 'c']);
    expect(reads.every((read) => read.schema.length === 0)).toBe(true);
  });

  it('reads nothing for no files', async () => {
    expect(await readOnThreads([], 1, offline, {})).toEqual([]);
  });
});

/** A runner that reads each share in process as a worker thread would, and remembers the paths of every share it got. */
function inProcessRunner(): { shares: string[][]; run: ShareRunner } {
  const shares: string[][] = [];
  const run: ShareRunner = async (share) => {
    shares.push(share.files.map((file) => file.path));
    return structuredClone(await checkShare(share));
  };
  return { shares, run };
}

/** Files named f1, f2, ... with texts of the given lengths. */
const sized = (...lengths: number[]): { path: string; text: string }[] =>
  lengths.map((length, index) => ({ path: `f${index + 1}`, text: '#'.repeat(length) }));

describe('readOnThreads: the shares', () => {
  const paths = (files: readonly { path: string }[]): string[] => files.map((file) => file.path);

  it.each([
    [
      'the main thread reads one and a half shares: 6 of 10 equal files on two threads',
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      2,
      6,
      [['f7', 'f8', 'f9', 'f10']],
    ],
    ['a share ends at the file that reaches its size, not after it', [30, 30, 40], 2, 2, [['f3']]],
    [
      'three threads: 3, 2 and 2 of 7 equal files',
      [10, 10, 10, 10, 10, 10, 10],
      3,
      3,
      [
        ['f4', 'f5'],
        ['f6', 'f7'],
      ],
    ],
    [
      'an empty file at the end stays in the last share',
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0],
      2,
      6,
      [['f7', 'f8', 'f9', 'f10', 'f11']],
    ],
    ['no share is left for a worker when the first takes every file', [10, 10], 2, 2, []],
    ['sizes, not counts: one big file first is the main share', [100, 1, 1, 1, 1], 2, 1, [['f2', 'f3', 'f4', 'f5']]],
  ])('%s', async (_name, lengths, threads, ownCount, workerShares) => {
    const files = sized(...lengths);
    const runner = inProcessRunner();
    const reads = await readOnThreads(files, threads, offline, {}, runner.run);
    expect(runner.shares).toEqual(workerShares);
    expect(reads).toHaveLength(files.length);
    expect(paths(files.slice(0, ownCount)).concat(runner.shares.flat())).toEqual(paths(files));
  });

  it('gives each worker its share with the schema options', async () => {
    const seen: FileShare[] = [];
    const run: ShareRunner = (share) => (seen.push(share), Promise.resolve(share.files.map(() => ({ values: undefined, schema: [] }))));
    await readOnThreads(sized(10, 10, 10), 2, offline, { schemaDirs: [] }, run);
    expect(seen).toEqual([{ files: sized(10, 10, 10).slice(2), schemaOptions: { schemaDirs: [] } }]);
  });
});

describe('readOnThreads: the reads', () => {
  it("reads every file in order on three threads, the report's objects and findings those of one thread", async () => {
    const { engine } = await offlineSchema();
    const files = Array.from({ length: 9 }, (_, index) => ({
      path: `${index}.yaml`,
      text: configMap(`cm-${index}`, 'apps', index % 2 ? '1' : '"x"'),
    }));
    const runner = inProcessRunner();
    const threaded = await readOnThreads(files, 3, engine, {}, runner.run);
    const single = await readOnThreads(files, 1, engine, {});
    expect(runner.shares.length).toBe(2);
    expect(threaded.map((read) => read.parsed.resources.map((resource) => resource.ref.name))).toEqual(
      files.map((_, index) => [`cm-${index}`]),
    );
    expect(threaded.map((read) => read.schema)).toEqual(single.map((read) => read.schema));
    expect(threaded.map((read) => read.parsed.resources.map((resource) => resource.location))).toEqual(
      single.map((read) => read.parsed.resources.map((resource) => resource.location)),
    );
  });

  it("parses a worker's files from the values it posts, and from their text when it posts none", async () => {
    const files = [
      { path: 'own.yaml', text: `${configMap('own')}# the main thread's share: the larger file\n${'#'.repeat(1000)}\n` },
      { path: 'posted.yaml', text: configMap('from-text') },
      { path: 'unposted.yaml', text: configMap('unposted') },
    ];
    const posted = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-values', namespace: 'apps' } }];
    const run: ShareRunner = () =>
      Promise.resolve([
        { values: posted, schema: [] },
        { values: undefined, schema: [] },
      ]);
    const reads = await readOnThreads(files, 2, offline, {}, run);
    expect(reads.map((read) => read.parsed.resources.map((resource) => resource.ref.name))).toEqual([
      ['own'],
      ['from-values'],
      ['unposted'],
    ]);
  });

  it("keeps a worker's findings and failures with the file they belong to, and no failure where there was none", async () => {
    const files = sized(60, 10, 10, 10);
    const run: ShareRunner = () =>
      Promise.resolve<FileShareResult[]>([
        { values: undefined, schema: [finding('second')] },
        { values: undefined, schema: [], schemaError: 'broken' },
        { values: undefined, schema: [finding('fourth')] },
      ]);
    const reads = await readOnThreads(files, 2, offline, {}, run);
    expect(reads.map((read) => read.schema)).toEqual([[], [finding('second')], [], [finding('fourth')]]);
    expect(reads.map((read) => read.schemaError)).toEqual([undefined, undefined, 'broken', undefined]);
    expect(reads.map((read) => 'schemaError' in read)).toEqual([false, false, true, false]);
  });

  it("fails with the worker's failure once the main thread's share is read", async () => {
    const failure = new EnvironmentError('validate -f: a worker thread failed: x');
    await expect(readOnThreads(sized(10, 10, 10, 10), 2, offline, {}, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});

describe('workerRunner', () => {
  const script = (source: string): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'file-worker-')), 'worker.mjs');
    writeFileSync(path, source);
    return path;
  };
  const share: FileShare = { files: [{ path: 'a.yaml', text: 'a: 1\n' }], schemaOptions: { schemaDirs: [] } };
  const hint = 'CONSUL_GITOPS_FILE_THREADS=1 checks the files in the main thread';

  it('starts the script on a thread with the share and answers with what it posts', async () => {
    const echo = script(
      "import { parentPort, workerData } from 'node:worker_threads';\n" +
        'parentPort.postMessage(workerData.files.map((file) => ({ values: [file.path, file.text], schema: [], options: workerData.schemaOptions })));\n',
    );
    expect(await workerRunner(echo)(share)).toEqual([{ values: ['a.yaml', 'a: 1\n'], schema: [], options: { schemaDirs: [] } }]);
  });

  it('fails with an environment error naming what the thread threw', async () => {
    const throwing = script("throw new Error('no schema data');\n");
    await expect(workerRunner(throwing)(share)).rejects.toThrow(
      new EnvironmentError(`validate -f: a worker thread failed: no schema data; ${hint}`),
    );
  });

  it('fails with an environment error when the thread stops before it posts', async () => {
    const quitting = script('process.exit(3);\n');
    await expect(workerRunner(quitting)(share)).rejects.toThrow(
      new EnvironmentError(`validate -f: a worker thread stopped (exit code 3) before it returned its files; ${hint}`),
    );
  });
});

describe('threadSchemaEngine', () => {
  it('answers with every finding the threads found, in file order, under the name given', async () => {
    const engine = threadSchemaEngine('offline', [{ schema: [finding('a')] }, { schema: [] }, { schema: [finding('b'), finding('c')] }]);
    expect(engine.name).toBe('offline');
    expect(await engine.validate([], {})).toEqual([finding('a'), finding('b'), finding('c')]);
  });

  it("fails with the first thread's failure", async () => {
    const engine = threadSchemaEngine('offline', [
      { schema: [finding('a')] },
      { schema: [], schemaError: 'first' },
      { schema: [], schemaError: 'second' },
    ]);
    await expect(engine.validate([], {})).rejects.toThrow(new Error('first'));
  });

  it('fails on an empty failure message too', async () => {
    const engine = threadSchemaEngine('offline', [{ schema: [], schemaError: '' }]);
    await expect(engine.validate([], {})).rejects.toThrow(Error);
  });
});
