/**
 * The library entry (`@consul-gitops/tools`): the pipeline of the consul-gitops CLI for programmatic use.
 * The flow: spec -> generate -> render -> parse -> validate (schema, rules) -> report. Every stage is wired
 * in one place, `pipeline/` (a run's targets, each kind's render and checks, the gate, render and diff
 * runs); this file only names what callers use. The CLI commands, the Nx targets (through the CLI) and the
 * Argo CD plugin's gate are thin adapters over `validate`, `gate`, `render` and `diff`: flags in, these
 * calls, text out. Stage functions are exported too, for callers that wire their own flow.
 */
export { generate, type GenerateOptions } from './generate/index.js';
export type { GenerateCache } from './generate/generate-cache.js';
export { findLocalComponents } from './generate/local-components.js';
export { unifiedDiff } from './generate/diff.js';
export { loadSpec, SPEC_FILE } from './environments/load.js';
export type { EnvironmentSpec, Spec } from './environments/types.js';
export { discoverOverlays, findRepoRoot, hasKustomization } from './discover.js';
export { readManifestInputs, type ManifestInput } from './discover-files.js';
export { resolveKustomize, type KustomizeBinary } from './render/kustomize-binary.js';
export { renderLimits } from './render/limits.js';
export { renderKustomization } from './render/render.js';
export { parseRendered } from './parse/documents.js';
export type { ParsedResource } from './parse/resource.js';
export { selectSchemaEngine, type SchemaBackend } from './validate/schema/select.js';
export { apiServerVerdicts, type ManifestVerdict } from './validate/schema/api-server.js';
export type { SchemaEngine, SchemaOptions } from './validate/schema/engine.js';
export { checkOverlay, checkRendered, localComponentFindings, renderOverlay } from './pipeline/overlay.js';
export type { OverlayRender, PipelineOptions, RenderedInput } from './pipeline/overlay.js';
export { validateFiles } from './pipeline/files.js';
export { validateOverlays } from './pipeline/run.js';
export {
  kustomizeFor,
  report,
  schemaFolders,
  validate,
  type KustomizeOptions,
  type SchemaChoice,
  type ValidateOptions,
} from './pipeline/validate.js';
export { gate, type GateResult } from './pipeline/gate.js';
export { render } from './pipeline/render.js';
export { apiServerForDiff, diff, type DiffOptions } from './pipeline/diff.js';
export { RULE_CATALOG } from './rule-catalog.js';
export { RULE_SELECTIONS, type RuleSelection } from './model/rule-groups.js';
export { FORMATS, getReporter, pickReporter, type Reporter, type ToolPackage } from './report/reporter.js';
export { runReport, summarize, type RunReport, type Summary } from './report/summary.js';
export type { OverlayResult, RunResult } from './report/result.js';
export { allFindings, diffRunResult, DIFF_REPORTERS, type DiffReport } from './diff/report.js';
export type { Finding, Severity } from './model/finding.js';
export { EXIT, exitCodeFor } from './model/exit-code.js';
export { RenderError, SpecError, SpecFileMissingError, UsageError } from './model/errors.js';
