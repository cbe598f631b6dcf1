/**
 * Files mode's threads (tools/src/pipeline/file-threads.ts) in process: how many threads a run takes, one file's
 * read, the main thread's own share, and the engine that answers with what the threads found. Worker threads run
 * the built worker (tools/dist), so these stay on the main thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, fileThreadCount, readOnThreads, threadSchemaEngine } from '../../tools/src/pipeline/file-threads.js';
import { UsageError } from '../../tools/src/model/errors.js';
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
