/** `diff`: every overlay rendered at a git ref and in the working tree, and the Consul impact of the change. */
import { join, resolve } from 'node:path';
import { compareOverlays, type EnvironmentSettings } from '../diff/compare.js';
import type { DiffReport } from '../diff/report.js';
import { gitCheckoutOf, resolveCommit, withWorktree } from '../diff/worktree.js';
import { parseRendered } from '../parse/documents.js';
import type { ParsedResource } from '../parse/resource.js';
import type { KustomizeBinary } from '../render/kustomize-binary.js';
import { clusterOf } from '../environments/clusters.js';
import { loadSpec, SPEC_FILE } from '../environments/load.js';
import { severityOverrides } from '../environments/severity.js';
import type { Spec } from '../environments/types.js';
import { renderWithinBoundary } from '../validate/kustomization/boundary.js';
import { apiServerSchemaEngine, ensureApiServerBuilt, type ApiServerEngine } from '../validate/schema/api-server.js';
import { scaleStepChecker } from '../validate/scale-steps.js';
import { kustomizeFor } from './validate.js';

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

/**
 * Tier and overrides from the first spec (head, then base) that declares the environment; removal from the head's.
 * @internal what each spec contributes is pinned directly; production reaches it through `diff`
 */
export function settingsOf(specs: { head?: Spec; base?: Spec }, environment: string): EnvironmentSettings {
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
