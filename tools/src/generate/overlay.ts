/**
 * overlays/<env>/: the environment's model (the same builders as base/, run on its settings) minus
 * base/. Every object that differs gets one strategic-merge patch, named after its base/ file; an
 * object the environment does not have is deleted; the server count and the images go through the
 * kustomization's `replicas` and `images`. A test renders every overlay and compares it with the model.
 */
import { COMPONENT, LABEL } from '../model/consul.js';
import { parseImageReference } from '../model/image-reference.js';
import type { EnvironmentSpec, Spec } from '../environments/types.js';
import { datacenterObjects } from './base/index.js';
import { baseSettings, clusterScopedSuffix, environmentSettings } from './base/settings.js';
import { acceptedRiskPatches, type BaseResourceRef } from './accepted-risks.js';
import { deletePatch, refOf, strategicPatch } from './patch.js';
import { RESOLVED_ENVIRONMENT_FILE, resolvedEnvironmentFile } from './resolved-environment.js';
import { toYaml } from './serialize.js';

interface Patch {
  path: string;
  document: Record<string, unknown>;
}

const key = (object: Record<string, unknown>): string => `${String(object.kind)}/${refOf(object).metadata.name}`;

/** The patch file of one object of a base/ file: the file's own name when it holds one object. */
function patchPath(file: string, object: Record<string, unknown>, siblings: readonly Record<string, unknown>[]): string {
  if (siblings.length === 1) return file;
  const stem = file.replace(/\.yaml$/, '');
  const kind = String(object.kind).toLowerCase();
  const sameKind = siblings.filter((sibling) => sibling.kind === object.kind).length;
  return sameKind === 1 ? `${stem}-${kind}.yaml` : `${stem}-${kind}-${refOf(object).metadata.name}.yaml`;
}

/**
 * The server StatefulSet's claim templates go to their own patch (server-storage.yaml): a storage
 * change is the one that cannot be applied in place, and reviewers should see it on its own.
 */
function splitStorage(path: string, patch: Record<string, unknown>): Patch[] {
  const spec = patch.spec as Record<string, unknown> | undefined;
  if (patch.kind !== 'StatefulSet' || !spec?.volumeClaimTemplates) return [{ path, document: patch }];
  const { volumeClaimTemplates, ...rest } = spec;
  const ref = refOf(patch);
  const storage: Patch = { path: 'server-storage.yaml', document: { ...ref, spec: { volumeClaimTemplates } } };
  const others =
    Object.keys(rest).length > 0 || Object.keys(patch).some((field) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(field));
  return others ? [{ path, document: { ...patch, spec: rest } }, storage] : [storage];
}

interface OverlayModel {
  patches: Patch[];
  /** Objects base/ lacks, by overlay file. */
  added: Map<string, Record<string, unknown>[]>;
}

function overlayModel(env: EnvironmentSpec, spec: Spec): OverlayModel {
  const base = baseSettings(spec);
  const baseObjects = datacenterObjects(base);
  const envObjects = datacenterObjects(environmentSettings(env, base));
  const desired = new Map(
    Object.values(envObjects)
      .flat()
      .map((object) => [key(object), object]),
  );
  const inBase = new Set(Object.values(baseObjects).flat().map(key));
  const patches: Patch[] = [];
  for (const [file, objects] of Object.entries(baseObjects)) {
    for (const object of objects) {
      const target = desired.get(key(object));
      const path = patchPath(file, object, objects);
      if (!target) {
        patches.push({ path: `removed-${path}`, document: deletePatch(object) });
        continue;
      }
      // The server count goes through the kustomization's `replicas`.
      const comparable =
        object.kind === 'StatefulSet' && refOf(object).metadata.name === COMPONENT.server ? withReplicas(target, object) : target;
      const patch = strategicPatch(object, comparable);
      if (patch) patches.push(...splitStorage(path, patch));
    }
  }
  const added = new Map<string, Record<string, unknown>[]>();
  for (const [file, objects] of Object.entries(envObjects)) {
    const extra = objects.filter((object) => !inBase.has(key(object)));
    if (extra.length > 0) added.set(`added-${file}`, extra);
  }
  return { patches, added };
}

