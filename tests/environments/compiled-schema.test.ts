/** The spec schema's validator written as code by `npm run build`: current, equal to a fresh compile, and ignored when stale. */
import { createHash } from 'node:crypto';
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

/** A module file in the temporary folder: `exported` is its module.exports, `schemaKey` the key stamped on it. */
function moduleFile(name: string, exported: string, schemaKey: string | undefined): string {
  const file = join(temp, name);
  const stamp = schemaKey === undefined ? '' : `module.exports.schemaKey = ${JSON.stringify(schemaKey)};\n`;
  writeFileSync(file, `module.exports = ${exported};\n${stamp}`);
  return file;
}

const invalidSpecs = [
  [
    'an unknown key and a bad tier',
    { repository: { url: 'https://example.com/r.git' }, environments: { dev: { tier: 'bogus', extra: 1 } } },
  ],
  ['no repository', { environments: {} }],
  ['a negative server count', { repository: { url: 'x' }, environments: { dev: { tier: 'dev', servers: -1 } } }],
] as const;

// The build output is not in Stryker's sandbox (npm run mutate sets CONSUL_GITOPS_TEST_FIXTURES=off); npm test builds first.
describe.skipIf(process.env.CONSUL_GITOPS_TEST_FIXTURES === 'off')('the compiled spec schema of the build', () => {
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
});

describe('which validator the loader takes', () => {
  it('the key is the sha256, in hex, of the schema, the ajv options and the version of ajv', () => {
    const { version } = require('ajv/package.json') as { version: string };
    const expected = createHash('sha256')
      .update(JSON.stringify([specJsonSchema, SPEC_AJV_OPTIONS, version]))
      .digest('hex');
    expect(specSchemaKey()).toBe(expected);
    expect(specSchemaKey()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a function stamped with the current key is used as it is, and kept for the next call', async () => {
    const current = moduleFile('current.cjs', '() => "the written one"', specSchemaKey());
    const validator = await freshValidator(current);
    expect(validator).toBe(require(current));
    const { specSchemaValidator } = await import('../../tools/src/environments/compiled-schema.js');
    expect(specSchemaValidator(join(temp, 'missing.cjs'))).toBe(validator);
  });

  it.each([
    ['a file compiled from another schema (another key)', () => moduleFile('stale.cjs', '() => true', 'from-another-schema')],
    ['a function without a key', () => moduleFile('unstamped.cjs', '() => true', undefined)],
    ['an object stamped with the current key, not a function', () => moduleFile('object.cjs', '{}', specSchemaKey())],
    ['a file that throws when loaded', () => moduleFile('throws.cjs', '(() => { throw new Error("broken build"); })()', undefined)],
    ['no file (tools not built with it)', () => join(temp, 'missing.cjs')],
  ])('%s is not used: the schema is compiled', async (_name, file) => {
    const path = file();
    const validator = await freshValidator(path);
    expect(typeof validator).toBe('function');
    expect(validator(invalidSpecs[1][1])).toBe(false);
    expect(validator(parse(readFileSync(join(REPO_ROOT, 'environments.yaml'), 'utf8')))).toBe(true);
  });
});
