/**
 * A worker thread of files mode (started by file-threads.ts): reads its share of the files with the fast
 * YAML path and checks their schemas with the offline engine, then posts, per file, the documents' values
 * (for the main thread's parse, which then skips js-yaml) and the schema findings. The rules stay on the
 * main thread: they look across every object of an input.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { streamValuesOf } from '../parse/documents.js';
import { offlineSchemaEngine } from '../validate/schema/offline.js';
import { checkFile, type FileShare, type FileShareResult } from './file-threads.js';

/** Only what survives a structured clone unchanged (plain objects, arrays, strings, numbers, booleans, null) is posted. */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
  return Object.values(value).every(isPlainData);
}

async function checkShare(share: FileShare): Promise<FileShareResult[]> {
  const engine = offlineSchemaEngine();
  const results: FileShareResult[] = [];
  for (const file of share.files) {
    const values = streamValuesOf(file.text);
    const plain = values?.every(isPlainData) ? values : undefined;
    const { schema, schemaError } = await checkFile(file, engine, share.schemaOptions, values);
    results.push({ values: plain, schema, ...(schemaError === undefined ? {} : { schemaError }) });
  }
  return results;
}

parentPort?.postMessage(await checkShare(workerData as FileShare));