function withReplicas(target: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const spec = target.spec as Record<string, unknown>;
  return { ...target, spec: { ...spec, replicas: (base.spec as Record<string, unknown>).replicas } };
}

function imageOverrides(env: EnvironmentSpec, spec: Spec): unknown[] {
  const base = baseSettings(spec).images;
  const overrides: unknown[] = [];
  for (const image of ['consul', 'controlPlane'] as const) {
    if (env.images[image] === base[image]) continue;
    const from = parseImageReference(base[image]);
    const to = parseImageReference(env.images[image]);
    overrides.push({
      name: from.name,
      ...(to.name !== from.name ? { newName: to.name } : {}),
      ...(to.tag ? { newTag: to.tag } : {}),
      ...(to.digest ? { digest: to.digest } : {}),
    });
  }
  return overrides;
}

const CLUSTER_SCOPED_NAMES = 'cluster-scoped-names.yaml';

/**
 * Cluster-scoped objects get the environment in their name (kustomize renames the references to
 * them, the ClusterRoleBindings' roleRef, too): two environments on one cluster then sync side by side.
 */
function clusterScopedNames(environment: string): Record<string, unknown> {
  return {
    apiVersion: 'builtin',
    kind: 'PrefixSuffixTransformer',
    metadata: { name: 'cluster-scoped-names' },
    suffix: clusterScopedSuffix(environment),
    fieldSpecs: [
      { kind: 'ClusterRole', path: 'metadata/name' },
      { kind: 'ClusterRoleBinding', path: 'metadata/name' },
    ],
  };
}

/** Every file of overlays/<env>/, keyed by repository-relative path. */
export interface OverlayOptions {
  /** Include the hand-written `local/` kustomize Component. */
  localComponent: boolean;
  /** base/'s objects, which accepted risks may name (empty: an environment cannot accept risks). */
  baseResources?: readonly BaseResourceRef[];
}

export function overlayFiles(env: EnvironmentSpec, spec: Spec, options: OverlayOptions): Map<string, string> {
  const dir = `overlays/${env.name}`;
  const model = overlayModel(env, spec);
  const risks = acceptedRiskPatches(env, options.baseResources ?? [], spec.file);
  const patches = [
    ...model.patches,
    ...risks.map((risk) => ({ path: risk.path, document: risk.document as Record<string, unknown> })),
  ].sort((a, b) => a.path.localeCompare(b.path));
  const images = imageOverrides(env, spec);
  const addedFiles = [...model.added.keys()].sort();
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: env.namespace,
    resources: ['../../base', ...addedFiles],
    transformers: [CLUSTER_SCOPED_NAMES],
    ...(options.localComponent ? { components: ['local'] } : {}),
    labels: [{ pairs: { [LABEL.environment]: env.name } }],
    replicas: [{ count: env.servers, name: COMPONENT.server }],
    ...(images.length ? { images } : {}),
    patches: patches.map((patch) => ({ path: patch.path })),
  };
  const files = new Map<string, string>();
  files.set(`${dir}/kustomization.yaml`, toYaml([kustomization], spec.file));
  for (const patch of patches) files.set(`${dir}/${patch.path}`, toYaml([patch.document], spec.file));
  for (const file of addedFiles) files.set(`${dir}/${file}`, toYaml(model.added.get(file) ?? [], spec.file));
  files.set(`${dir}/${CLUSTER_SCOPED_NAMES}`, toYaml([clusterScopedNames(env.name)], spec.file));
  files.set(`${dir}/${RESOLVED_ENVIRONMENT_FILE}`, resolvedEnvironmentFile(env, spec));
  return files;
}
