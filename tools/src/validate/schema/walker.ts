/** The strict walk: a value against a type expression. Unknown fields, wrong types, missing required. */
import { isDeepStrictEqual } from 'node:util';
import { closest } from '../../model/did-you-mean.js';
import { isPlainObject, jsonText, pointerSegment } from '../../model/json.js';
import type { ScalarSource } from '../../model/resource.js';
import type { Constraint, ObjectType, TypeExpression } from './catalog.js';
import { notSupported, type SchemaProblem, type TypeCheck } from './problem.js';
import { YAML11_BOOLEAN, int64InRange } from './yaml11.js';

export type { SchemaProblem } from './problem.js';

/** A Kubernetes resource quantity as a string: a decimal, then an exponent, a binary (Ki..Ei) or a decimal (n..E) suffix. */
export const QUANTITY_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** The ranges of the OpenAPI integer formats: what the API server can store (Go int32 and int64). */
const INTEGER_RANGES = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] } as const;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * RFC 3339 date-time, as JSON Schema's `date-time` format (and kubeconform's validator) reads it.
 * @internal pure RFC 3339 check, boundaries pinned directly; the schema walker reaches it
 */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The OpenAPI `byte` format: standard base64 (line breaks allowed, as Go's decoder skips them). */
function isBase64(value: string): boolean {
  return BASE64.test(value.replace(/[\r\n]/g, ''));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  return `${typeof value} ${jsonText(value)}`;
}

/** The values of an `enum:A|B|C` expression. */
export function enumValues(expression: TypeExpression): string[] {
  return expression.slice(5).split('|');
}

/** A value of a key field as structured-merge-diff prints it in a key: strings quoted, numbers bare. */
const keyValue = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * The key of a list-map item (`[containerPort=8500,protocol="TCP"]`), a missing key field taking its
 * default; undefined when a key field without a default is missing (the required check reports that).
 */
function listMapKey(item: unknown, keys: readonly string[]): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const parts: string[] = [];
  for (const key of keys) {
    const [field, fallback] = key.includes('=') ? [key.slice(0, key.indexOf('=')), key.slice(key.indexOf('=') + 1)] : [key, undefined];
    const value = item[field] ?? fallback;
    if (value === undefined || value === null) return undefined;
    parts.push(`${field}=${keyValue(value)}`);
  }
  return `[${parts.join(',')}]`;
}

/** Items of a list-map whose keys an earlier item already has: the API server refuses the list (server-side apply). */
function duplicateKeyProblems(list: readonly unknown[], keys: readonly string[], pointer: string, problems: SchemaProblem[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const key = listMapKey(item, keys);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else problems.push({ pointer: `${pointer}/${index}`, message: `duplicate entries for key ${key} (the same key as item ${first})` });
  });
}

/** Expressions whose JSON value may be a string: where a YAML 1.1 boolean is refused. */
const STRING_EXPRESSIONS = new Set(['string', 'date', 'byte', 'int-or-string', 'quantity']);

export class Walker {
  /** The source of a scalar of the object being walked (walkResource sets it). */
  private scalarAt: (pointer: string) => ScalarSource | undefined = () => undefined;

  constructor(
    private readonly types: (name: string) => ObjectType | undefined,
    private readonly describeType: (name: string) => string,
    private readonly constraints: (name: string) => Constraint | undefined = () => undefined,
    /** The API server's checks of a type's objects (names, ranges, cross-field), run after the walk of each. */
    private readonly typeChecks: (name: string) => readonly TypeCheck[] = () => [],
  ) {}

  /** A whole object, with the source of its scalars (for YAML 1.1 readings and int64 digits). */
  walkResource(
    value: unknown,
    expression: TypeExpression,
    problems: SchemaProblem[],
    scalarAt: ((pointer: string) => ScalarSource | undefined) | undefined,
  ): void {
    this.scalarAt = scalarAt ?? (() => undefined);
    try {
      this.walk(value, expression, '', problems);
    } finally {
      this.scalarAt = () => undefined;
    }
  }

