/**
 * A validate run over kustomization directories: the spec read once, then each target rendered and checked by
 * its kind on one pool (pipeline/targets.ts), with the drift check beside the renders. argocd/ is rendered on the pool with
 * the overlays (a free slot, not one more build at the end) and checked after them, since its
 * cross-checks read what they render: the run's own renders are reused, never built again.
 */
import { resolve } from 'node:path';
import { checkDrift } from '../generate/drift.js';
import { SourceIndex } from '../parse/origin.js';
import { mapPool } from '../pool.js';
import type { OverlayResult, RunResult } from '../report/result.js';
import { SPEC_FILE } from '../environments/load.js';
import { checkArgocd, overlaysOutsideRun } from './argocd.js';
import { renderOverlay, validateOverlay, type OverlayRender, type PipelineOptions } from './overlay.js';
import { loadSpecFindings, specResult } from './spec.js';
import { runTargets } from './targets.js';

export async function validateOverlays(options: PipelineOptions): Promise<RunResult> {
  const targets = await runTargets(options.repoRoot, options.dirs);
  const { spec, findings: specFindings } = await loadSpecFindings(options.repoRoot);
  const tool = {
    kustomize: `${options.kustomize.version} (${options.kustomize.source})`,
    schemaBackend: options.schema.name,
    kubernetesVersion: options.kubernetesVersion,
  };
  if (specFindings.length > 0) {
    // Every overlay's tier, storage class and server count come from the spec: checked against an
    // invalid one, each would fail with a follow-on error. The spec's own errors are the whole report.
    const notChecked = targets.map((target) => ({
      path: target.path,
      ok: false,
      resources: 0,
      findings: [],
      checked: [],
      notChecked: `${SPEC_FILE} is invalid (fix the errors above, run \`consul-gitops generate\`, then validate again)`,
    }));
    return { overlays: [specResult(specFindings), ...notChecked], tool };
  }
  // Checked against the spec, the render must also be the spec's: a stale tree is one finding.
  const areas = options.dirs.length === 0 ? [] : ['base', ...targets.map((target) => target.path)];
  // It runs beside the renders (the krusty server's work, or kustomize's), not before them; awaited once they are done.
  const driftCheck = spec ? checkDrift(options.repoRoot, spec, areas, options.generateCache) : undefined;
  driftCheck?.catch(() => undefined); // a failure is thrown where it is awaited, not as an unhandled rejection first
  const sources = options.sources ?? new SourceIndex(options.repoRoot);
  const withSources = { ...options, sources };
  let argocdRender: OverlayRender | undefined;
  const results = await mapPool(
    targets,
    async (target) => {
      if (target.kind === 'argocd') {
        argocdRender = await renderOverlay(target.dir, withSources, spec);
        return undefined;
      }
      const result = await validateOverlay(target.dir, spec, withSources);
      options.onOverlay?.(result);
      return result;
    },
    options.concurrency,
  );
  const overlays = results.filter((result): result is OverlayResult => result !== undefined);
  const drift = await driftCheck;
  if (argocdRender) {
    // argocd/ named with fewer overlays than it points at (the Nx `argocd` target): the others are its context only.
    const inRun = new Set(targets.filter((target) => target.kind === 'overlay').map((target) => resolve(target.dir)));
    const outside = options.dirs.length === 0 ? [] : await overlaysOutsideRun(options, inRun, spec, drift?.generated ?? new Set());
    const argocd = await checkArgocd(argocdRender, [...overlays, ...outside], spec, withSources);
    options.onOverlay?.(argocd);
    overlays.push(argocd);
  }
  if (drift?.finding) overlays.unshift(specResult([drift.finding]));
  return { overlays, tool };
}
