/**
 * Type table entries -> strict JSON Schema documents, for the kubeconform backend: kubeconform reads
 * JSON Schema files, not CRD YAML, and its registry has no Argo CD kinds. The kinds it cannot find
 * upstream get the same definitions the offline engine walks, so both backends check them alike.
 */
import type { Constraint, ObjectType, TypeExpression } from './catalog.js';
import { QUANTITY_PATTERN, enumValues } from './walker.js';

export type JsonSchema = Record<string, unknown>;

/** Like the upstream Kubernetes JSON schemas: a null value is an unset field. */
const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });

const SCALARS: Record<string, JsonSchema> = {
  string: nullable('string'),
  // The formats as the upstream Kubernetes JSON schemas carry them. kubeconform's validator asserts
  // date-time; int32, int64 and byte are formats it does not know, so it ignores them (the offline engine
  // checks them: see tests/fixtures/schema/expected.yaml, `kubeconform:`).
  date: { ...nullable('string'), format: 'date-time' },
  byte: { ...nullable('string'), format: 'byte' },
  integer: nullable('integer'),
  int32: { ...nullable('integer'), format: 'int32' },
  int64: { ...nullable('integer'), format: 'int64' },
  number: nullable('number'),
  boolean: nullable('boolean'),
  'int-or-string': { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
  quantity: { anyOf: [{ type: 'string', pattern: QUANTITY_PATTERN.source }, { type: 'number' }, { type: 'null' }] },
  any: {},
};

/**
 * One standalone, strict (additionalProperties: false) draft-07 schema for a type expression, the way
 * kubeconform's own "standalone-strict" schemas are: every object type inlined where it is used, so a
 * validator reports each problem at the field itself. (jsonschema, kubeconform's validator, groups the
 * problems under a $ref into one "validation failed" at the object, and kubeconform reports only that.)
 * Only a type that contains itself (a cycle) becomes a definition, referenced where the cycle closes.
 */
export function jsonSchemaFor(
  root: TypeExpression,
  types: (name: string) => ObjectType | undefined,
  constraints: (name: string) => Constraint | undefined = () => undefined,
): JsonSchema {
  const ids = new Map<string, string>();
  const definitions: Record<string, JsonSchema> = {};
  const objectSchema = (type: ObjectType, expanding: ReadonlySet<string>): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, value] of Object.entries(type.properties)) properties[key] = convert(value, expanding);
    return {
      type: ['object', 'null'],
      properties,
      ...(type.required.length > 0 ? { required: type.required } : {}),
      additionalProperties: false,
    };
  };
  const convert = (expression: TypeExpression, expanding: ReadonlySet<string>): JsonSchema => {
    if (expression.startsWith('[]')) return { type: ['array', 'null'], items: convert(expression.slice(2), expanding) };
    if (expression.startsWith('{}')) return { type: ['object', 'null'], additionalProperties: convert(expression.slice(2), expanding) };
    if (expression.startsWith('enum:')) return { type: ['string', 'null'], enum: [...enumValues(expression), null] };
    if (expression.startsWith('check:')) {
      const constraint = constraints(expression.slice(6));
      if (!constraint) return {};
      const { type, exclusiveMinimum, exclusiveMaximum, ...keywords } = constraint;
      // OpenAPI v3 (draft 4) marks a bound exclusive with a boolean; draft 7 makes the bound itself the number.
      if (exclusiveMinimum && keywords.minimum !== undefined)
        Object.assign(keywords, { minimum: undefined, exclusiveMinimum: keywords.minimum });
      if (exclusiveMaximum && keywords.maximum !== undefined)
        Object.assign(keywords, { maximum: undefined, exclusiveMaximum: keywords.maximum });
      return { ...convert(type, expanding), ...(JSON.parse(JSON.stringify(keywords)) as JsonSchema) };
    }
    if (!expression.startsWith('ref:')) return SCALARS[expression] ?? {};
    const name = expression.slice(4);
    const type = types(name);
    if (!type) return {};
    if (!expanding.has(name)) return objectSchema(type, new Set([...expanding, name]));
    let id = ids.get(name);
    if (id === undefined) {
      id = `t${ids.size}`;
      ids.set(name, id);
      definitions[id] = {};
      definitions[id] = objectSchema(type, new Set([name]));
    }
    return { $ref: `#/definitions/${id}` };
  };
  const top = convert(root, new Set());
  const body = top.type && Array.isArray(top.type) && top.type[0] === 'object' ? { ...top, type: 'object' } : top;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...body, ...(Object.keys(definitions).length > 0 ? { definitions } : {}) };
}

/**
 * The file kubeconform reads for a kind (`{{ .ResourceKind }}{{ .KindSuffix }}.json` in its schema-location
 * template, pkg/registry/registry.go): kind lowercased, then "-" + the group's first label + "-" + the
 * version ("-v1" alone for core).
 */
export function kubeconformFileName(apiVersion: string, kind: string): string {
  const parts = apiVersion.split('/');
  const suffix = parts.length > 1 ? `-${parts[0]!.split('.')[0]!.toLowerCase()}-${parts[1]!.toLowerCase()}` : `-${parts[0]!.toLowerCase()}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}
