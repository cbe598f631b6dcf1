/** The CRD keywords that compare values (enum, uniqueItems): deep equality, where key order does not count. */
import { describe, expect, it } from 'vitest';
import type { Constraint } from '../../../tools/src/validate/schema/catalog.js';
import { Walker, type SchemaProblem } from '../../../tools/src/validate/schema/walker.js';

const CONSTRAINTS: Record<string, Constraint> = {
  mode: { type: 'any', enum: [{ kind: 'a', weight: 1 }, 'plain'] },
  tags: { type: '[]any', uniqueItems: true },
};

function problems(name: string, value: unknown): SchemaProblem[] {
  const found: SchemaProblem[] = [];
  new Walker(
    () => undefined,
    (type) => type,
    (constraint) => CONSTRAINTS[constraint],
  ).walk(value, `check:${name}`, '/spec/x', found);
  return found;
}

describe('enum and uniqueItems compare values deeply', () => {
  it.each([
    ['an enum object with its keys in another order is allowed', 'mode', { weight: 1, kind: 'a' }],
    ['an enum string is allowed', 'mode', 'plain'],
    ['a list whose objects differ is unique', 'tags', [{ a: 1 }, { a: 2 }, 'a']],
  ])('%s', (_name, constraint, value) => {
    expect(problems(constraint, value)).toEqual([]);
  });

  it.each([
    ['an enum object with another value', 'mode', { kind: 'a', weight: 2 }, /^must be one of \{"kind":"a","weight":1\}, "plain", got /],
    ['a value of another type than every enum entry', 'mode', 1, /^must be one of /],
    [
      'a list repeating an object, keys in another order',
      'tags',
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      /^must not repeat an item$/,
    ],
    ['a list repeating a string', 'tags', ['x', 'y', 'x'], /^must not repeat an item$/],
  ])('%s is a problem at its pointer', (_name, constraint, value, message) => {
    const found = problems(constraint, value);
    expect(found).toHaveLength(1);
    expect(found[0]?.pointer).toBe('/spec/x');
    expect(found[0]?.message).toMatch(message);
  });
});
