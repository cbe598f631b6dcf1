// Schema engines on the same objects: the offline engine (in process, one thread: schema load + first use
// once, then throughput over 10,000 objects of the kinds the base uses, the prod render cloned with
// distinct names) and, when built, the real kubeconform (one process per batch, as the backend runs it:
// the same 10,000 objects, and one kustomization's worth, the prod render, which is what `validate` hands
// it per overlay).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseRendered } from '../dist/parse/documents.js';
import { resolveKustomize } from '../dist/render/kustomize-binary.js';
import { renderKustomization } from '../dist/render/render.js';
import { schemaLoadMs } from '../dist/validate/schema/catalog.js';
import { offlineSchemaEngine } from '../dist/validate/schema/offline.js';
import { findKubeconform, kubeconformSchemaEngine } from '../dist/validate/schema/kubeconform.js';
import { ensureKubeconformSchemas } from '../dist/validate/schema/kubeconform-schemas.js';
import { median } from './overlay-bench.js';

/** `count` resources cloned round-robin from `resources`, each with its own name. */
export function cloneResources(resources, count) {
  return Array.from({ length: count }, (_, index) => {
    const source = resources[index % resources.length];
    const object = structuredClone(source.object);
    const name = `${source.ref.name}-${index}`;
    object.metadata = { ...object.metadata, name };
    return { ...source, ref: { ...source.ref, name }, object };
  });
}

export async function runSchemaBench({ repoRoot, overlay = 'overlays/prod', objects = 10_000, runs = 7 } = {}) {
  const kustomize = await resolveKustomize({ env: process.env });
  const rendered = await renderKustomization(kustomize, join(repoRoot, overlay), { origins: true });
  const parsed = parseRendered({
    yaml: rendered.yaml,
    file: overlay,
    ...(rendered.originRoot ? { originRoot: rendered.originRoot } : {}),
    repoRoot,
  });
  if (parsed.findings.length > 0) throw new Error(`${overlay} does not parse: ${parsed.findings[0].message}`);
  const kinds = [...new Set(parsed.resources.map((resource) => resource.ref.kind))].sort();
  const resources = cloneResources(parsed.resources, objects);

  // Load + compile: the first validation in this process reads the schema data and prepares every
  // type the render uses (one object of each kind).
  const engine = offlineSchemaEngine();
  const started = performance.now();
  const warmFindings = await engine.validate(parsed.resources, {});
  const firstUseMs = performance.now() - started;
  if (warmFindings.length > 0) throw new Error(`${overlay} is not schema-valid: ${warmFindings[0].message}`);

  const durations = [];
  for (let run = 0; run < runs; run++) {
    const runStarted = performance.now();
    const findings = await engine.validate(resources, {});
    durations.push(performance.now() - runStarted);
    if (findings.length > 0) throw new Error(`cloned objects are not schema-valid: ${findings[0].message}`);
  }
  const validateMs = median(durations);
  const overlayRuns = [];
  for (let run = 0; run < runs; run++) overlayRuns.push(await timed(() => engine.validate(parsed.resources, {})));
  return {
    overlay,
    kinds,
    objects,
    overlayObjects: parsed.resources.length,
    runs,
    loadMs: schemaLoadMs(),
    loadAndCompileMs: firstUseMs,
    validateMs,
    objectsPerSecond: (objects / validateMs) * 1000,
    offlineOverlayMs: median(overlayRuns),
    kubeconform: await kubeconformFigures(parsed.resources, resources),
  };
}

async function timed(run) {
  const started = performance.now();
  const findings = await run();
  if (findings.length > 0) throw new Error(`not schema-valid: ${findings[0].message}`);
  return performance.now() - started;
}

/** kubeconform on the same objects, if it is built (or KUBECONFORM names it): medians of 3 runs. */
async function kubeconformFigures(overlayResources, resources, runs = 3) {
  const binary = await findKubeconform(process.env, false);
  if (!binary) return undefined;
  ensureKubeconformSchemas(); // generated once per data change, not per run: not part of the figures
  const engine = kubeconformSchemaEngine(binary);
  const overlay = [];
  const bulk = [];
  for (let run = 0; run < runs; run++) {
    overlay.push(await timed(() => engine.validate(overlayResources, {})));
    bulk.push(await timed(() => engine.validate(resources, {})));
  }
  const validateMs = median(bulk);
  return {
    version: binary.version,
    overlayMs: median(overlay),
    validateMs,
    objectsPerSecond: (resources.length / validateMs) * 1000,
    runs,
  };
}
