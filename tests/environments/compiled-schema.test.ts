/** The spec schema's validator written as code by `npm run build`: current, equal to a fresh compile, and ignored when stale. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { COMPILED_SPEC_SCHEMA_FILE, SPEC_AJV_OPTIONS, specSchemaKey } from '../../tools/src/environments/compiled-schema.js';
import { specJsonSchema } from '../../tools/src/environments/schema.js';
import { REPO_ROOT } from '../helpers/repo.js';

const require = createRequire(import.meta.url);
const temp = mkdtempSync(join(tmpdir(), 'consul-gitops-compiled-schema-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** specSchemaValidator from a fresh module instance (it keeps the validator it chose for the run). */
async function freshValidator(file?: string) {
  vi.resetModules();
  const { specSchemaValidator } = await import('../../tools/src/environments/compiled-schema.js');
  return specSchemaValidator(file);
}

const invalidSpecs = [
  [
    'an unknown key and a bad tier',
    { repository: { url: 'https://example.com/r.git' }, environments: { dev: { tier: 'bogus', extra: 1 } } },
  ],
  ['no repository', { environments: {} }],
  ['a negative server count', { repository: { url: 'x' }, environments: { dev: { tier: 'dev', servers: -1 } } }],
] as const;

describe('the compiled spec schema', () => {
  it('npm run build wrote it for the current schema, and the loader uses it', async () => {
    const written = require(COMPILED_SPEC_SCHEMA_FILE) as { schemaKey: string };
    expect(written.schemaKey).toBe(specSchemaKey());
    expect(await freshValidator()).toBe(written);
  });

  it.each(invalidSpecs)('gives the errors a fresh ajv compile gives: %s', (_name, spec) => {
    const written = require(COMPILED_SPEC_SCHEMA_FILE) as ((data: unknown) => boolean) & { errors?: unknown };
    const fresh = new Ajv(SPEC_AJV_OPTIONS).compile(specJsonSchema);
    expect(written(spec)).toBe(false);
    expect(fresh(spec)).toBe(false);
    expect(written.errors).toEqual(fresh.errors);
  });

  it('a file compiled from another schema (another key) is not used: the schema is compiled', async () => {
    const stale = join(temp, 'stale.cjs');
    writeFileSync(stale, 'module.exports = () => true;\nmodule.exports.schemaKey = "from-another-schema";\n');
    const validator = await freshValidator(stale);
    expect(validator).not.toBe(require(stale));
    expect(validator(invalidSpecs[1][1])).toBe(false);
  });

  it('no file (tools not built with it): the schema is compiled', async () => {
    const validator = await freshValidator(join(temp, 'missing.cjs'));
    expect(validator(invalidSpecs[1][1])).toBe(false);
    expect(validator(parse(readFileSync(join(REPO_ROOT, 'environments.yaml'), 'utf8')))).toBe(true);
  });
});
