/**
 * The overlay kind of target: one kustomization directory rendered by kustomize (inside the trust
 * boundary), then checked: parse, schema, the policy rules (or the checks its kind gives instead),
 * suppressions, source lines, and its kustomization files. Every failure becomes a finding.
 */
import { resolve } from 'node:path';
import { displayPath } from '../discover.js';
import { errorMessage, RenderError } from '../model/errors.js';
import { isBlocking, sortFindings, type Finding } from '../model/finding.js';
import { parseRendered, type ParseOutput } from '../parse/documents.js';
import { locateInSources, SourceIndex } from '../parse/origin.js';
import { originIndex, type OriginIndex } from '../parse/origin-index.js';
import type { ParsedResource } from '../parse/resource.js';
import { renderKustomization } from '../render/render.js';
import type { KustomizeBinary } from '../render/kustomize-binary.js';
import type { OverlayResult } from '../report/result.js';
import type { EnvironmentSpec, Spec } from '../environments/types.js';
import type { GenerateCache } from '../generate/generate-cache.js';
import { withKustomizationFindings } from '../validate/kustomization/check.js';
import { readKustomizationTree } from '../validate/kustomization/read.js';
import { boundaryFindings, trustRoot } from '../validate/kustomization/boundary.js';
import { environmentLabelOf } from '../model/k8s-objects.js';
import { pinnedFacts } from '../facts/pinned.js';
import { POLICY_RULES } from '../validate/rules/index.js';
import { runPolicies } from '../validate/run-policies.js';
import {
  accessRequestOf,
  controlPlanePermissions,
  permissionKey,
  type AccessReview,
} from '../validate/policies/control-plane-permissions.js';
import { ruleGroup, selects, type RuleSelection } from '../model/rule-groups.js';
import { applySuppressions } from '../model/suppression.js';
import type { SchemaEngine, SchemaOptions } from '../validate/schema/engine.js';

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
  /** The rule groups to run (`validate --rules`): all unless given; `none` checks schemas only. */
  rules?: RuleSelection;
  /** Where the drift check keeps generated trees between runs (generate/generate-cache.ts): none unless given. */
  generateCache?: GenerateCache;
}

/** One kustomization directory rendered and its kustomization files read: no checks yet. */
export interface OverlayRender {
  dir: string;
  path: string;
  tree: Awaited<ReturnType<typeof readKustomizationTree>>;
  rendered?: { yaml: string; originRoot?: string };
  failures?: Finding[];
}

/**
 * Render one kustomization directory; a failed build becomes a finding, never an exception. The YAML
 * is plain `kustomize build` output: findings name source files through the tree's own origin index
 * (parse/origin-index.ts), since origin annotations make every build two to three times slower.
 */
export async function renderOverlay(
  dir: string,
  options: Pick<PipelineOptions, 'repoRoot' | 'kustomize'>,
  spec: Spec | undefined,
): Promise<OverlayRender> {
  const path = displayPath(options.repoRoot, dir);
  const tree = await readKustomizationTree(dir, options.repoRoot);
  // the trust boundary first: kustomize never starts on a tree that leaves the repository
  const refused = boundaryFindings(tree, options.repoRoot, trustRoot(dir), spec?.remoteBases ?? []);
  if (refused.length > 0) return { dir, path, tree, failures: refused };
  try {
    const rendered = await renderKustomization(options.kustomize, dir);
    return { dir, path, tree, rendered: { yaml: rendered.yaml, ...(rendered.originRoot ? { originRoot: rendered.originRoot } : {}) } };
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const failure: Finding = {
      rule: 'kustomize-build',
      severity: 'error',
      message: error.shortMessage,
      hint: 'fix the kustomization so `kustomize build` succeeds',
      location: { file: path },
    };
    return { dir, path, tree, failures: [failure] };
  }
}