  walk(value: unknown, expression: TypeExpression, pointer: string, problems: SchemaProblem[]): void {
    if (value === null || value === undefined || expression === 'any') return;
    if (typeof value === 'string' && YAML11_BOOLEAN.test(value) && (STRING_EXPRESSIONS.has(expression) || expression.startsWith('enum:'))) {
      const source = this.scalarAt(pointer);
      if (source?.plain)
        return void problems.push({
          pointer,
          message: `cannot unmarshal bool into a string field: a YAML 1.1 reader (kubectl, Argo CD) reads the plain scalar ${value} as a boolean; quote it: "${value}"`,
        });
    }
    if (expression.startsWith('[]')) {
      if (!Array.isArray(value)) return void problems.push({ pointer, message: `must be a list, got ${describe(value)}` });
      const item = expression.slice(2);
      value.forEach((entry, index) => this.walk(entry, item, `${pointer}/${index}`, problems));
      return;
    }
    if (expression.startsWith('{}')) {
      if (typeof value !== 'object' || Array.isArray(value))
        return void problems.push({ pointer, message: `must be a map, got ${describe(value)}` });
      const item = expression.slice(2);
      for (const [key, entry] of Object.entries(value)) this.walk(entry, item, `${pointer}/${pointerSegment(key)}`, problems);
      return;
    }
    if (expression.startsWith('ref:')) return this.walkObject(value, expression.slice(4), pointer, problems);
    if (expression.startsWith('check:')) return this.walkConstrained(value, expression.slice(6), pointer, problems);
    if (expression.startsWith('enum:')) {
      if (typeof value !== 'string') return void problems.push({ pointer, message: `must be a string, got ${describe(value)}` });
      const allowed = enumValues(expression);
      // An empty string is an unset field to the server's Go code (defaulted, or optional: a toleration's
      // effect); where it is refused, the server says so and this engine stays silent rather than wrong.
      if (value !== '' && !allowed.includes(value)) problems.push(notSupported(pointer, value, allowed));
      return;
    }
    const ok = (() => {
      switch (expression) {
        case 'string':
          return typeof value === 'string';
        case 'date':
          return typeof value === 'string' && isDateTime(value);
        case 'byte':
          return typeof value === 'string' && isBase64(value);
        case 'integer':
          return typeof value === 'number' && Number.isInteger(value);
        case 'int32': {
          const [low, high] = INTEGER_RANGES.int32;
          return typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;
        }
        case 'int64':
          // Past 2^53 the parsed number has lost digits (2^63-1 and 2^63 are one double): decide on the digits written.
          return typeof value === 'number' && Number.isInteger(value) && int64InRange(value, () => this.scalarAt(pointer)?.text);
        case 'number':
          return typeof value === 'number' && Number.isFinite(value);
        case 'boolean':
          return typeof value === 'boolean';
        case 'int-or-string': {
          // An IntOrString's integer is an int32 (intstr.IntOrString.IntVal).
          const [low, high] = INTEGER_RANGES.int32;
          return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high);
        }
        case 'quantity':
          return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && QUANTITY_PATTERN.test(value));
        default:
          return true;
      }
    })();
    if (!ok) {
      const expected =
        {
          'int-or-string': 'an integer (int32) or a string',
          quantity: 'a quantity (a number, or a string such as 500m or 10Gi)',
          date: 'an RFC 3339 date-time string (such as 2026-01-31T12:00:00Z)',
          byte: 'a base64 string',
          int32: `an int32 (an integer from ${INTEGER_RANGES.int32[0]} to ${INTEGER_RANGES.int32[1]})`,
          int64: 'an int64 (an integer from -2^63 to 2^63-1)',
        }[expression] ?? `${expression === 'integer' ? 'an' : 'a'} ${expression}`;
      problems.push({ pointer, message: `must be ${expected}, got ${describe(value)}` });
    }
  }

  /** A CRD property with keywords: its type first, then each keyword, one problem per failed keyword. */
  private walkConstrained(value: unknown, name: string, pointer: string, problems: SchemaProblem[]): void {
    const constraint = this.constraints(name);
    if (!constraint) return;
    const before = problems.length;
    this.walk(value, constraint.type, pointer, problems);
    if (problems.length > before && problems.slice(before).some((problem) => problem.pointer === pointer)) return;
    for (const message of keywordProblems(value, constraint)) problems.push({ pointer, message });
  }

  private walkObject(value: unknown, typeName: string, pointer: string, problems: SchemaProblem[]): void {
    const type = this.types(typeName);
    if (!type) return;
    if (typeof value !== 'object' || Array.isArray(value) || value === null)
      return void problems.push({ pointer, message: `must be an object, got ${describe(value)}` });
    const object = value as Record<string, unknown>;
    const before = problems.length;
    for (const [key, entry] of Object.entries(object)) {
      const expression = type.properties[key];
      const child = `${pointer}/${pointerSegment(key)}`;
      if (expression === undefined) {
        const hint = closest(key, Object.keys(type.properties));
        problems.push({
          pointer: child,
          message: `unknown field (not in ${this.describeType(typeName)})${hint ? `; did you mean "${hint}"?` : ''}`,
        });
      } else {
        this.walk(entry, expression, child, problems);
        const keys = type.listMapKeys?.[key];
        if (keys && Array.isArray(entry)) duplicateKeyProblems(entry, keys, child, problems);
      }
    }
    for (const key of type.required) {
      if (object[key] === undefined || object[key] === null)
        problems.push({
          pointer: `${pointer}/${pointerSegment(key)}`,
          message: `required field missing (in ${this.describeType(typeName)})`,
        });
    }
    const checks = this.typeChecks(typeName);
    if (checks.length === 0) return;
    // A field the walk refused (a wrong type, an int32 out of range) is not checked again by the server's rules.
    const refused = new Set(problems.slice(before).map((problem) => problem.pointer));
    const context = { scalarAt: this.scalarAt };
    for (const check of checks) problems.push(...check(object, pointer, context).filter((problem) => !refused.has(problem.pointer)));
  }
}

