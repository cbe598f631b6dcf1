/** strategicPatch: the patch that turns a base/ object into the environment's, and what kustomize makes of each list. */
import { describe, expect, it } from 'vitest';
import { deletePatch, refOf, strategicPatch } from '../../tools/src/generate/patch.js';

const object = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', ...metadata },
  spec,
});
const container = (name: string, fields: Record<string, unknown> = {}) => ({ name, image: 'i:1', ...fields });
const pod = (containers: unknown[], more: Record<string, unknown> = {}) => ({ template: { spec: { containers, ...more } } });
const head = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };

describe('strategicPatch', () => {
  it('is undefined for equal objects', () => {
    expect(strategicPatch(object({ replicas: 1, a: { b: [1] } }), object({ replicas: 1, a: { b: [1] } }))).toBeUndefined();
  });

  it('holds only what changes, under the base object apiVersion, kind and name; a removed key is null', () => {
    expect(
      strategicPatch(
        object({ replicas: 1, keep: 'x', drop: 'y', nested: { a: 1, b: 2 } }),
        object({ replicas: 2, keep: 'x', nested: { a: 1, b: 3 } }),
      ),
    ).toEqual({
      ...head,
      spec: { replicas: 2, drop: null, nested: { b: 3 } },
    });
  });

  it('keeps the name in a metadata patch and adds new keys', () => {
    expect(strategicPatch(object({}, { labels: { a: '1' } }), object({ extra: true }, { labels: { a: '2' } }))).toEqual({
      ...head,
      metadata: { name: 'web', labels: { a: '2' } },
      spec: { extra: true },
    });
  });

  it('a different list that strategic merge does not key is written whole, as it is', () => {
    expect(strategicPatch(object({ args: ['a', 'b'] }), object({ args: ['b'] }))).toEqual({ ...head, spec: { args: ['b'] } });
  });

  it.each(['env', 'volumes', 'volumeMounts', 'ports', 'topologySpreadConstraints', 'initContainers', 'containers'])(
    'a keyed list (%s) that differs is replaced whole, with the replace directive first',
    (field) => {
      const before = [{ name: 'a' }, { name: 'b' }];
      const after = [{ name: 'b' }, { name: 'a' }, { name: 'c' }];
      expect(strategicPatch(object({ [field]: before }), object({ [field]: after }))).toEqual({
        ...head,
        spec: { [field]: [{ $patch: 'replace' }, ...after] },
      });
    },
  );

  it('a keyed list the base does not have is written as it is', () => {
    expect(strategicPatch(object({}), object({ env: [{ name: 'A' }] }))).toEqual({ ...head, spec: { env: [{ name: 'A' }] } });
  });

  it('one container on both sides with the same name is patched by its name, only what changes', () => {
    expect(
      strategicPatch(object(pod([container('app', { args: ['x'], keep: 1 })])), object(pod([container('app', { args: ['y'], keep: 1 })]))),
    ).toEqual({ ...head, spec: { template: { spec: { containers: [{ name: 'app', args: ['y'] }] } } } });
    expect(
      strategicPatch(
        object(pod([container('app')], { initContainers: [container('init', { image: 'i:1' })] })),
        object(pod([container('app')], { initContainers: [container('init', { image: 'i:2' })] })),
      ),
    ).toEqual({ ...head, spec: { template: { spec: { initContainers: [{ name: 'init', image: 'i:2' }] } } } });
  });

  it.each([
    ['a renamed container', [container('app')], [container('other')]],
    ['a second container', [container('app')], [container('app'), container('sidecar')]],
    ['one of two containers', [container('app'), container('sidecar')], [container('app')]],
    ['no container at all', [container('app')], []],
  ])('%s replaces the container list', (_case, before, after) => {
    expect(strategicPatch(object(pod(before)), object(pod(after)))).toEqual({
      ...head,
      spec: { template: { spec: { containers: [{ $patch: 'replace' }, ...after] } } },
    });
  });

  it('a container entry that is not an object replaces the list', () => {
    expect(strategicPatch(object(pod(['app'])), object(pod(['other'])))).toEqual({
      ...head,
      spec: { template: { spec: { containers: [{ $patch: 'replace' }, 'other'] } } },
    });
    expect(strategicPatch(object(pod([container('app')])), object(pod(['app'])))).toEqual({
      ...head,
      spec: { template: { spec: { containers: [{ $patch: 'replace' }, 'app'] } } },
    });
  });

  it('a value that changes type is written as the new value', () => {
    expect(strategicPatch(object({ a: { b: 1 } }), object({ a: 'flat' }))).toEqual({ ...head, spec: { a: 'flat' } });
    expect(strategicPatch(object({ a: 'flat' }), object({ a: { b: 1 } }))).toEqual({ ...head, spec: { a: { b: 1 } } });
  });
});

describe('refOf and deletePatch', () => {
  it('the reference is apiVersion, kind and name only; the delete patch adds the delete directive', () => {
    const full = { ...object({ replicas: 3 }, { labels: { a: 'b' } }) };
    expect(refOf(full)).toEqual(head);
    expect(deletePatch(full)).toEqual({ ...head, $patch: 'delete' });
  });
});
