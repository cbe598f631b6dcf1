/**
 * The strict walk (walker.ts) on its own, over a small type table: each type expression, each message it
 * words, the list-map keys, YAML 1.1 booleans, the server checks after an object's walk, and the CRD
 * keywords at their boundaries. The same walk through the CLI's path is in served-schema and corpus.
 */
import { describe, expect, it } from 'vitest';
import type { ScalarSource } from '../../../tools/src/model/resource.js';
import type { Constraint, ObjectType } from '../../../tools/src/validate/schema/catalog.js';
import type { TypeCheck } from '../../../tools/src/validate/schema/problem.js';
import { enumValues, isDateTime, QUANTITY_PATTERN, Walker, type SchemaProblem } from '../../../tools/src/validate/schema/walker.js';

const TYPES: Record<string, ObjectType> = {
  Port: {
    properties: { name: 'string', containerPort: 'int32', protocol: 'enum:TCP|UDP|SCTP' },
    required: ['containerPort'],
  },
  Pod: {
    properties: { name: 'string', replicas: 'int32', ports: '[]ref:Port', labels: '{}string', spec: 'ref:Missing', weight: 'number' },
    required: ['name', 'replicas'],
    listMapKeys: { ports: ['containerPort', 'protocol=TCP'] },
  },
  Named: { properties: { tags: '[]ref:Tag' }, required: [], listMapKeys: { tags: ['name'] } },
  Tag: { properties: { name: 'string', value: 'any' }, required: [] },
};

function walk(
  value: unknown,
  expression: string,
  options: { scalars?: Record<string, ScalarSource>; checks?: Record<string, TypeCheck[]> } = {},
) {
  const problems: SchemaProblem[] = [];
  const walker = new Walker(
    (name) => TYPES[name],
    (name) => `the type ${name}`,
    () => undefined,
    (name) => options.checks?.[name] ?? [],
  );
  walker.walkResource(value, expression, problems, options.scalars ? (pointer) => options.scalars?.[pointer] : undefined);
  return problems;
}

const messages = (problems: SchemaProblem[]): string[] => problems.map((problem) => `${problem.pointer}: ${problem.message}`);

