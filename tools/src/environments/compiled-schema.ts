/**
 * The spec schema's validator. Compiling it with ajv took about a tenth of a `validate` run, every run:
 * `npm run build` writes it once as code (ajv's standalone output, tools/scripts/bundle-cli.mjs) to
 * tools/dist/environments/schema-validator.cjs, stamped with the key of the schema and options it was compiled
 * from. A file with another key (a schema edited since the build) or none is not used: the schema is
 * compiled here as before. The file is build output inside tools/, never a file a pull request can place.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { TOOLS_ROOT } from '../model/tools-root.js';
import { specJsonSchema } from './schema.js';
import type { SpecFile } from './types.js';

export const SPEC_AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;
export const COMPILED_SPEC_SCHEMA_FILE = join(TOOLS_ROOT, 'dist/environments/schema-validator.cjs');

/** What the compiled code depends on: the schema, the ajv options and ajv's version. */
export function specSchemaKey(): string {
  const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
  return createHash('sha256')
    .update(JSON.stringify([specJsonSchema, SPEC_AJV_OPTIONS, ajvVersion]))
    .digest('hex');
}

let compiled: ValidateFunction<SpecFile> | undefined;

/** A type guard: a value it accepts is a SpecFile, the type derived from the same schema (types.ts). */
export function specSchemaValidator(file: string = COMPILED_SPEC_SCHEMA_FILE): ValidateFunction<SpecFile> {
  compiled ??= precompiled(file) ?? new Ajv(SPEC_AJV_OPTIONS).compile<SpecFile>(specJsonSchema);
  return compiled;
}

function precompiled(file: string): ValidateFunction<SpecFile> | undefined {
  let loaded: (ValidateFunction<SpecFile> & { schemaKey?: unknown }) | undefined;
  try {
    // the module bundle-cli.mjs wrote from this schema: the key below checks it is that one
    loaded = createRequire(import.meta.url)(file) as ValidateFunction<SpecFile> & { schemaKey?: unknown };
  } catch {
    return undefined;
  }
  return typeof loaded === 'function' && loaded.schemaKey === specSchemaKey() ? loaded : undefined;
}
