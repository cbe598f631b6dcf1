/** The semantic diff: key order and formatting never count; named lists match by name. */
import { describe, expect, it } from 'vitest';
import { diffFields } from '../../tools/src/diff/field-diff.js';
import { diffResources } from '../../tools/src/diff/resource-diff.js';

describe('diffFields', () => {
  it.each([
    { behaviour: 'ignores key order', before: { a: 1, b: { c: 2, d: 3 } }, after: { b: { d: 3, c: 2 }, a: 1 }, expected: [] },
    {
      behaviour: 'reports a changed scalar at its JSON pointer',
      before: { spec: { replicas: 5 } },
      after: { spec: { replicas: 7 } },
      expected: [{ path: '/spec/replicas', type: 'changed', before: 5, after: 7 }],
    },
    {
      behaviour: 'reports added and removed keys',
      before: { a: 1 },
      after: { b: 2 },
      expected: [
        { path: '/b', type: 'added', after: 2 },
        { path: '/a', type: 'removed', before: 1 },
      ],
    },
    {
      behaviour: 'escapes / and ~ in keys',
      before: { metadata: { annotations: { 'x/y~z': 'a' } } },
      after: { metadata: { annotations: { 'x/y~z': 'b' } } },
      expected: [{ path: '/metadata/annotations/x~1y~0z', type: 'changed', before: 'a', after: 'b' }],
    },
    {
      behaviour: 'matches named list items by name, so a reorder is no change',
      before: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
      after: {
        containers: [
          { name: 'b', image: 'y' },
          { name: 'a', image: 'x' },
        ],
      },
      expected: [],
    },
    {
      behaviour: 'reports an inserted named item once, not every item after it',
      before: {
        env: [
          { name: 'A', value: '1' },
          { name: 'C', value: '3' },
        ],
      },
      after: {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'C', value: '3' },
        ],
      },
      expected: [{ path: '/env/1', type: 'added', after: { name: 'B', value: '2' } }],
    },
    {
      behaviour: 'compares unnamed lists by position',
      before: { args: ['a', 'b'] },
      after: { args: ['a', 'c', 'd'] },
      expected: [
        { path: '/args/1', type: 'changed', before: 'b', after: 'c' },
        { path: '/args/2', type: 'added', after: 'd' },
      ],
    },
    {
      behaviour: 'reports a type change as one change',
      before: { port: 8500 },
      after: { port: '8500' },
      expected: [{ path: '/port', type: 'changed', before: 8500, after: '8500' }],
    },
  ])('$behaviour', ({ before, after, expected }) => expect(diffFields(before, after)).toEqual(expected));
});

describe('diffFields: which lists match by name, and values of different shapes', () => {
  it.each([
    {
      behaviour: 'items with names that are not strings compare by position',
      before: {
        list: [
          { name: 1, v: 'a' },
          { name: 2, v: 'b' },
        ],
      },
      after: {
        list: [
          { name: 2, v: 'b' },
          { name: 1, v: 'a' },
        ],
      },
      expected: ['changed /list/0/name', 'changed /list/0/v', 'changed /list/1/name', 'changed /list/1/v'],
    },
    {
      behaviour: 'a list in which one item has no name compares by position',
      before: { list: [{ name: 'a', v: 1 }, { v: 2 }] },
      after: { list: [{ v: 2 }, { name: 'a', v: 1 }] },
      expected: ['changed /list/0/v', 'removed /list/0/name', 'added /list/1/name', 'changed /list/1/v'],
    },
    {
      behaviour: 'a list with a name twice compares by position',
      before: {
        list: [
          { name: 'a', v: 1 },
          { name: 'a', v: 2 },
        ],
      },
      after: {
        list: [
          { name: 'a', v: 2 },
          { name: 'a', v: 1 },
        ],
      },
      expected: ['changed /list/0/v', 'changed /list/1/v'],
    },
    {
      behaviour: 'a list of nulls compares by position',
      before: { list: [null] },
      after: { list: [null, 1] },
      expected: ['added /list/1'],
    },
    {
      behaviour: 'a named list that becomes a list of strings compares by position',
      before: { list: [{ name: 'a' }] },
      after: { list: ['a', 'b'] },
      expected: ['changed /list/0', 'added /list/1'],
    },
    {
      behaviour: 'a list that becomes a named list compares by position',
      before: { list: ['a', 'b', 'c'] },
      after: { list: [{ name: 'a' }] },
      expected: ['changed /list/0', 'removed /list/1', 'removed /list/2'],
    },
    {
      behaviour: 'an unnamed list that shrinks reports each removed item',
      before: { args: ['a', 'b', 'c'] },
      after: { args: ['a'] },
      expected: ['removed /args/1', 'removed /args/2'],
    },
    {
      behaviour: 'added and removed keys in key order',
      before: { z: 1, y: 2 },
      after: { b: 1, a: 2 },
      expected: ['added /a', 'added /b', 'removed /y', 'removed /z'],
    },
    {
      behaviour: 'an object that becomes a scalar, a list or null is one change',
      before: { a: { x: 1 }, b: { x: 1 }, c: { x: 1 }, d: 'text' },
      after: { a: 'x', b: ['x'], c: null, d: { x: 1 } },
      expected: ['changed /a', 'changed /b', 'changed /c', 'changed /d'],
    },
    {
      behaviour: 'a list that becomes a string, or a string that becomes a list, is one change',
      before: { a: ['x', 'y'], b: 'xy' },
      after: { a: 'xy', b: ['x', 'y'] },
      expected: ['changed /a', 'changed /b'],
    },
    { behaviour: 'two different scalars at the root are a change at /', before: 'a', after: 'b', expected: ['changed /'] },
  ])('$behaviour', ({ before, after, expected }) =>
    expect(diffFields(before, after).map((change) => `${change.type} ${change.path}`)).toEqual(expected),
  );
});

describe('diffResources', () => {
  const item = (kind: string, name: string, object: Record<string, unknown> = {}, apiVersion = 'v1') => ({
    ref: { apiVersion, kind, name, namespace: 'ns' },
    object: { apiVersion, kind, metadata: { name }, ...object },
  });

  it('lists added, removed and changed resources and leaves equal ones out', () => {
    const diffs = diffResources(
      [item('ConfigMap', 'same'), item('ConfigMap', 'old'), item('Service', 'svc', { spec: { type: 'ClusterIP' } })],
      [item('ConfigMap', 'same'), item('ConfigMap', 'new'), item('Service', 'svc', { spec: { type: 'NodePort' } })],
    );
    expect(diffs.map((diff) => [diff.status, diff.ref.kind, diff.ref.name])).toEqual([
      ['added', 'ConfigMap', 'new'],
      ['removed', 'ConfigMap', 'old'],
      ['changed', 'Service', 'svc'],
    ]);
  });

  it('treats an API version move within a group as a change of the same resource', () => {
    const diffs = diffResources(
      [item('PodDisruptionBudget', 'pdb', {}, 'policy/v1beta1')],
      [item('PodDisruptionBudget', 'pdb', {}, 'policy/v1')],
    );
    expect(diffs).toEqual([
      {
        ref: expect.objectContaining({ name: 'pdb' }),
        status: 'changed',
        changes: [{ path: '/apiVersion', type: 'changed', before: 'policy/v1beta1', after: 'policy/v1' }],
      },
    ]);
  });
});
