/** diffResources: resources matched by identity across two renders, each pair diffed, values redacted where they may be secret. */
import { describe, expect, it } from 'vitest';
import { diffResources, type RenderedObject } from '../../tools/src/diff/resource-diff.js';
import { REDACTED } from '../../tools/src/model/redact.js';

const object = (
  apiVersion: string | undefined,
  kind: string,
  name: string,
  namespace?: string,
  body: Record<string, unknown> = {},
): RenderedObject => ({
  ref: { ...(apiVersion === undefined ? {} : { apiVersion }), kind, name, ...(namespace === undefined ? {} : { namespace }) },
  object: body,
});

describe('diffResources', () => {
  it('an identical render has no differences', () => {
    const render = [object('v1', 'ConfigMap', 'a', 'ns', { data: { x: '1' } })];
    expect(diffResources(render, structuredClone(render))).toEqual([]);
  });

  it('added, removed and changed resources, sorted by kind, namespace and name', () => {
    const base = [
      object('v1', 'Service', 'gone', 'ns'),
      object('v1', 'ConfigMap', 'b', 'ns', { data: { x: '1' } }),
      object('v1', 'ConfigMap', 'a', 'other', { data: { x: '1' } }),
    ];
    const head = [
      object('v1', 'ConfigMap', 'b', 'ns', { data: { x: '2' } }),
      object('v1', 'ConfigMap', 'a', 'other', { data: { x: '1' } }),
      object('v1', 'ConfigMap', 'a', 'ns'),
      object('apps/v1', 'Deployment', 'new'),
    ];
    expect(diffResources(base, head)).toEqual([
      { ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'ns' }, status: 'added', changes: [] },
      {
        ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', namespace: 'ns' },
        status: 'changed',
        changes: [{ path: '/data/x', type: 'changed', before: '1', after: '2' }],
      },
      { ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'new' }, status: 'added', changes: [] },
      { ref: { apiVersion: 'v1', kind: 'Service', name: 'gone', namespace: 'ns' }, status: 'removed', changes: [] },
    ]);
  });

  it('an API version move in the same group is a change of the one resource, not a removal and an addition', () => {
    const diffs = diffResources(
      [object('policy/v1beta1', 'PodDisruptionBudget', 'pdb', 'ns', { apiVersion: 'policy/v1beta1' })],
      [object('policy/v1', 'PodDisruptionBudget', 'pdb', 'ns', { apiVersion: 'policy/v1' })],
    );
    expect(diffs.map((diff) => [diff.status, diff.changes])).toEqual([
      ['changed', [{ path: '/apiVersion', type: 'changed', before: 'policy/v1beta1', after: 'policy/v1' }]],
    ]);
  });

  it('another group, or the core group against a named one, is another resource', () => {
    expect(
      diffResources([object('apps/v1', 'Deployment', 'd')], [object('extensions/v1beta1', 'Deployment', 'd')]).map((diff) => diff.status),
    ).toEqual(['added', 'removed']);
    expect(diffResources([object('v1', 'Event', 'e')], [object('events.k8s.io/v1', 'Event', 'e')]).map((diff) => diff.status)).toEqual([
      'added',
      'removed',
    ]);
    // no apiVersion is the core group
    expect(diffResources([object(undefined, 'ConfigMap', 'c')], [object('v1', 'ConfigMap', 'c')])).toEqual([]);
  });

  it('hides Secret data, and an env value whose variable is named like a credential; other values show', () => {
    const secret = (value: string, type: string) => object('v1', 'Secret', 's', 'ns', { data: { key: value }, type });
    expect(diffResources([secret('YQ==', 'a')], [secret('Yg==', 'b')])[0]?.changes).toEqual([
      { path: '/data/key', type: 'changed', before: '[redacted]', after: '[redacted]' },
      { path: '/type', type: 'changed', before: 'a', after: 'b' },
    ]);
    const env = (value: string) =>
      object('apps/v1', 'StatefulSet', 's', 'ns', {
        env: [
          { name: 'CONSUL_HTTP_TOKEN', value },
          { name: 'LOG', value },
        ],
      });
    expect(diffResources([env('a1b2c3d4e5f6')], [env('z9y8x7w6v5u4')])[0]?.changes).toEqual([
      { path: '/env/0/value', type: 'changed', before: '[redacted]', after: '[redacted]' },
      { path: '/env/1/value', type: 'changed', before: 'a1b2c3d4e5f6', after: 'z9y8x7w6v5u4' },
    ]);
  });

  it('an added or removed env entry is hidden by its variable name too, and keeps only the side it has', () => {
    const env = (entries: unknown[]) => object('apps/v1', 'StatefulSet', 's', 'ns', { env: entries });
    const [added] = diffResources(
      [env([{ name: 'LOG', value: 'x' }])],
      [
        env([
          { name: 'LOG', value: 'x' },
          { name: 'CONSUL_HTTP_TOKEN', value: 'a1b2c3d4e5f6' },
        ]),
      ],
    );
    expect(added?.changes).toEqual([{ path: '/env/1', type: 'added', after: { name: 'CONSUL_HTTP_TOKEN', value: '[redacted]' } }]);
    const [removed] = diffResources([env([{ name: 'CONSUL_HTTP_TOKEN', value: 'a1b2c3d4e5f6' }])], [env([])]);
    expect(removed?.changes).toStrictEqual([
      { path: '/env/0', type: 'removed', before: { name: 'CONSUL_HTTP_TOKEN', value: '[redacted]' } },
    ]);
  });

  it('sorts by kind, then namespace, then name, each on its own (a cluster-scoped resource before namespaced ones)', () => {
    const head = [
      object('v1', 'ConfigMap', 'a', 'zz'),
      object('v1', 'ConfigMap', 'c', 'ab'),
      object('v1', 'ConfigMap', 'z', 'a'),
      object('v1', 'ConfigMap', 'b', 'consul'),
      object('v1', 'ConfigMap', 'z'),
      object('v1', 'ServiceAccount', 'a', 'ns'),
      object('v1', 'Service', 'x', 'ns'),
    ];
    expect(diffResources([], head).map((diff) => `${diff.ref.kind} ${diff.ref.namespace ?? '-'}/${diff.ref.name}`)).toEqual([
      'ConfigMap -/z',
      'ConfigMap a/z',
      'ConfigMap ab/c',
      'ConfigMap consul/b',
      'ConfigMap zz/a',
      'Service ns/x',
      'ServiceAccount ns/a',
    ]);
  });

  it('a token changed in a named list item stays hidden on both sides', () => {
    const item = (token: string) => ({ spec: { caches: [{ name: 'build-cache', token }] } });
    const [diff] = diffResources(
      [object('example.com/v1', 'Cache', 'c', 'ns', item('Zq8f3Kx9LmN7pQ4vR1tY6wB0cD5eHsJ2'))],
      [object('example.com/v1', 'Cache', 'c', 'ns', item('Wr4Tg7Yh2Jk9Lp3Zx6Cv8Bn1Mq5As0Df'))],
    );
    expect(diff?.changes).toEqual([{ path: '/spec/caches/0/token', type: 'changed', before: REDACTED, after: REDACTED }]);
  });

  it('a value is named by its own key, not by the name of the list item it sits in', () => {
    const item = (token: string) => ({ spec: { caches: [{ name: 'build-cache', token }] } });
    const [diff] = diffResources(
      [object('example.com/v1', 'Cache', 'c', 'ns', item('q8!Zf3#Kx9$LmN7%pQ4v&R1tY'))],
      [object('example.com/v1', 'Cache', 'c', 'ns', item('xK9#mQ2$vL7!pR4@tZ8%'))],
    );
    // high-entropy text is hidden under a secret-like name (token), which the item's name, build-cache, is not
    expect(diff?.changes).toEqual([{ path: '/spec/caches/0/token', type: 'changed', before: REDACTED, after: REDACTED }]);
  });

  it("an env-like entry's value is named by the variable only when its name is a string", () => {
    const entry = (value: string) => ({ spec: { vars: [{ name: ['CONSUL_HTTP_TOKEN'], value }] } });
    const [diff] = diffResources(
      [object('example.com/v1', 'Vars', 'v', 'ns', entry('q8!Zf3#Kx9$LmN7%pQ4v&R1tY'))],
      [object('example.com/v1', 'Vars', 'v', 'ns', entry('xK9#mQ2$vL7!pR4@tZ8%'))],
    );
    // named by its key, value, which is no secret-like name: the text shows
    expect(diff?.changes).toEqual([
      {
        path: '/spec/vars/0/value',
        type: 'changed',
        before: 'q8!Zf3#Kx9$LmN7%pQ4v&R1tY',
        after: 'xK9#mQ2$vL7!pR4@tZ8%',
      },
    ]);
  });
});