/** Check one rendered kustomization directory: its render, then its kustomization files. */
export async function checkOverlay(
  render: OverlayRender,
  spec: Spec | undefined,
  options: PipelineOptions,
  policies?: RenderedInput['policies'],
): Promise<OverlayResult> {
  const { dir, path, tree, rendered } = render;
  // The kustomization-file rules are Kubernetes rules: --rules consul or none leaves them out.
  const withFileRules = (result: OverlayResult): OverlayResult =>
    selects(options.rules ?? 'all', 'kubernetes') ? withKustomizationFindings(result, tree, spec) : result;
  if (!rendered) return withFileRules({ path, ok: false, resources: 0, findings: render.failures ?? [], checked: [] });
  // One source index for the origins and the line lookups: each source file is parsed once.
  const sources = options.sources ?? new SourceIndex(options.repoRoot);
  const origins = originIndex(tree, options.repoRoot, sources);
  const input: RenderedInput = {
    yaml: rendered.yaml,
    path,
    dir,
    origins,
    ...(rendered.originRoot ? { originRoot: rendered.originRoot } : {}),
    ...(policies ? { policies } : {}),
  };
  return withFileRules(await checkRendered(input, spec, { ...options, sources }));
}

/** Render and check one kustomization directory. Every failure becomes a finding. */
export async function validateOverlay(
  dir: string,
  spec: Spec | undefined,
  options: PipelineOptions,
  policies?: RenderedInput['policies'],
): Promise<OverlayResult> {
  return checkOverlay(await renderOverlay(dir, options, spec), spec, options, policies);
}

export interface RenderedInput {
  yaml: string;
  /** Display path of the overlay (or file) the YAML came from. */
  path: string;
  /** The kustomization directory, to locate findings in its patches. */
  dir?: string;
  originRoot?: string;
  /** Where each object comes from, when the render carries no origin annotations. */
  origins?: OriginIndex;
  /** The checks after schema validation; the policy rules unless given (argocd/ has its own). */
  policies?: (resources: readonly ParsedResource[]) => Finding[];
}

/** Check an already rendered YAML stream: parse, schema, policies, suppressions, source lines. */
export async function checkRendered(
  input: RenderedInput,
  spec: Spec | undefined,
  options: Omit<PipelineOptions, 'dirs' | 'kustomize'>,
): Promise<OverlayResult> {
  const parsed = parseRendered({
    yaml: input.yaml,
    file: input.path,
    rendered: true,
    ...(input.originRoot ? { originRoot: input.originRoot } : {}),
    repoRoot: options.repoRoot,
  });
  if (parsed.resources.length === 0 && parsed.findings.length === 0) {
    parsed.findings.push({
      rule: 'kustomize-build',
      severity: 'error',
      message: 'the render is empty: with prune on, Argo CD would delete everything',
      location: { file: input.path },
    });
  }
  return checkParsed(parsed, input, spec, options);
}

/** Check parsed objects: schema, policies, suppressions, source lines. */
export async function checkParsed(
  parsed: ParseOutput,
  input: Omit<RenderedInput, 'yaml'>,
  spec: Spec | undefined,
  options: Omit<PipelineOptions, 'dirs' | 'kustomize'>,
): Promise<OverlayResult> {
  const { path } = input;
  const overlayEnvironment = input.dir ? environmentOfOverlay(path, spec) : undefined;
  const findings: Finding[] = [...parsed.findings];
  try {
    findings.push(...(await options.schema.validate(parsed.resources, options.schemaOptions ?? {})));
  } catch (error) {
    findings.push({
      rule: 'schema',
      severity: 'error',
      message: `schema validation could not run: ${errorMessage(error)}`,
      location: { file: path },
    });
  }
  const accessReview = input.policies ? undefined : await reviewAccess(parsed.resources, options, path, findings);
  findings.push(
    ...(input.policies
      ? input.policies(parsed.resources)
      : runPolicies(parsed.resources, spec, POLICY_RULES, {
          selection: options.rules ?? 'all',
          ...(overlayEnvironment ? { overlayEnvironment: overlayEnvironment.name } : {}),
          ...(accessReview ? { accessReview } : {}),
        })),
  );
  // The rules this render ran: an accepted risk of one of them that covers nothing is stale.
  const selection = options.rules ?? 'all';
  const checkedRules = new Set(
    input.policies ? [] : POLICY_RULES.filter((rule) => selects(selection, ruleGroup(rule.id))).map((rule) => rule.id),
  );
  const checked = applySuppressions(
    findings,
    parsed.resources,
    overlayEnvironment ? { environment: overlayEnvironment, checkedRules } : {},
  );
  if (input.origins) {
    // Without origin annotations in the render, a finding's resource file comes from the tree.
    for (const finding of checked) {
      if (finding.origin || !finding.resource) continue;
      const file = await input.origins(finding.resource.kind, finding.resource.name);
      if (file) finding.origin = { file };
    }
  }
  if (input.dir) await locateInSources(checked, options.sources ?? new SourceIndex(options.repoRoot), input.dir);
  const environment = environmentLabelOf(parsed.resources);
  const sorted = sortFindings(checked);
  // A copy that shares no string with the render. V8 keeps a substring of 13 characters or more as a slice of
  // its parent string, so one namespace in `checked` (or a name in a message) held its whole render until the
  // end of the run: a fleet of 1,000 overlays kept 36 MB of renders alive (a heap snapshot's retainer paths).
  return structuredClone({
    path,
    ...(environment ? { environment } : {}),
    ok: !sorted.some(isBlocking),
    resources: parsed.resources.length,
    findings: sorted,
    checked: objectsOf(parsed.resources),
  });
}

