/**
 * An overlay is the difference between its environment's model and base/: rendered by the real
 * kustomize, it gives back exactly the objects the builders produce for that environment (kinds,
 * names and every field outside metadata; images as the environment pins them; cluster-scoped names
 * with the environment's suffix). This is what makes
 * list order safe: an env list in the render is the model's list, in the model's order.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { datacenterObjects } from '../../tools/src/generate/base/index.js';
import { baseSettings, environmentSettings } from '../../tools/src/generate/base/settings.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

type Json = Record<string, unknown>;
const key = (object: Json) => `${String(object.kind)}/${String((object.metadata as Json).name)}`;

/** Everything but metadata; ServiceAccount subjects without their namespace (kustomize sets it). */
function comparable(object: Json, images: Map<string, string>): Json {
  const { metadata: _metadata, ...rest } = object;
  return JSON.parse(JSON.stringify(rest), (field, value: unknown) => {
    if (field === 'image' && typeof value === 'string') return images.get(value) ?? value;
    if (field === 'subjects' && Array.isArray(value)) return value.map((subject: Json) => ({ ...subject, namespace: undefined }));
    return value;
  }) as Json;
}

const spec = await repoSpec();

describe.each(spec.environments.map((env) => ({ env, name: env.name })))('overlays/$name', ({ env }) => {
  it('renders to the environment model', async () => {
    const base = baseSettings(spec);
    const model = Object.values(datacenterObjects(environmentSettings(env, base, true))).flat();
    const images = new Map([
      [base.images.consul, env.images.consul],
      [base.images.controlPlane, env.images.controlPlane],
    ]);
    const kustomize = await resolveKustomize({ env: {} as NodeJS.ProcessEnv });
    const { yaml } = await renderKustomization(kustomize, join(REPO_ROOT, 'overlays', env.name));
    const rendered = new Map(
      parseAllDocuments(yaml)
        .map((document) => document.toJS() as Json)
        .map((object) => [key(object), object]),
    );
    expect([...rendered.keys()].sort()).toEqual(model.map(key).sort());
    for (const object of model) {
      expect(comparable(rendered.get(key(object)) ?? {}, new Map()), key(object)).toEqual(comparable(object, images));
    }
  });
});
