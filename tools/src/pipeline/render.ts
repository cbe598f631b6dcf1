/** `render`: one kustomization directory built exactly as kustomize builds it, inside the trust boundary. */
import { resolve } from 'node:path';
import { discoverOverlays, findRepoRoot } from '../discover.js';
import type { KustomizeBinary } from '../render/kustomize-binary.js';
import { renderWithinBoundary } from '../validate/kustomization/boundary.js';
import { loadSpecFindings } from './spec.js';
import { kustomizeFor } from './validate.js';

/** Print one render exactly as kustomize produces it: `dir` may be an overlay name under overlays/. */
export async function render(dir: string, options: { cwd: string; kustomize?: KustomizeBinary }): Promise<string> {
  const [target = dir] = await discoverOverlays(options.cwd, [resolve(options.cwd, dir)]);
  const kustomize = options.kustomize ?? (await kustomizeFor());
  const repoRoot = findRepoRoot(target) ?? options.cwd;
  const { spec } = await loadSpecFindings(repoRoot);
  return (await renderWithinBoundary(kustomize, target, repoRoot, spec?.remoteBases ?? [])).yaml;
}
