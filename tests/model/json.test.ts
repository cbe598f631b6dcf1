/** model/json.ts: the one copy of pointer escaping, path lookup and the deep merge (spec defaults, Consul config files). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainObject, mergeJson, pointerKeys, pointerSegment, valueAt } from '../../tools/src/model/json.js';

describe('JSON pointers', () => {
  it.each([
    ['a plain key', 'name', 'name'],
    ['a slash', 'app.kubernetes.io/name', 'app.kubernetes.io~1name'],
    ['a tilde', 'a~b', 'a~0b'],
    ['a tilde before a 1 (escaped first, so it never reads as a slash)', '~1', '~01'],
    ['an index', 3, '3'],
  ])('%s: %s -> %s', (_name, key, segment) => {
    expect(pointerSegment(key)).toBe(segment);
    expect(pointerKeys(`/x/${segment}`)).toEqual(['x', String(key)]);
  });

  it('the empty pointer has no keys; "/" names the empty key', () => {
    expect(pointerKeys('')).toEqual([]);
    expect(pointerKeys('/')).toEqual(['']);
  });

  it('escaping then reading gives every key back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '/', '~', '0', '1') })), (keys) => {
        expect(pointerKeys(keys.map((key) => `/${pointerSegment(key)}`).join(''))).toEqual(keys);
      }),
    );
  });
});

describe('valueAt', () => {
  const object = { spec: { containers: [{ name: 'consul', env: [{ name: 'A', value: '1' }] }] }, 'a/b': 1 };
  it.each([
    ['an object path', ['spec', 'containers', 0, 'name'], 'consul'],
    ['a list index as digits (from a pointer)', ['spec', 'containers', '0', 'env', '0', 'value'], '1'],
    ['a key with a slash', ['a/b'], 1],
    ['the value itself for an empty path', [], object],
    ['a missing key', ['spec', 'volumes'], undefined],
    ['a key into a list', ['spec', 'containers', 'name'], undefined],
    ['an index past the end', ['spec', 'containers', 1], undefined],
    ['a step through a scalar', ['spec', 'containers', 0, 'name', 'length'], undefined],
    // Only digit strings index a list: Number() alone would read '' as 0, '0x1' and ' 1' as 1.
    ['an empty key into a list', ['spec', 'containers', ''], undefined],
    ['a hex-looking key into a list', ['spec', 'containers', '0x0'], undefined],
    ['a key with a leading blank into a list', ['spec', 'containers', ' 0'], undefined],
  ])('%s', (_name, path, expected) => {
    expect(valueAt(object, path)).toEqual(expected);
  });
});

it('a list index of several digits', () => {
  expect(valueAt({ list: Array.from({ length: 12 }, (_, index) => index * 10) }, ['list', '11'])).toBe(110);
});

describe('mergeJson', () => {
  it('merges objects key by key and replaces lists and scalars', () => {
    const base = { tls: { enabled: true, verify: { incoming: true, outgoing: true } }, retry_join: ['a', 'b'], ports: { dns: 8600 } };
    const override = { tls: { verify: { incoming: false } }, retry_join: ['c'], ports: 1 };
    expect(mergeJson(base, override)).toEqual({
      tls: { enabled: true, verify: { incoming: false, outgoing: true } },
      retry_join: ['c'],
      ports: 1,
    });
  });

  it('changes neither input', () => {
    const base = { a: { b: 1 } };
    const override = { a: { c: 2 } };
    mergeJson(base, override);
    expect(base).toEqual({ a: { b: 1 } });
    expect(override).toEqual({ a: { c: 2 } });
  });

  it.each([
    ['an absent override keeps the base', { a: 1 }, undefined, { a: 1 }],
    ['a null override replaces it', { a: 1 }, null, null],
    ['an object over a scalar replaces it', 1, { a: 1 }, { a: 1 }],
    ['a new key is added', { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
  ])('%s', (_name, base, override, expected) => {
    expect(mergeJson(base, override)).toEqual(expected);
  });

  it('replaceWhole names the paths whose objects replace instead of merging (the spec destination)', () => {
    const base = { destination: { server: 'https://a' }, nested: { destination: { server: 'https://a' } } };
    const override = { destination: { name: 'edge' }, nested: { destination: { name: 'edge' } } };
    const merged = mergeJson(base, override, (path) => path.length === 1 && path[0] === 'destination');
    expect(merged).toEqual({ destination: { name: 'edge' }, nested: { destination: { server: 'https://a', name: 'edge' } } });
  });

  it('isPlainObject: objects only, not lists or null', () => {
    expect([{}, [], null, 'x', 1].map(isPlainObject)).toEqual([true, false, false, false, false]);
  });
});