describe('isDateTime: RFC 3339 date-times, field by field', () => {
  it.each([
    '2026-01-31T12:00:00Z',
    '2026-01-31t12:00:00z',
    '2024-02-29T00:00:00Z',
    '2026-12-01T23:59:60Z',
    '2026-06-30T23:59:59.123456+23:59',
    '2026-06-30T00:00:00-00:00',
  ])('%s is one', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each([
    ['month 0', '2026-00-10T00:00:00Z'],
    ['month 13', '2026-13-10T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['February 29 in a common year', '2026-02-29T00:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T00:60:00Z'],
    ['second 61', '2026-01-01T00:00:61Z'],
    ['an offset hour of 24', '2026-01-01T00:00:00+24:00'],
    ['an offset minute of 60', '2026-01-01T00:00:00+01:60'],
    ['no offset', '2026-01-01T00:00:00'],
    ['a space for T', '2026-01-01 00:00:00Z'],
    ['a date only', '2026-01-01'],
    ['text after it', '2026-01-01T00:00:00Zx'],
  ])('%s is not one', (_name, value) => {
    expect(isDateTime(value)).toBe(false);
  });
});

describe('the scalar expressions', () => {
  it.each([
    ['string', 'a', true],
    ['string', 1, false],
    ['date', '2026-01-31T12:00:00Z', true],
    ['date', '2026-01-31', false],
    ['date', 20260131, false],
    ['date', ['2026-01-31T12:00:00Z'], false],
    ['byte', 'YWJj', true],
    ['byte', 'YWI=', true],
    ['byte', 'YQ==', true],
    ['byte', 'YWJj\nZGVm\r\n', true],
    ['byte', '', true],
    ['byte', 'abc', false],
    ['byte', 'YQ=', false],
    ['byte', 'YW J j', false],
    ['byte', 3, false],
    ['integer', 3, true],
    ['integer', 2 ** 31, true],
    ['integer', -(2 ** 40), true],
    ['integer', 3.5, false],
    ['integer', '3', false],
    ['int32', 2 ** 31 - 1, true],
    ['int32', -(2 ** 31), true],
    ['int32', 2 ** 31, false],
    ['int32', -(2 ** 31) - 1, false],
    ['int32', 1.5, false],
    ['int32', '1', false],
    ['int64', 2 ** 40, true],
    ['int64', 1.5, false],
    ['int64', '1', false],
    ['number', 1.5, true],
    ['number', Infinity, false],
    ['number', '1', false],
    ['boolean', false, true],
    ['boolean', 'false', false],
    ['int-or-string', 'a', true],
    ['int-or-string', 2 ** 31 - 1, true],
    ['int-or-string', -(2 ** 31), true],
    ['int-or-string', 2 ** 31, false],
    ['int-or-string', -(2 ** 31) - 1, false],
    ['int-or-string', 1.5, false],
    ['int-or-string', true, false],
    ['quantity', 1.5, true],
    ['quantity', Infinity, false],
    ['quantity', '500m', true],
    ['quantity', '10Gi', true],
    ['quantity', 'lots', false],
    ['quantity', true, false],
    ['quantity', ['1'], false],
    ['any', { anything: [1] }, true],
    ['an expression the walk does not know', 'x', true],
  ] as const)('%s: %j is %s', (expression, value, ok) => {
    expect(walk(value, expression)).toHaveLength(ok ? 0 : 1);
  });

  it.each([
    ['int-or-string', true, 'must be an integer (int32) or a string, got boolean true'],
    ['quantity', 'lots', 'must be a quantity (a number, or a string such as 500m or 10Gi), got string "lots"'],
    ['date', 'soon', 'must be an RFC 3339 date-time string (such as 2026-01-31T12:00:00Z), got string "soon"'],
    ['byte', 'abc', 'must be a base64 string, got string "abc"'],
    ['int32', 2 ** 31, 'must be an int32 (an integer from -2147483648 to 2147483647), got number 2147483648'],
    ['int64', 1.5, 'must be an int64 (an integer from -2^63 to 2^63-1), got number 1.5'],
    ['integer', 'x', 'must be an integer, got string "x"'],
    ['string', null, undefined],
    ['string', false, 'must be a string, got boolean false'],
    ['number', [1], 'must be a number, got a list'],
    ['boolean', {}, 'must be a boolean, got an object'],
    ['string', 12, 'must be a string, got number 12'],
  ] as const)('%s refuses %j with the message "%s"', (expression, value, message) => {
    expect(walk(value, expression).map((problem) => problem.message)).toEqual(message ? [message] : []);
  });

  it('shows a long string cut after 30 characters', () => {
    expect(walk(`${'a'.repeat(30)}b`, 'integer')[0]?.message).toBe(`must be an integer, got string "${'a'.repeat(30)}…"`);
    expect(walk('a'.repeat(30), 'integer')[0]?.message).toBe(`must be an integer, got string "${'a'.repeat(30)}"`);
  });

  it('an int64 past 2^53 is decided on the digits written, read at its own pointer', () => {
    const scalars = { '/n': { plain: true, text: '9223372036854775807' } };
    expect(walk({ n: 2 ** 63 }, '{}int64', { scalars })).toEqual([]);
    expect(walk({ n: 2 ** 63 }, '{}int64', { scalars: { '/n': { plain: true, text: '9223372036854775808' } } })).toHaveLength(1);
    expect(walk({ n: 2 ** 63 }, '{}int64')).toHaveLength(1);
  });

  it('the quantity pattern: a decimal, then at most one suffix or exponent', () => {
    for (const good of ['1', '+1', '-1.5', '.5', '5.', '1e3', '1E-3', '2Ki', '3Ei', '100m', '4n', '1k', '1M'])
      expect(QUANTITY_PATTERN.test(good), good).toBe(true);
    for (const bad of ['', '.', 'm', '1KiB', '1ki', '1e', '1.5.5', '1 m', 'x1']) expect(QUANTITY_PATTERN.test(bad), bad).toBe(false);
  });
});

describe('lists, maps, objects and enums', () => {
  it('a list and a map name the item that is wrong, a map key escaped in the pointer', () => {
    expect(messages(walk(['a', 1, 'b'], '[]string'))).toEqual(['/1: must be a string, got number 1']);
    expect(messages(walk({ 'a/b~c': 1, ok: 'x' }, '{}string'))).toEqual(['/a~1b~0c: must be a string, got number 1']);
    expect(messages(walk([['x', 2]], '[][]string'))).toEqual(['/0/1: must be a string, got number 2']);
  });

  it('a value of the wrong shape for a list, a map or an object', () => {
    expect(messages(walk({ a: 1 }, '[]string'))).toEqual([': must be a list, got an object']);
    expect(messages(walk('x', '[]string'))).toEqual([': must be a list, got string "x"']);
    expect(messages(walk(['a'], '{}string'))).toEqual([': must be a map, got a list']);
    expect(messages(walk(3, '{}string'))).toEqual([': must be a map, got number 3']);
    expect(messages(walk(['a'], 'ref:Tag'))).toEqual([': must be an object, got a list']);
    expect(messages(walk('a', 'ref:Tag'))).toEqual([': must be an object, got string "a"']);
    expect(messages(walk(true, 'ref:Tag'))).toEqual([': must be an object, got boolean true']);
  });

  it('null and absent values are not checked, and a type the table lacks accepts anything', () => {
    expect(walk(null, '[]string')).toEqual([]);
    expect(walk(undefined, 'ref:Tag')).toEqual([]);
    expect(walk('anything', 'ref:Missing')).toEqual([]);
    expect(walk({ name: 'a', replicas: 1, spec: [1, 2] }, 'ref:Pod')).toEqual([]);
  });

  it('an enum: a string in the list, the empty string (unset), else the values it takes', () => {
    expect(enumValues('enum:TCP|UDP|SCTP')).toEqual(['TCP', 'UDP', 'SCTP']);
    expect(walk('UDP', 'enum:TCP|UDP|SCTP')).toEqual([]);
    expect(walk('', 'enum:TCP|UDP|SCTP')).toEqual([]);
    expect(messages(walk('udp', 'enum:TCP|UDP|SCTP'))).toEqual([': Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"']);
    expect(messages(walk(6, 'enum:TCP|UDP'))).toEqual([': must be a string, got number 6']);
  });

  it('an object: unknown fields with and without a near name, missing and null required fields', () => {
    expect(messages(walk({ nme: 'a', replicas: 1 }, 'ref:Pod'))).toEqual([
      '/nme: unknown field (not in the type Pod); did you mean "name"?',
      '/name: required field missing (in the type Pod)',
    ]);
    expect(messages(walk({ name: 'a', replicas: null, zzzzzzzz: 1 }, 'ref:Pod'))).toEqual([
      '/zzzzzzzz: unknown field (not in the type Pod)',
      '/replicas: required field missing (in the type Pod)',
    ]);
    expect(messages(walk({ name: 'a', replicas: 1, ports: [{}] }, 'ref:Pod'))).toEqual([
      '/ports/0/containerPort: required field missing (in the type Port)',
    ]);
    expect(messages(walk({ name: 'a', replicas: 1, 'a/b': 1 }, 'ref:Pod'))[0]).toMatch(/^\/a~1b: unknown field/);
  });
});

describe('list-map keys', () => {
  const pod = (ports: unknown): unknown => ({ name: 'a', replicas: 1, ports });

  it('a second item with the keys of an earlier one, a missing key field taking its default', () => {
    expect(messages(walk(pod([{ containerPort: 80 }, { containerPort: 81 }, { containerPort: 80, protocol: 'TCP' }]), 'ref:Pod'))).toEqual([
      '/ports/2: duplicate entries for key [containerPort=80,protocol="TCP"] (the same key as item 0)',
    ]);
    expect(walk(pod([{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }]), 'ref:Pod')).toEqual([]);
  });

  it('every later repeat names the first item, not the one before it', () => {
    expect(messages(walk({ tags: [{ name: 'x' }, { name: 'y' }, { name: 'x' }, { name: 'x' }] }, 'ref:Named'))).toEqual([
      '/tags/2: duplicate entries for key [name="x"] (the same key as item 0)',
      '/tags/3: duplicate entries for key [name="x"] (the same key as item 0)',
    ]);
  });

  it('an item without a key field that has no default, a null one, or not an object has no key', () => {
    expect(walk({ tags: [{ value: 1 }, { value: 2 }] }, 'ref:Named')).toEqual([]);
    expect(walk({ tags: [{ name: null }, { name: null }] }, 'ref:Named')).toEqual([]);
    expect(walk({ tags: [null, { name: 'x' }, null] }, 'ref:Named')).toEqual([]);
    expect(messages(walk({ tags: ['x', 'x'] }, 'ref:Named'))).toEqual([
      '/tags/0: must be an object, got string "x"',
      '/tags/1: must be an object, got string "x"',
    ]);
  });

  it('a number key field is printed bare, and is not the same key as its string', () => {
    expect(
      messages(walk({ tags: [{ name: 1 }, { name: '1' }, { name: 1 }] }, 'ref:Named')).filter((text) => text.includes('duplicate')),
    ).toEqual(['/tags/2: duplicate entries for key [name=1] (the same key as item 0)']);
  });

  it('a list-map field that is not a list is only a type problem', () => {
    expect(messages(walk(pod({ containerPort: 80 }), 'ref:Pod'))).toEqual(['/ports: must be a list, got an object']);
  });
});

describe('YAML 1.1 booleans in string fields', () => {
  const plain = { plain: true, text: 'on' };

  it.each(['string', 'date', 'byte', 'int-or-string', 'quantity', 'enum:on|off'])('a plain on in a %s field is refused', (expression) => {
    expect(messages(walk('on', expression, { scalars: { '': plain } }))).toEqual([
      ': cannot unmarshal bool into a string field: a YAML 1.1 reader (kubectl, Argo CD) reads the plain scalar on as a boolean; quote it: "on"',
    ]);
  });

  it('a quoted one, one without a source, and a word that is no YAML 1.1 boolean are strings', () => {
    expect(walk('on', 'string', { scalars: { '': { plain: false, text: '"on"' } } })).toEqual([]);
    expect(walk('on', 'string')).toEqual([]);
    expect(walk('true', 'string', { scalars: { '': { plain: true, text: 'true' } } })).toEqual([]);
    expect(walk('onn', 'string', { scalars: { '': { plain: true, text: 'onn' } } })).toEqual([]);
  });

  it('is asked at the field pointer, and only for a field a string may fill', () => {
    expect(messages(walk({ labels: { a: 'Yes' } }, 'ref:Pod', { scalars: { '/labels/a': { plain: true, text: 'Yes' } } }))[0]).toMatch(
      /^\/labels\/a: cannot unmarshal bool/,
    );
    expect(messages(walk('on', 'boolean', { scalars: { '': plain } }))).toEqual([': must be a boolean, got string "on"']);
    expect(walk('on', 'any', { scalars: { '': plain } })).toEqual([]);
  });

  it('the source of the scalars is that of the resource being walked only', () => {
    const walker = new Walker(
      () => undefined,
      (name) => name,
    );
    const first: SchemaProblem[] = [];
    walker.walkResource('on', 'string', first, () => plain);
    const after: SchemaProblem[] = [];
    walker.walk('on', 'string', '', after);
    expect([first.length, after.length]).toEqual([1, 0]);
  });
});

describe('the server checks of an object, after its walk', () => {
  const pointers: string[] = [];
  const portCheck: TypeCheck = (port, pointer, context) => {
    pointers.push(pointer);
    return [
      { pointer: `${pointer}/containerPort`, message: 'checked' },
      { pointer: `${pointer}/name`, message: `name written ${context.scalarAt(`${pointer}/name`)?.text ?? 'nowhere'}` },
    ];
  };

  it('run on each object of the type, at its pointer, with the scalar sources; none where the walk refused the field', () => {
    const found = walk({ name: 'a', replicas: 1, ports: [{ containerPort: 'eighty', name: 'http' }, { containerPort: 81 }] }, 'ref:Pod', {
      checks: { Port: [portCheck] },
      scalars: { '/ports/0/name': { plain: true, text: "'http'" } },
    });
    expect(messages(found)).toEqual([
      '/ports/0/containerPort: must be an int32 (an integer from -2147483648 to 2147483647), got string "eighty"',
      "/ports/0/name: name written 'http'",
      '/ports/1/containerPort: checked',
      '/ports/1/name: name written nowhere',
    ]);
    expect(pointers).toEqual(['/ports/0', '/ports/1']);
  });

  it('only a refusal of this walk hides a check: problems already in the list do not', () => {
    const problems: SchemaProblem[] = [{ pointer: '/name', message: 'found before' }];
    new Walker(
      (type) => TYPES[type],
      (type) => type,
      () => undefined,
      (type) => (type === 'Tag' ? [(_tag, pointer) => [{ pointer: `${pointer}/name`, message: 'checked' }]] : []),
    ).walk({ name: 'a' }, 'ref:Tag', '', problems);
    expect(messages(problems)).toEqual(['/name: found before', '/name: checked']);
  });

  it('a refusal in an earlier object does not hide a check of a later one', () => {
    const found = walk({ tags: [{ name: 1 }, { name: 'b' }] }, 'ref:Named', {
      checks: { Tag: [(_tag, pointer) => [{ pointer: `${pointer}/name`, message: 'checked' }]] },
    });
    expect(messages(found)).toEqual(['/tags/0/name: must be a string, got number 1', '/tags/1/name: checked']);
  });
});

describe('CRD keywords (check:NAME)', () => {
  const constraints: Record<string, Constraint> = {
    size: { type: 'integer', minimum: 1, maximum: 9 },
    small: { type: 'int32', maximum: 10, enum: [1, 2] },
    open: { type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true },
    step: { type: 'number', multipleOf: 0.5 },
    zero: { type: 'number', multipleOf: 0 },
    name: { type: 'string', minLength: 2, maxLength: 3, pattern: '[a-z]+-' },
    broken: { type: 'string', pattern: '(' },
    upper: { type: 'string', pattern: '^\\p{Lu}' },
    list: { type: '[]string', minItems: 1, maxItems: 2 },
    map: { type: '{}string', minProperties: 1, maxProperties: 2 },
    object: { type: 'ref:Tag', minProperties: 1 },
    all: { type: 'any', minimum: 5, minLength: 5, minItems: 5, minProperties: 5, uniqueItems: true },
  };
  const check = (name: string, value: unknown): string[] => {
    const problems: SchemaProblem[] = [];
    new Walker(
      (type) => TYPES[type],
      (type) => type,
      (constraint) => constraints[constraint],
    ).walk(value, `check:${name}`, '/v', problems);
    return messages(problems);
  };

  it.each([
    ['size', 1, []],
    ['size', 9, []],
    ['size', 0, ['/v: must be at least 1, got 0']],
    ['size', 10, ['/v: must be at most 9, got 10']],
    ['open', 0.5, []],
    ['open', 0, ['/v: must be greater than 0, got 0']],
    ['open', 1, ['/v: must be less than 1, got 1']],
    ['step', 1.5, []],
    ['step', 1.25, ['/v: must be a multiple of 0.5, got 1.25']],
    ['zero', 1.25, []],
    ['name', 'ab-', []],
    ['name', 'xab-', ['/v: must be at most 3 characters long, got 4']],
    ['name', 'a', ['/v: must be at least 2 characters long, got 1', '/v: must match the pattern "[a-z]+-", got string "a"']],
    ['name', '😀😀-', ['/v: must match the pattern "[a-z]+-", got string "😀😀-"']],
    ['name', '😀😀😀😀', ['/v: must be at most 3 characters long, got 4', '/v: must match the pattern "[a-z]+-", got string "😀😀😀😀"']],
    ['upper', 'Ärger', []],
    ['upper', 'p{Lu}', ['/v: must match the pattern "^\\\\p{Lu}", got string "p{Lu}"']],
    ['broken', 'anything', ['/v: must match the pattern "(", got string "anything"']],
    ['list', ['a'], []],
    ['list', ['a', 'b'], []],
    ['list', [], ['/v: must have at least 1 items, got 0']],
    ['list', ['a', 'b', 'c'], ['/v: must have at most 2 items, got 3']],
    ['map', { a: 'x', b: 'y' }, []],
    ['map', { a: 'x' }, []],
    ['map', {}, ['/v: must have at least 1 keys, got 0']],
    ['map', { a: 'x', b: 'y', c: 'z' }, ['/v: must have at most 2 keys, got 3']],
    ['object', {}, ['/v: must have at least 1 keys, got 0']],
    ['all', 5, []],
    ['all', 'abcde', []],
    ['all', [1, 2, 3, 4, 5], []],
    ['all', true, []],
    ['all', 'abca', ['/v: must be at least 5 characters long, got 4']],
    ['all', null, []],
    ['missing', 'anything', []],
  ] as const)('%s: %j', (name, value, expected) => {
    expect(check(name, value)).toEqual(expected);
  });

  it('a value the type refuses gets that problem only; a problem inside it does not stop the keywords', () => {
    expect(check('size', 'x')).toEqual(['/v: must be an integer, got string "x"']);
    expect(check('small', 2 ** 31)).toEqual(['/v: must be an int32 (an integer from -2147483648 to 2147483647), got number 2147483648']);
    expect(check('small', 11)).toEqual(['/v: must be one of 1, 2, got number 11', '/v: must be at most 10, got 11']);
    expect(check('list', [1, 2, 3])).toEqual([
      '/v/0: must be a string, got number 1',
      '/v/1: must be a string, got number 2',
      '/v/2: must be a string, got number 3',
      '/v: must have at most 2 items, got 3',
    ]);
  });
});
