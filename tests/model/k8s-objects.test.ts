/** The readers over unstructured objects that every rule uses: get, kinds, pod specs, containers, selectors. */
import { describe, expect, it } from 'vitest';
import {
  asArray,
  asObject,
  containersOf,
  get,
  intOrUndefined,
  isKind,
  podLabelsOf,
  podSpecOf,
  selectorMatches,
} from '../../tools/src/model/k8s-objects.js';
import { object } from '../helpers/inline-rules.js';

describe('object readers', () => {
  it('asObject accepts plain objects only; asArray arrays only', () => {
    expect(asObject({ a: 1 })).toEqual({ a: 1 });
    for (const value of [null, undefined, [1], 'x', 3]) expect(asObject(value)).toBeUndefined();
    expect(asArray([1])).toEqual([1]);
    for (const value of [null, { 0: 1 }, 'x']) expect(asArray(value)).toEqual([]);
  });

  it('get walks keys and array indexes, and stops at the first missing step', () => {
    const value = { a: [{ b: 1 }, { b: 0 }], c: null };
    expect(get(value, 'a', 1, 'b')).toBe(0);
    expect(get(value, 'a', 'b')).toBeUndefined();
    expect(get(value, 'c', 'd')).toBeUndefined();
    expect(get({ a: { 0: 'x' } }, 'a', 0)).toBeUndefined();
    expect(get(value)).toBe(value);
  });

  it('intOrUndefined accepts integers only', () => {
    expect(intOrUndefined(3)).toBe(3);
    expect(intOrUndefined(0)).toBe(0);
    for (const value of [1.5, '3', undefined, Number.NaN]) expect(intOrUndefined(value)).toBeUndefined();
  });

  it('isKind compares the kind, and the API group when given (core is "")', () => {
    const statefulSet = object('apps/v1', 'StatefulSet', 's');
    expect(isKind(statefulSet, 'StatefulSet')).toBe(true);
    expect(isKind(statefulSet, 'StatefulSet', 'apps')).toBe(true);
    expect(isKind(statefulSet, 'StatefulSet', '')).toBe(false);
    expect(isKind(statefulSet, 'Deployment')).toBe(false);
    expect(isKind(object('v1', 'Service', 's'), 'Service', '')).toBe(true);
    expect(isKind({ ...object('v1', 'Service', 's'), ref: { kind: 'Service', name: 's' } }, 'Service', '')).toBe(true);
  });
});

describe('pod specs and containers', () => {
  const template = {
    spec: {
      template: {
        metadata: { labels: { a: '1' } },
        spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }, null, { name: 'd' }] },
      },
    },
  };

  it('finds the pod spec of each workload kind at its pointer', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'])
      expect(podSpecOf(object('apps/v1', kind, 'w', template))?.pointer).toBe('/spec/template/spec');
    expect(podSpecOf(object('v1', 'Pod', 'p', { spec: { containers: [] } }))).toEqual({ spec: { containers: [] }, pointer: '/spec' });
    expect(podSpecOf(object('v1', 'Pod', 'p'))).toBeUndefined();
    expect(podSpecOf(object('batch/v1', 'CronJob', 'c', { spec: { jobTemplate: template } }))?.pointer).toBe(
      '/spec/jobTemplate/spec/template/spec',
    );
    expect(podSpecOf(object('batch/v1', 'CronJob', 'c', template))).toBeUndefined();
    expect(podSpecOf(object('v1', 'ConfigMap', 'c', template))).toBeUndefined();
    expect(podSpecOf(object('apps/v1', 'Deployment', 'w'))).toBeUndefined();
  });

  it('reads pod labels, CronJobs one level deeper', () => {
    expect(podLabelsOf(object('apps/v1', 'Deployment', 'w', template))).toEqual({ a: '1' });
    expect(podLabelsOf(object('batch/v1', 'CronJob', 'c', { spec: { jobTemplate: template } }))).toEqual({ a: '1' });
    expect(podLabelsOf(object('batch/v1', 'CronJob', 'c', template))).toEqual({});
  });

  it('lists init containers first, skips entries that are not objects, and keeps each pointer', () => {
    expect(
      containersOf(object('apps/v1', 'Deployment', 'w', template)).map(
        (entry) => `${entry.pointer} ${String(entry.init)} ${String(entry.container.name)}`,
      ),
    ).toEqual([
      '/spec/template/spec/initContainers/0 true i',
      '/spec/template/spec/containers/0 false c',
      '/spec/template/spec/containers/2 false d',
    ]);
    expect(containersOf(object('v1', 'ConfigMap', 'c'))).toEqual([]);
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'consul', component: 'server' };

  it('matchLabels, or a bare label map as a Service selector is', () => {
    expect(selectorMatches({ matchLabels: { app: 'consul' } }, labels)).toBe(true);
    expect(selectorMatches({ app: 'consul', component: 'server' }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'other' } }, labels)).toBe(false);
    expect(selectorMatches({ app: 'consul', tier: 'x' }, labels)).toBe(false);
  });

  it.each([
    ['In', ['consul', 'x'], true],
    ['In', ['x'], false],
    ['NotIn', ['x'], true],
    ['NotIn', ['consul'], false],
    ['Exists', undefined, true],
    ['DoesNotExist', undefined, false],
  ])('matchExpressions %s %j on app=consul: %s', (operator, values, expected) => {
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator, ...(values ? { values } : {}) }] }, labels)).toBe(expected);
  });

  it('expressions on an absent label; an expression without a key never matches', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ operator: 'Exists' }] }, labels)).toBe(false);
    expect(
      selectorMatches(
        { matchLabels: { app: 'consul' }, matchExpressions: [{ key: 'component', operator: 'In', values: ['client'] }] },
        labels,
      ),
    ).toBe(false);
  });

  it('an empty or missing selector selects nothing', () => {
    for (const selector of [undefined, null, {}, { matchLabels: {} }, { matchExpressions: [] }, 'app=consul'])
      expect(selectorMatches(selector, labels)).toBe(false);
  });
});
