/** Paths and real-binary helpers shared by tests. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadSpec } from '../../tools/src/spec/load.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import type { Spec } from '../../tools/src/spec/types.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = resolve(REPO_ROOT, 'tools/bin/consul-gitops.js');

let spec: Promise<Spec> | undefined;
export function repoSpec(): Promise<Spec> {
  spec ??= loadSpec(resolve(REPO_ROOT, 'environments.yaml'));
  return spec;
}

/**
 * Render a kustomization with the real kustomize binary and parse it, as `validate` does: plain
 * `kustomize build` output, without origin annotations (they make each build two to three times slower,
 * and no test of objects reads them; tests/parse covers origins).
 */
export async function renderResources(dir: string): Promise<ParsedResource[]> {
  const kustomize = await resolveKustomize({ env: {} as NodeJS.ProcessEnv });
  const rendered = await renderKustomization(kustomize, dir);
  const parsed = parseRendered({
    yaml: rendered.yaml,
    file: dir,
    ...(rendered.originRoot ? { originRoot: rendered.originRoot } : {}),
    repoRoot: REPO_ROOT,
  });
  if (parsed.findings.length > 0) throw new Error(`parse findings: ${JSON.stringify(parsed.findings)}`);
  return parsed.resources;
}

/** The text report with its wrapped continuation lines (indented 4 or more) joined back, for matching whole messages. */
export const unwrapped = (text: string): string => text.replace(/\n {4,}/g, ' ');
