/**
 * One CRD version's openAPIV3Schema -> type table entries (objects, constraints) for the strict walker,
 * and the set of things in it the engine does not check, for the note the resources get.
 */
import type { Constraint, ObjectType, TypeExpression } from './catalog.js';

export type OpenApi = {
  type?: string;
  properties?: Record<string, OpenApi>;
  items?: OpenApi;
  additionalProperties?: OpenApi | boolean;
  required?: string[];
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: unknown[];
  anyOf?: OpenApi[];
  oneOf?: OpenApi[];
  allOf?: OpenApi[];
  not?: OpenApi;
} & Omit<Constraint, 'type'>;

/** Where the converter writes: the type table and the constraints of the schemas read so far. */
export interface SchemaTables {
  types: Record<string, ObjectType>;
  constraints: Record<string, Constraint>;
}

/**
 * Schema nesting past this is not walked: a CRD this deep is a note ("too deep"), not a stack overflow.
 * @internal the depth bound the too-deep CRD case is built from; the CRD reader enforces it
 */
export const MAX_SCHEMA_DEPTH = 64;

const KEYWORDS = [
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

/** What a CRD version's schema becomes, and what of it the engine had to skip. */
export class Converter {
  readonly skipped = new Set<string>();

  constructor(private readonly result: SchemaTables) {}

  convert(schema: OpenApi | undefined, name: string, depth = 0): TypeExpression {
    if (depth > MAX_SCHEMA_DEPTH) {
      this.skipped.add(`the schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep (too deep; below that, fields are not checked)`);
      return 'any';
    }
    if (!schema || typeof schema !== 'object' || schema['x-kubernetes-preserve-unknown-fields'] === true) return 'any';
    if (schema['x-kubernetes-validations']) this.skipped.add('x-kubernetes-validations (CEL rules; the API server checks them)');
    if (schema.anyOf || schema.oneOf || schema.allOf || schema.not)
      this.skipped.add('anyOf/oneOf/allOf/not (only the type and the keywords beside them are checked)');
    const base = this.baseType(schema, name, depth);
    const constraint: Constraint = { type: base };
    for (const keyword of KEYWORDS) {
      if (schema[keyword] === undefined) continue;
      if (keyword === 'pattern' && !compiles(schema.pattern!)) {
        this.skipped.add(
          `the pattern ${JSON.stringify(schema.pattern)} at ${name}, which is not a regular expression the engine can compile`,
        );
        continue;
      }
      (constraint as unknown as Record<string, unknown>)[keyword] = schema[keyword];
    }
    if (Object.keys(constraint).length === 1) return base;
    this.result.constraints[name] = constraint;
    return `check:${name}`;
  }

  private baseType(schema: OpenApi, name: string, depth: number): TypeExpression {
    if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
    switch (schema.type) {
      case 'string':
        return schema.format === 'date-time' ? 'date' : schema.format === 'byte' ? 'byte' : 'string';
      case 'integer':
        return schema.format === 'int32' || schema.format === 'int64' ? schema.format : 'integer';
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array':
        return `[]${this.convert(schema.items, `${name}[]`, depth + 1)}`;
      case 'object': {
        if (!schema.properties) {
          const additional = schema.additionalProperties;
          return typeof additional === 'object' ? `{}${this.convert(additional, `${name}{}`, depth + 1)}` : 'any';
        }
        const properties: Record<string, TypeExpression> = {};
        for (const [key, value] of Object.entries(schema.properties)) properties[key] = this.convert(value, `${name}.${key}`, depth + 1);
        this.result.types[name] = { properties, required: [...(schema.required ?? [])].sort() };
        return `ref:${name}`;
      }
      case undefined:
        return 'any';
      default:
        this.skipped.add(`the type ${JSON.stringify(schema.type)} at ${name}, which OpenAPI v3 does not have`);
        return 'any';
    }
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
