/**
 * What a worker thread of files mode does with its share (file-worker.ts is the thread's shell around checkShare):
 * reads each file with the fast YAML path, checks its schemas with the offline engine, and returns, per file, the
 * documents' values (for the main thread's parse, which then skips js-yaml) and the schema findings, to be posted.
 * The rules stay on the main thread: they look across every object of an input.
 */
import { streamValuesOf } from '../parse/documents.js';
import type { SchemaEngine } from '../validate/schema/engine.js';
import { offlineSchemaEngine } from '../validate/schema/offline.js';
import { checkFile, type FileShare, type FileShareResult } from './file-threads.js';

/**
 * Only what survives a structured clone unchanged (plain objects, arrays, strings, numbers, booleans, null) is posted.
 * @internal checkShare's only test of it through YAML text is an own `__proto__` key; its tests pin the other kinds directly
 */
export function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
  return Object.values(value).every(isPlainData);
}

/**
 * One share read as a worker thread reads it: per file, the values to post (undefined: not plain data) and the schema
 * findings, or the engine's failure. The thread's engine is the offline one; tests pass one that fails.
 */
export async function checkShare(share: FileShare, engine: SchemaEngine = offlineSchemaEngine()): Promise<FileShareResult[]> {
  const results: FileShareResult[] = [];
  for (const file of share.files) {
    const values = streamValuesOf(file.text);
    const plain = values?.every(isPlainData) ? values : undefined;
    const { schema, schemaError } = await checkFile(file, engine, share.schemaOptions, values);
    results.push({ values: plain, schema, ...(schemaError === undefined ? {} : { schemaError }) });
  }
  return results;
}
