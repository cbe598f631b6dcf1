/** The sync gate of Argo CD's config management plugin: one directory rendered once, checked, and a verdict. */
import { resolve } from 'node:path';
import { displayPath, discoverOverlays, findRepoRoot } from '../discover.js';
import { isBlocking } from '../model/finding.js';
import type { KustomizeBinary } from '../render/kustomize-binary.js';
import type { RunResult } from '../report/result.js';
import { selectSchemaEngine } from '../validate/schema/select.js';
import { stripSuppressionAnnotations } from './gate-manifests.js';
import { checkOverlay, renderOverlay } from './overlay.js';
import { loadSpecFindings, specResult } from './spec.js';
import { kustomizeFor, type SchemaChoice } from './validate.js';

export interface GateResult {
  /** The kustomization directory as the report names it. */
  path: string;
  /** What was checked, for a report (the spec's own errors only, when it is invalid). */
  run: RunResult;
  /** `synced`: no error finding, the render may be applied; otherwise why not. */
  verdict: 'synced' | 'blocked' | 'spec-invalid';
  /** The render as kustomize produced it, when the verdict is `synced`. */
  yaml?: string;
  /** What the plugin prints, when the verdict is `synced`: the render less the suppression annotations. */
  manifests?: string;
}

/**
 * The sync gate (Argo CD's config management plugin): render one directory, check it, and say whether it
 * may sync. The schema engine is the offline one unless given (the plugin runs without kubeconform).
 */
export async function gate(dir: string, options: { cwd: string; kustomize?: KustomizeBinary; schema?: SchemaChoice }): Promise<GateResult> {
  const [target = resolve(options.cwd, dir)] = await discoverOverlays(options.cwd, [resolve(options.cwd, dir)]);
  const kustomize = options.kustomize ?? (await kustomizeFor());
  const { engine: schema, kubernetesVersion } = options.schema ?? (await selectSchemaEngine('offline', process.env));
  const repoRoot = findRepoRoot(target) ?? target;
  const path = displayPath(repoRoot, target);
  const { spec, findings: specFindings } = await loadSpecFindings(repoRoot);
  const tool = { kustomize: `${kustomize.version} (${kustomize.source})`, schemaBackend: schema.name, kubernetesVersion };
  // The overlay's checks read its environment from the spec: an invalid one is reported once, alone.
  if (specFindings.length > 0) return { path, run: { overlays: [specResult(specFindings)], tool }, verdict: 'spec-invalid' };
  const rendered = await renderOverlay(target, { repoRoot, kustomize }, spec);
  const schemaOptions = { schemaDirs: [], ignoreMissingSchemas: false };
  const result = await checkOverlay(rendered, spec, { repoRoot, dirs: [], kustomize, schema, kubernetesVersion, schemaOptions });
  const run = { overlays: [result], tool };
  if (result.findings.some(isBlocking) || result.resources === 0) return { path, run, verdict: 'blocked' };
  const yaml = rendered.rendered?.yaml ?? '';
  return { path, run, verdict: 'synced', yaml, manifests: stripSuppressionAnnotations(yaml) };
}
