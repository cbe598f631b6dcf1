/** What an overlay renders: the model of its environment, with names and namespaces as kustomize gives them. */
import { describe, expect, it } from 'vitest';
import { renderedEnvironmentModel, renderedObjectList } from '../../tools/src/generate/environment-model.js';
import { SAME_AS_BASE, specOf } from './spec-fixture.js';

const spec = specOf({ qa: { ...SAME_AS_BASE, servers: 5, images: { consul: 'hashicorp/consul:1.21.4' } } });
const env = spec.environments[0]!;

describe('renderedEnvironmentModel', () => {
  it("is the environment's datacenter with its own images and suffixed cluster-scoped names", () => {
    const objects = renderedEnvironmentModel(env) as Record<string, any>[];
    const server = objects.find((object) => object.kind === 'StatefulSet');
    expect(server?.spec.replicas).toBe(5);
    expect(server?.spec.template.spec.containers[0].image).toBe('hashicorp/consul:1.21.4');
    expect(objects.filter((object) => object.kind === 'ClusterRole').map((object) => object.metadata.name)).toEqual([
      'consul-sync-catalog-qa',
      'consul-auth-method-qa',
    ]);
  });
});

describe('renderedObjectList', () => {
  it('lists each object with its kind and name; namespaced ones in the environment namespace, cluster-scoped ones without', () => {
    const list = renderedObjectList(env);
    expect(list).toHaveLength(renderedEnvironmentModel(env).length);
    expect(list).toContainEqual({ kind: 'StatefulSet', name: 'consul-server', namespace: 'consul-same' });
    expect(list).toContainEqual({ kind: 'ClusterRoleBinding', name: 'consul-authdelegator-qa' });
    expect(
      list
        .filter((entry) => entry.namespace === undefined)
        .map((entry) => entry.kind)
        .sort(),
    ).toEqual(['ClusterRole', 'ClusterRole', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding']);
    expect(Object.keys(list.find((entry) => entry.kind === 'ClusterRole') ?? {})).toEqual(['kind', 'name']);
  });
});
