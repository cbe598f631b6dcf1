/**
 * Render each overlay on both sides (the base worktree and the working tree) and assess it. The
 * render function is a parameter: the CLI passes the real kustomize; an overlay missing on one side
 * is all added or all removed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hasKustomization } from '../discover.js';
import { RenderError, UsageError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { ParsedResource } from '../parse/resource.js';
import { readYamlStream } from '../parse/yaml-reader.js';
import { mapPool } from '../pool.js';
import { environmentLabelOf, get } from '../model/k8s-objects.js';
import { assessEnvironment, type EnvironmentImpact, type EnvironmentInput } from './consul-impact.js';
import type { ApplicationPair } from './environment-change.js';

export type RenderResources = (dir: string, displayPath: string) => Promise<ParsedResource[]>;

export interface CompareOptions {
  /** Where the head (working tree) and base (worktree) copies of the command's directory are. */
  headRoot: string;
  baseRoot: string;
  /** Kustomization directories relative to those roots; empty: every overlay on either side. */
  dirs: readonly string[];
  render: RenderResources;
  /** The spec's tier and severity overrides of an environment (head spec first, then base), when known. */
  settingsOf?: (environment: string) => EnvironmentSettings;
  concurrency?: number;
}

export type EnvironmentSettings = Pick<
  EnvironmentInput,
  'tier' | 'overrides' | 'removalReason' | 'scaleCheck' | 'minNodes' | 'storageClasses'
>;

type Application = NonNullable<ApplicationPair['base']>;

/** The Argo CD Applications under argocd/applications/, by their source path; none when the folder is missing. */
async function applicationsByPath(root: string): Promise<Map<string, Application>> {
  const folder = join(root, 'argocd', 'applications');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => /\.ya?ml$/.test(name)).sort();
  const found = new Map<string, Application>();
  for (const name of names) {
    for (const document of readYamlStream(await readFile(join(folder, name), 'utf8'))) {
      const object = document.valueOrUndefined() as Record<string, unknown> | null | undefined;
      const path = get(object, 'spec', 'source', 'path');
      if (object && get(object, 'kind') === 'Application' && typeof path === 'string')
        found.set(path.replace(/\/+$/, ''), { file: `argocd/applications/${name}`, object });
    }
  }
  return found;
}

/** `overlays/<name>` for every folder with a kustomization, sorted; none when overlays/ is missing. */
async function listOverlays(root: string): Promise<string[]> {
  const entries = await readdir(join(root, 'overlays'), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.filter((item) => item.isDirectory())) {
    if (await hasKustomization(join(root, 'overlays', entry.name))) found.push(`overlays/${entry.name}`);
  }
  return found.sort();
}

interface Side {
  resources?: ParsedResource[];
  finding?: Finding;
}

async function renderSide(root: string, dir: string, side: 'base' | 'head', render: RenderResources): Promise<Side> {
  if (!(await hasKustomization(join(root, dir)))) return {};
  try {
    return { resources: await render(join(root, dir), dir) };
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const severity = side === 'head' ? ('error' as const) : ('warning' as const);
    const message =
      side === 'head' ? error.shortMessage : `the base render failed, so this diff compares against nothing: ${error.shortMessage}`;
    return { finding: { rule: 'kustomize-build', severity, message, location: { file: dir } } };
  }
}

export async function compareOverlays(options: CompareOptions): Promise<EnvironmentImpact[]> {
  const [baseApplications, headApplications] = await Promise.all([
    applicationsByPath(options.baseRoot),
    applicationsByPath(options.headRoot),
  ]);
  const dirs =
    options.dirs.length > 0
      ? [...options.dirs]
      : [...new Set([...(await listOverlays(options.baseRoot)), ...(await listOverlays(options.headRoot))])].sort();
  return mapPool(
    dirs,
    async (dir) => {
      const [base, head] = await Promise.all([
        renderSide(options.baseRoot, dir, 'base', options.render),
        renderSide(options.headRoot, dir, 'head', options.render),
      ]);
      if (!base.resources && !head.resources && !base.finding && !head.finding)
        throw new UsageError(`${dir}: no kustomization there, neither in the working tree nor at the base ref`);
      const environment = environmentLabelOf(head.resources ?? base.resources ?? []) ?? basename(dir);
      const applications: ApplicationPair = {
        ...(baseApplications.has(dir) ? { base: baseApplications.get(dir) } : {}),
        ...(headApplications.has(dir) ? { head: headApplications.get(dir) } : {}),
      };
      const impact = assessEnvironment({
        path: dir,
        environment,
        applications,
        ...(options.settingsOf?.(environment) ?? {}),
        ...(base.resources ? { base: base.resources } : {}),
        ...(head.resources ? { head: head.resources } : {}),
      });
      const renderFindings = [base.finding, head.finding].filter((finding): finding is Finding => finding !== undefined);
      return renderFindings.length > 0 ? { ...impact, findings: [...renderFindings, ...impact.findings] } : impact;
    },
    options.concurrency,
  );
}
