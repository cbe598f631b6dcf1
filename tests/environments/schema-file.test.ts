/** environments.schema.json as an editor uses it: the committed file alone, through a JSON Schema validator. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/repo.js';

async function editorValidator() {
  const schema = JSON.parse(await readFile(join(REPO_ROOT, 'environments.schema.json'), 'utf8')) as Record<string, unknown>;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('environments.schema.json', () => {
  it('is referenced by the first line of environments.yaml', async () => {
    const spec = await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8');
    expect(spec.split('\n')[0]).toBe('# yaml-language-server: $schema=./environments.schema.json');
  });

  it('accepts the committed environments.yaml', async () => {
    const validate = await editorValidator();
    const valid = validate(parse(await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['an unknown key', { replica: 3 }, 'additionalProperties'],
    ['an unknown tier', { tier: 'prod' }, 'enum'],
    ['a namespace that is not a DNS label', { namespace: 'Consul_Prod' }, 'pattern'],
    ['an image without a tag', { images: { consul: 'hashicorp/consul' } }, 'pattern'],
    [
      'an accepted risk without a reason',
      { acceptedRisks: [{ rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-server' }] },
      'required',
    ],
  ])('flags %s', async (_name, change, keyword) => {
    const validate = await editorValidator();
    const spec = parse(await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8')) as {
      environments: Record<string, Record<string, unknown>>;
    };
    spec.environments.prod = { ...spec.environments.prod, ...change };
    expect(validate(spec)).toBe(false);
    expect(validate.errors?.map((error) => error.keyword)).toContain(keyword);
  });
});