/** The failed keywords of a value whose type is already right. Lengths count characters (code points), as Kubernetes does. */
function keywordProblems(value: unknown, constraint: Constraint): string[] {
  const problems: string[] = [];
  const { minimum, maximum, multipleOf, minLength, maxLength, pattern, minItems, maxItems, minProperties, maxProperties } = constraint;
  if (constraint.enum && !constraint.enum.some((allowed) => isDeepStrictEqual(allowed, value))) {
    problems.push(`must be one of ${constraint.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}, got ${describe(value)}`);
  }
  if (typeof value === 'number') {
    if (minimum !== undefined && (constraint.exclusiveMinimum ? value <= minimum : value < minimum))
      problems.push(`must be ${constraint.exclusiveMinimum ? 'greater than' : 'at least'} ${minimum}, got ${value}`);
    if (maximum !== undefined && (constraint.exclusiveMaximum ? value >= maximum : value > maximum))
      problems.push(`must be ${constraint.exclusiveMaximum ? 'less than' : 'at most'} ${maximum}, got ${value}`);
    if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(value / multipleOf))
      problems.push(`must be a multiple of ${multipleOf}, got ${value}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (minLength !== undefined && length < minLength) problems.push(`must be at least ${minLength} characters long, got ${length}`);
    if (maxLength !== undefined && length > maxLength) problems.push(`must be at most ${maxLength} characters long, got ${length}`);
    if (pattern !== undefined && !safePattern(pattern)?.test(value))
      problems.push(`must match the pattern ${JSON.stringify(pattern)}, got ${describe(value)}`);
  }
  if (Array.isArray(value)) {
    if (minItems !== undefined && value.length < minItems) problems.push(`must have at least ${minItems} items, got ${value.length}`);
    if (maxItems !== undefined && value.length > maxItems) problems.push(`must have at most ${maxItems} items, got ${value.length}`);
    const repeats = (item: unknown, index: number): boolean => value.slice(0, index).some((earlier) => isDeepStrictEqual(earlier, item));
    if (constraint.uniqueItems && value.some(repeats)) problems.push('must not repeat an item');
  }
  if (isPlainObject(value)) {
    const count = Object.keys(value).length;
    if (minProperties !== undefined && count < minProperties) problems.push(`must have at least ${minProperties} keys, got ${count}`);
    if (maxProperties !== undefined && count > maxProperties) problems.push(`must have at most ${maxProperties} keys, got ${count}`);
  }
  return problems;
}

const patterns = new Map<string, RegExp | undefined>();

/** A CRD pattern as a JavaScript regular expression (unanchored, as JSON Schema's); one that does not compile matches nothing. */
function safePattern(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patterns.set(pattern, undefined);
    }
  }
  return patterns.get(pattern);
}
