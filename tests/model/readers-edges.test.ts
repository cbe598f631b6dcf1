/** Edges of the JSON and object readers: how each value reads in a message, the container cache, key-less selectors, the environment label. */
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../tools/src/model/json.js';
import { containersOf, environmentLabelOf, selectorMatches } from '../../tools/src/model/k8s-objects.js';
import type { ParsedResource } from '../../tools/src/model/resource.js';
import { object, workload } from '../helpers/inline-rules.js';

describe('jsonText', () => {
  it.each([
    ['a string as written', 'a b', 'a b'],
    ['undefined by name', undefined, 'undefined'],
    ['a number', 8500, '8500'],
    ['a number JSON has no text for', Number.NaN, 'NaN'],
    ['a boolean', false, 'false'],
    ['a bigint', 10n, '10'],
    ['null as JSON', null, 'null'],
    ['an object as JSON', { a: [1, 'x'] }, '{"a":[1,"x"]}'],
    ['a list as JSON', ['a'], '["a"]'],
  ])('%s', (_name, value, expected) => {
    expect(jsonText(value)).toBe(expected);
  });
});

describe('containersOf', () => {
  it('reads a resource once: the same list every time', () => {
    const resource = workload('Deployment', 'd', { containers: [{ name: 'c' }] });
    expect(containersOf(resource)).toBe(containersOf(resource));
  });
});

describe('selectorMatches', () => {
  it('an expression without a key matches nothing, whatever its operator', () => {
    for (const operator of ['In', 'NotIn', 'Exists', 'DoesNotExist']) {
      expect(selectorMatches({ matchExpressions: [{ operator, values: ['a'] }] }, { a: 'a' }), operator).toBe(false);
    }
  });
});

describe('environmentLabelOf', () => {
  it('the first object that carries the label, past those that do not', () => {
    const bare: ParsedResource = {
      ...object('v1', 'ConfigMap', 'a'),
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
    };
    const labelled = object('v1', 'ConfigMap', 'b');
    expect(environmentLabelOf([bare, labelled])).toBe('env');
    expect(environmentLabelOf([bare])).toBeUndefined();
  });
});