/** What a render holds, as a report lists it: kind, name and namespace of each object. */
export function objectsOf(resources: readonly ParsedResource[]): OverlayResult['checked'] {
  return resources.map((resource) => ({
    kind: resource.ref.kind,
    name: resource.ref.name,
    ...(resource.ref.namespace ? { namespace: resource.ref.namespace } : {}),
  }));
}

/**
 * With a schema backend that has a real authorizer (api-server): its decision on every API call the render's
 * control-plane commands make (control-plane-rbac then reports those instead of its offline evaluation).
 */
async function reviewAccess(
  resources: readonly ParsedResource[],
  options: Omit<PipelineOptions, 'dirs' | 'kustomize'>,
  path: string,
  findings: Finding[],
): Promise<AccessReview | undefined> {
  const engine = options.schema;
  if (!engine.reviewAccess || !selects(options.rules ?? 'all', ruleGroup('control-plane-rbac'))) return undefined;
  const needs = controlPlanePermissions(resources, pinnedFacts());
  if (needs.length === 0) return undefined;
  try {
    const decisions = await engine.reviewAccess(resources, needs.map(accessRequestOf));
    return { authorizer: engine.name, decisions: new Map(needs.map((need, index) => [permissionKey(need), decisions[index]!])) };
  } catch (error) {
    findings.push({
      rule: 'control-plane-rbac',
      severity: 'error',
      message: `the RBAC review on ${engine.name} could not run: ${errorMessage(error)}`,
      location: { file: path },
    });
    return undefined;
  }
}

/**
 * The environment of the spec a rendered directory is: overlays/<env>, where Argo CD syncs it from.
 * Its render is held to that environment's model, and only its acceptedRisks accept a finding there.
 */
function environmentOfOverlay(path: string, spec: Spec | undefined): EnvironmentSpec | undefined {
  const name = /^overlays\/([^/]+)$/.exec(path)?.[1];
  return name === undefined ? undefined : spec?.environments.find((env) => env.name === name);
}

/**
 * `generate --check` for the overlays with a hand-written local/ component: each rendered and held to its
 * environment's model (rule environment-completeness), so a component that deletes, relabels or swaps
 * the images of a generated object fails the check that says the tree is current. A failed build is a
 * finding too. Each finding's message is prefixed with the overlay.
 */
export async function localComponentFindings(
  repoRoot: string,
  spec: Spec,
  environments: Iterable<string>,
  kustomize: KustomizeBinary,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const rules = POLICY_RULES.filter((rule) => rule.id === 'environment-completeness');
  for (const name of [...environments].sort()) {
    const render = await renderOverlay(resolve(repoRoot, 'overlays', name), { repoRoot, kustomize }, spec);
    if (!render.rendered) {
      findings.push(...(render.failures ?? []));
      continue;
    }
    const parsed = parseRendered({ yaml: render.rendered.yaml, file: render.path, rendered: true, repoRoot });
    findings.push(...parsed.findings, ...runPolicies(parsed.resources, spec, rules, { overlayEnvironment: name }));
  }
  return findings;
}
