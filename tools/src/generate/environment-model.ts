/**
 * What one environment's overlay must render: the objects of its model, as `kustomize build` of
 * overlays/<env> gives them (cluster-scoped names with their `-<env>` suffix, the environment's images).
 * Built by the same builders as base/ and the overlay, so the gate and validate know the datacenter
 * from the generator itself, not from a list kept by hand. Pure.
 */
import { CLUSTER_RESOURCES } from '../model/argocd.js';
import { get } from '../model/k8s-objects.js';
import type { EnvironmentSpec } from '../environments/types.js';
import { datacenterObjects } from './base/index.js';
import { environmentSettings } from './base/settings.js';

export function renderedEnvironmentModel(env: EnvironmentSpec): Record<string, unknown>[] {
  return Object.values(datacenterObjects(environmentSettings(env, { images: env.images }, true))).flat();
}

const CLUSTER_KINDS: ReadonlySet<string> = new Set(CLUSTER_RESOURCES.map((resource) => resource.kind));

/**
 * What `kustomize build overlays/<env>` lists (kind, name, namespace of each object) when the overlay and base/
 * are on disk exactly as generated and the overlay has no local/ component: the model's objects, the namespaced
 * ones in the overlay's namespace (its kustomization's `namespace:`). tests/argocd/cross-checks.test.ts holds
 * it equal to kustomize's render of every overlay. Pure.
 */
export function renderedObjectList(env: EnvironmentSpec): { kind: string; name: string; namespace?: string }[] {
  return renderedEnvironmentModel(env).map((object) => {
    const kind = String(object.kind);
    const name = String(get(object, 'metadata', 'name'));
    return { kind, name, ...(CLUSTER_KINDS.has(kind) ? {} : { namespace: env.namespace }) };
  });
}
