/**
 * The argocd kind of target: argocd/ is rendered like any kustomization, then checked (parse, schema,
 * suppressions, source lines) with the Argo CD cross-checks in place of the policy rules, against the
 * objects every overlay renders: the run's own renders, and for the overlays outside the run (argocd/
 * named on its own, the Nx `argocd` target) the cheapest exact source.
 */
import { resolve } from 'node:path';
import { discoverOverlays, displayPath } from '../discover.js';
import { renderedObjectList } from '../generate/environment-model.js';
import { kustomizationFilesIn } from '../parse/kustomization.js';
import { parseRendered } from '../parse/documents.js';
import { mapPool } from '../pool.js';
import type { OverlayResult } from '../report/result.js';
import type { EnvironmentSpec, Spec } from '../environments/types.js';
import { targetsOf } from '../validate/argocd/context.js';
import { runArgocdRules } from '../validate/argocd/run.js';
import { renderWithinBoundary } from '../validate/kustomization/boundary.js';
import { checkOverlay, objectsOf, type OverlayRender, type PipelineOptions } from './overlay.js';

/** What one kustomization directory renders, as the cross-checks read it. */
export type OverlayObjects = Pick<OverlayResult, 'path' | 'checked'>;

/** Check argocd/'s render: schema, then the Argo CD cross-checks against what `overlays` render. */
export async function checkArgocd(
  render: OverlayRender,
  overlays: readonly OverlayObjects[],
  spec: Spec | undefined,
  options: PipelineOptions,
): Promise<OverlayResult> {
  const targets = targetsOf(overlays);
  return checkOverlay(render, spec, options, (resources) => runArgocdRules(resources, targets, spec?.repository.url));
}

/**
 * What every overlay not in `skip` renders (kind, name, namespace; not whether it is valid), for argocd/'s
 * cross-checks. An overlay on disk exactly as generated (`generated`: no drift in it or base/, no local/
 * component) with one kustomization file per folder renders the generator's model: its list comes from
 * `renderedObjectList`, with no build. Any other overlay is rendered once, inside the trust boundary; one that
 * does not render is left out (the cross-checks then name it as not validated).
 */
export async function overlaysOutsideRun(
  options: PipelineOptions,
  skip: ReadonlySet<string>,
  spec: Spec | undefined,
  generated: ReadonlySet<string>,
): Promise<OverlayObjects[]> {
  const dirs = (await discoverOverlays(options.repoRoot, []).catch(() => [])).filter((dir) => !skip.has(resolve(dir)));
  const listed = await mapPool(
    dirs,
    async (dir): Promise<OverlayObjects | undefined> => {
      const path = displayPath(options.repoRoot, dir);
      const env = await generatedEnvironment(dir, path, options.repoRoot, spec, generated);
      if (env) return { path, checked: renderedObjectList(env) };
      const result = await renderWithinBoundary(options.kustomize, dir, options.repoRoot, spec?.remoteBases ?? []).catch(() => undefined);
      if (!result) return undefined;
      return { path, checked: objectsOf(parseRendered({ yaml: result.yaml, file: path, repoRoot: options.repoRoot }).resources) };
    },
    options.concurrency,
  );
  return listed.filter((entry): entry is OverlayObjects => entry !== undefined);
}

/**
 * The environment whose model `overlays/<env>` renders, when that is certain: the spec's environment, its files
 * and base/ exactly as generated (the drift check compares every generated file, and refuses one that is a
 * symbolic link out of the repository), and one kustomization file in each folder (a second one, hand-written,
 * is no generated file, but kustomize refuses to build a folder with two).
 */
async function generatedEnvironment(
  dir: string,
  path: string,
  repoRoot: string,
  spec: Spec | undefined,
  generated: ReadonlySet<string>,
): Promise<EnvironmentSpec | undefined> {
  const name = /^overlays\/([^/]+)$/.exec(path)?.[1];
  const env = name === undefined || !generated.has(name) ? undefined : spec?.environments.find((entry) => entry.name === name);
  if (!env) return undefined;
  const single = await Promise.all(
    [dir, resolve(repoRoot, 'base')].map(async (folder) => (await kustomizationFilesIn(folder)).length === 1),
  );
  return single.every(Boolean) ? env : undefined;
}
