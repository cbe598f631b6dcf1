/** The strict walk: a value against a type expression. Unknown fields, wrong types, missing required. */
import { pointerSegment } from '../../parse/yaml-pointer.js';
import type { ObjectType, TypeExpression } from './catalog.js';

export interface SchemaProblem {
  /** JSON pointer. */
  pointer: string;
  message: string;
}

/** A Kubernetes resource quantity as a string: a decimal, then an exponent, a binary (Ki..Ei) or a decimal (n..E) suffix. */
export const QUANTITY_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;


function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function suggest(key: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const score = name.toLowerCase() === key.toLowerCase() ? 0 : distance(key.toLowerCase(), name.toLowerCase());
    if (score <= Math.max(1, Math.floor(name.length / 4)) && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}

export class Walker {
  constructor(
    private readonly types: (name: string) => ObjectType | undefined,
    private readonly describeType: (name: string) => string,
  ) {}

  walk(value: unknown, expression: TypeExpression, pointer: string, problems: SchemaProblem[]): void {
    if (value === null || value === undefined || expression === 'any') return;
    if (expression.startsWith('[]')) {
      if (!Array.isArray(value)) return void problems.push({ pointer, message: `must be a list, got ${describe(value)}` });
      const item = expression.slice(2);
      value.forEach((entry, index) => this.walk(entry, item, `${pointer}/${index}`, problems));
      return;
    }
    if (expression.startsWith('{}')) {
      if (typeof value !== 'object' || Array.isArray(value)) return void problems.push({ pointer, message: `must be a map, got ${describe(value)}` });
      const item = expression.slice(2);
      for (const [key, entry] of Object.entries(value)) this.walk(entry, item, `${pointer}/${pointerSegment(key)}`, problems);
      return;
    }
    if (expression.startsWith('ref:')) return this.walkObject(value, expression.slice(4), pointer, problems);
    const ok = (() => {
      switch (expression) {
        case 'string':
        case 'date':
          return typeof value === 'string';
        case 'integer':
          return typeof value === 'number' && Number.isInteger(value);
        case 'number':
          return typeof value === 'number' && Number.isFinite(value);
        case 'boolean':
          return typeof value === 'boolean';
        case 'int-or-string':
          return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
        case 'quantity':
          return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && QUANTITY_PATTERN.test(value));
        default:
          return true;
      }
    })();
    if (!ok) {
      const expected = { 'int-or-string': 'an integer or a string', quantity: 'a quantity (a number, or a string such as 500m or 10Gi)', date: 'a string (RFC 3339 date)' }[expression] ?? `${expression === 'integer' ? 'an' : 'a'} ${expression}`;
      problems.push({ pointer, message: `must be ${expected}, got ${describe(value)}` });
    }
  }

  private walkObject(value: unknown, typeName: string, pointer: string, problems: SchemaProblem[]): void {
    const type = this.types(typeName);
    if (!type) return;
    if (typeof value !== 'object' || Array.isArray(value) || value === null) return void problems.push({ pointer, message: `must be an object, got ${describe(value)}` });
    const object = value as Record<string, unknown>;
    for (const [key, entry] of Object.entries(object)) {
      const expression = type.properties[key];
      const child = `${pointer}/${pointerSegment(key)}`;
      if (expression === undefined) {
        const hint = suggest(key, Object.keys(type.properties));
        problems.push({ pointer: child, message: `unknown field (not in ${this.describeType(typeName)})${hint ? `; did you mean "${hint}"?` : ''}` });
      } else this.walk(entry, expression, child, problems);
    }
    for (const key of type.required) {
      if (object[key] === undefined || object[key] === null) problems.push({ pointer: `${pointer}/${pointerSegment(key)}`, message: `required field missing (in ${this.describeType(typeName)})` });
    }
  }
}
