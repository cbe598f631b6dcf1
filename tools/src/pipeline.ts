/**
 * The flow, in order: spec -> render -> parse -> check (schema, policies) -> result.
 * The CLI and the Nx plugin are thin adapters over `validateOverlays`.
 */
import { resolve } from 'node:path';
import { displayPath, discoverOverlays } from './discover.js';
import { errorMessage, RenderError, SpecError } from './model/errors.js';
import { isBlocking, sortFindings, type Finding } from './model/finding.js';
import { parseRendered } from './parse/documents.js';
import { locateInSources, SourceIndex } from './parse/origin.js';
import { mapPool } from './pool.js';
import { renderKustomization } from './render/render.js';
import type { KustomizeBinary } from './render/kustomize-binary.js';
import type { OverlayResult, RunResult } from './report/result.js';
import { loadSpec, SPEC_FILE } from './spec/load.js';
import type { Spec } from './spec/types.js';
import { environmentLabelOf } from './validate/policies/context.js';
import { runPolicies } from './validate/policies/run.js';
import { RULE_CATALOG } from './validate/rule-catalog.js';
import { applySuppressions } from './validate/suppressions.js';
import type { SchemaEngine, SchemaOptions } from './validate/schema/engine.js';

export interface PipelineOptions {
  repoRoot: string;
  dirs: readonly string[];
  kustomize: KustomizeBinary;
  schema: SchemaEngine;
  schemaOptions?: SchemaOptions;
  kubernetesVersion: string;
  concurrency?: number;
  /** Source files read for finding lines, shared across overlays of one run. */
  sources?: SourceIndex;
  /** Called as each overlay finishes (progress on a terminal). */
  onOverlay?: (result: OverlayResult) => void;
}

export async function loadSpecFindings(repoRoot: string): Promise<{ spec?: Spec; findings: Finding[] }> {
  try {
    return { spec: await loadSpec(resolve(repoRoot, SPEC_FILE)), findings: [] };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    if (error.problems.length === 1 && error.problems[0]?.path === '(file)' && error.problems[0].message.startsWith('not found')) return { findings: [] };
    return {
      findings: error.problems.map((problem) => ({
        rule: 'spec',
        severity: 'error' as const,
        message: `${problem.path}: ${problem.message}`,
        location: { file: error.file, ...(problem.line ? { line: problem.line } : {}), ...(problem.col ? { col: problem.col } : {}) },
      })),
    };
  }
}

/** Render and check one kustomization directory. Every failure becomes a finding. */
export async function validateOverlay(dir: string, spec: Spec | undefined, options: PipelineOptions): Promise<OverlayResult> {
  const path = displayPath(options.repoRoot, dir);
  let yaml: string;
  let originRoot: string | undefined;
  try {
    const rendered = await renderKustomization(options.kustomize, dir, { origins: true });
    yaml = rendered.yaml;
    originRoot = rendered.originRoot;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const finding: Finding = { rule: 'kustomize-build', severity: 'error', message: error.shortMessage, hint: 'fix the kustomization so `kustomize build` succeeds', location: { file: path } };
    return { path, ok: false, resources: 0, findings: [finding], checked: [] };
  }
  return checkRendered({ yaml, path, dir, ...(originRoot ? { originRoot } : {}) }, spec, options);
}

export interface RenderedInput {
  yaml: string;
  /** Display path of the overlay (or file) the YAML came from. */
  path: string;
  /** The kustomization directory, to locate findings in its patches. */
  dir?: string;
  originRoot?: string;
}

/** Check an already rendered YAML stream: parse, schema, policies, suppressions, source lines. */
export async function checkRendered(input: RenderedInput, spec: Spec | undefined, options: Omit<PipelineOptions, 'dirs' | 'kustomize'>): Promise<OverlayResult> {
  const { path } = input;
  const parsed = parseRendered({ yaml: input.yaml, file: `${path} (rendered)`, ...(input.originRoot ? { originRoot: input.originRoot } : {}), repoRoot: options.repoRoot });
  const findings: Finding[] = [...parsed.findings];
  if (parsed.resources.length === 0 && parsed.findings.length === 0) {
    findings.push({ rule: 'kustomize-build', severity: 'error', message: 'the render is empty: with prune on, Argo CD would delete everything', location: { file: path } });
  }
  try {
    findings.push(...(await options.schema.validate(parsed.resources, options.schemaOptions ?? {})));
  } catch (error) {
    findings.push({ rule: 'schema', severity: 'error', message: `schema validation could not run: ${errorMessage(error)}`, location: { file: path } });
  }
  findings.push(...runPolicies(parsed.resources, spec));
  const checked = applySuppressions(findings, parsed.resources, new Set(RULE_CATALOG.map((rule) => rule.id)));
  if (input.dir) await locateInSources(checked, options.sources ?? new SourceIndex(options.repoRoot), input.dir);
  const environment = environmentLabelOf(parsed.resources);
  const sorted = sortFindings(checked);
  return {
    path,
    ...(environment ? { environment } : {}),
    ok: !sorted.some(isBlocking),
    resources: parsed.resources.length,
    findings: sorted,
    checked: parsed.resources.map((resource) => ({ kind: resource.ref.kind, name: resource.ref.name, ...(resource.ref.namespace ? { namespace: resource.ref.namespace } : {}) })),
  };
}

export async function validateOverlays(options: PipelineOptions): Promise<RunResult> {
  const dirs = await discoverOverlays(options.repoRoot, options.dirs);
  const { spec, findings: specFindings } = await loadSpecFindings(options.repoRoot);
  const sources = options.sources ?? new SourceIndex(options.repoRoot);
  const overlays = await mapPool(
    dirs,
    async (dir) => {
      const result = await validateOverlay(dir, spec, { ...options, sources });
      options.onOverlay?.(result);
      return result;
    },
    options.concurrency,
  );
  if (specFindings.length > 0) overlays.unshift({ path: SPEC_FILE, ok: false, resources: 0, findings: specFindings, checked: [] });
  return {
    overlays,
    tool: { kustomize: `${options.kustomize.version} (${options.kustomize.source})`, schemaBackend: options.schema.name, kubernetesVersion: options.kubernetesVersion },
  };
}
