/**
 * What a worker thread of files mode does with its share (tools/src/pipeline/file-share.ts), in process: the values
 * it posts per file (only plain data survives the post unchanged; the main thread parses the others itself) and the
 * schema findings or the engine's failure it returns beside them.
 */
import { describe, expect, it } from 'vitest';
import { checkShare, isPlainData } from '../../tools/src/pipeline/file-share.js';
import { checkFile } from '../../tools/src/pipeline/file-threads.js';
import type { SchemaEngine } from '../../tools/src/validate/schema/engine.js';
import { configMap, offlineSchema } from '../helpers/pipeline-repo.js';

describe('isPlainData', () => {
  it.each([
    ['null', null],
    ['a string', 'x'],
    ['the empty string', ''],
    ['a number', 1.5],
    ['zero', 0],
    ['a boolean', false],
    ['an empty object', {}],
    ['an empty array', []],
    ['an array of plain values', [1, 'x', true, null, { a: [2] }]],
    ['an object of plain values', { a: 1, b: 'x', c: true, d: null, e: [{ f: 2 }] }],
  ])('takes %s', (_name, value) => {
    expect(isPlainData(value)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['an instance of a class', new (class Point {})()],
    ['an object without a prototype', Object.create(null) as object],
    ['an object with an own __proto__ key', JSON.parse('{"__proto__": 1}') as object],
    ['an array holding a Date', [1, new Date(0)]],
    ['an array holding a Date first', [new Date(0), 1]],
    ['an object holding a Date', { a: 1, b: new Date(0) }],
    ['an object holding a Date first', { b: new Date(0), a: 1 }],
    ['an object holding undefined deep down', { a: [{ b: undefined }] }],
  ])('refuses %s', (_name, value) => {
    expect(isPlainData(value)).toBe(false);
  });
});

describe('checkShare', () => {
  it('returns per file, in order, the documents values and the schema findings of the offline engine', async () => {
    const results = await checkShare({
      files: [
        { path: 'a.yaml', text: configMap('a', 'apps', '1') },
        { path: 'b.yaml', text: `---\n---\n${configMap('b')}` },
      ],
      schemaOptions: {},
    });
    expect(results.map((result) => result.values)).toEqual([
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'apps' }, data: { a: 1 } }],
      [null, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'apps' }, data: { a: 'b' } }],
    ]);
    expect(results.map((result) => result.schema.map((finding) => [finding.rule, finding.location?.file]))).toEqual([
      [['schema', 'a.yaml']],
      [],
    ]);
    expect(results.every((result) => !('schemaError' in result))).toBe(true);
  });

  it('posts values of every plain kind: numbers, booleans, null, strings, lists and maps', async () => {
    const text = `${configMap('a')}extra:\n  list: [1, true, null, x, {b: 1.5}]\n  flag: false\n`;
    const [result] = await checkShare({ files: [{ path: 'a.yaml', text }], schemaOptions: {} });
    expect(result?.values).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', namespace: 'apps' },
        data: { a: 'b' },
        extra: { list: [1, true, null, 'x', { b: 1.5 }], flag: false },
      },
    ]);
  });

  it('posts no values for a file whose objects a structured clone would change (an own __proto__ key), and still checks it', async () => {
    // the first document is plain, the second is not: the file's values are posted whole or not at all
    const file = { path: 'a.yaml', text: `${configMap('a', 'apps', '1')}---\n${configMap('b', 'apps', '1')}__proto__: x\n` };
    const [result] = await checkShare({ files: [file], schemaOptions: {} });
    expect(result?.values).toBeUndefined();
    const { engine } = await offlineSchema();
    expect(result?.schema).toEqual((await checkFile(file, engine, {})).schema);
  });

  it('posts no values for a file the fast YAML path cannot read (an alias)', async () => {
    const text = `${configMap('a')}extra:\n  x: &v 1\n  y: *v\n`;
    const [result] = await checkShare({ files: [{ path: 'a.yaml', text }], schemaOptions: {} });
    expect(result?.values).toBeUndefined();
  });

  it("returns an engine's failure per file, with no findings, and the other files' findings beside it", async () => {
    let calls = 0;
    const flaky = {
      name: 'offline',
      validate: () => (++calls === 2 ? Promise.reject(new Error('broken engine')) : Promise.resolve([])),
    } as SchemaEngine;
    const files = ['a', 'b', 'c'].map((name) => ({ path: `${name}.yaml`, text: configMap(name) }));
    const results = await checkShare({ files, schemaOptions: {} }, flaky);
    expect(results.map((result) => result.schemaError)).toEqual([undefined, 'broken engine', undefined]);
    expect(results.map((result) => 'schemaError' in result)).toEqual([false, true, false]);
    expect(results.map((result) => result.schema)).toEqual([[], [], []]);
  });

  it('passes the schema options of the share to the engine', async () => {
    const seen: unknown[] = [];
    const recording = { name: 'offline', validate: (_resources, options) => (seen.push(options), Promise.resolve([])) } as SchemaEngine;
    await checkShare({ files: [{ path: 'a.yaml', text: configMap('a') }], schemaOptions: { schemaDirs: ['crds'] } }, recording);
    expect(seen).toEqual([{ schemaDirs: ['crds'] }]);
  });
});
