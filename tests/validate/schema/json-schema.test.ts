/**
 * The strict JSON Schema documents the kubeconform backend writes for a type-table entry, on small type tables (no
 * file, no ajv): each expression form, required fields, constraints with exclusive bounds, and a type that contains
 * itself. tests/validate/schema/kubeconform-schemas.test.ts checks the whole generated layout with ajv.
 */
import { describe, expect, it } from 'vitest';
import type { Constraint, ObjectType } from '../../../tools/src/validate/schema/catalog.js';
import { jsonSchemaFor, kubeconformFileName } from '../../../tools/src/validate/schema/json-schema.js';
import { QUANTITY_PATTERN } from '../../../tools/src/validate/schema/walker.js';

const DRAFT_7 = 'http://json-schema.org/draft-07/schema#';
const table =
  (types: Record<string, ObjectType>) =>
  (name: string): ObjectType | undefined =>
    types[name];

describe('jsonSchemaFor', () => {
  it('a top-level object is strict, non-null, with its required fields and nullable scalars', () => {
    const schema = jsonSchemaFor('ref:Spec', table({ Spec: { properties: { replicas: 'int32', name: 'string' }, required: ['name'] } }));
    expect(schema).toEqual({
      $schema: DRAFT_7,
      type: 'object',
      properties: { replicas: { type: ['integer', 'null'], format: 'int32' }, name: { type: ['string', 'null'] } },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('leaves out an empty required list, and keeps a nested object nullable', () => {
    const schema = jsonSchemaFor(
      'ref:Outer',
      table({ Outer: { properties: { inner: 'ref:Inner' }, required: [] }, Inner: { properties: { on: 'boolean' }, required: [] } }),
    );
    expect(schema).toEqual({
      $schema: DRAFT_7,
      type: 'object',
      properties: { inner: { type: ['object', 'null'], properties: { on: { type: ['boolean', 'null'] } }, additionalProperties: false } },
      additionalProperties: false,
    });
  });

  it.each([
    ['[]string', { type: ['array', 'null'], items: { type: ['string', 'null'] } }],
    ['{}int64', { type: 'object', additionalProperties: { type: ['integer', 'null'], format: 'int64' } }],
    ['[]{}string', { type: ['array', 'null'], items: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } } }],
    ['enum:Always|Never', { type: ['string', 'null'], enum: ['Always', 'Never', null] }],
    ['date', { type: ['string', 'null'], format: 'date-time' }],
    ['byte', { type: ['string', 'null'], format: 'byte' }],
    ['integer', { type: ['integer', 'null'] }],
    ['number', { type: ['number', 'null'] }],
    ['int-or-string', { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] }],
    ['quantity', { anyOf: [{ type: 'string', pattern: QUANTITY_PATTERN.source }, { type: 'number' }, { type: 'null' }] }],
    ['any', {}],
    ['no-such-scalar', {}],
    ['ref:Missing', {}],
    ['check:missing', {}],
  ])('%s', (expression, expected) => {
    expect(jsonSchemaFor(expression, table({}))).toEqual({ $schema: DRAFT_7, ...expected });
  });

  it('adds a constraint’s keywords to its type, making draft-4 exclusive bounds draft-7 numbers', () => {
    const constraints: Record<string, Constraint> = {
      port: { type: 'int32', minimum: 0, maximum: 65536, exclusiveMinimum: true, exclusiveMaximum: true },
      size: { type: 'integer', minimum: 1, maximum: 9, multipleOf: 2 },
      open: { type: 'integer', exclusiveMinimum: true, exclusiveMaximum: true },
      name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5 },
    };
    const schema = (name: string) => jsonSchemaFor(`check:${name}`, table({}), (key) => constraints[key]);
    expect(schema('port')).toEqual({
      $schema: DRAFT_7,
      type: ['integer', 'null'],
      format: 'int32',
      exclusiveMinimum: 0,
      exclusiveMaximum: 65536,
    });
    expect(schema('size')).toEqual({ $schema: DRAFT_7, type: ['integer', 'null'], minimum: 1, maximum: 9, multipleOf: 2 });
    expect(schema('open')).toEqual({ $schema: DRAFT_7, type: ['integer', 'null'] });
    expect(schema('name')).toEqual({ $schema: DRAFT_7, type: ['string', 'null'], pattern: '^[a-z]+$', maxLength: 5 });
  });

  it('a type that contains itself becomes one definition, referenced where the cycle closes', () => {
    const types = table({
      Root: { properties: { node: 'ref:Node' }, required: [] },
      Node: { properties: { children: '[]ref:Node', other: 'ref:Node' }, required: [] },
    });
    const node = (inner: unknown) => ({
      type: ['object', 'null'],
      properties: { children: { type: ['array', 'null'], items: inner }, other: inner },
      additionalProperties: false,
    });
    expect(jsonSchemaFor('ref:Root', types)).toEqual({
      $schema: DRAFT_7,
      type: 'object',
      properties: { node: node({ $ref: '#/definitions/t0' }) },
      additionalProperties: false,
      definitions: { t0: node({ $ref: '#/definitions/t0' }) },
    });
  });
});

describe('kubeconformFileName', () => {
  it.each([
    ['v1', 'ConfigMap', 'configmap-v1.json'],
    ['apps/v1', 'StatefulSet', 'statefulset-apps-v1.json'],
    ['argoproj.io/v1alpha1', 'AppProject', 'appproject-argoproj-v1alpha1.json'],
    ['Consul.HashiCorp.com/V1Alpha1', 'ServiceDefaults', 'servicedefaults-consul-v1alpha1.json'],
  ])('%s %s -> %s', (apiVersion, kind, file) => {
    expect(kubeconformFileName(apiVersion, kind)).toBe(file);
  });
});
