/**
 * The Argo CD sync gate (the config management plugin's generate command): render the overlay once,
 * check that render, print findings to stderr, and print the manifests to stdout only when there is
 * no error finding. A failed build, an empty render or any error exits non-zero with nothing on
 * stdout: with prune on, an empty manifest set would delete Consul.
 *
 * This is where the suppression annotations (consul-gitops/ignore, consul-gitops/ignore-reason) are
 * stripped: they document an accepted risk for reviewers and the checks, and never reach the cluster.
 * Origin annotations never appear: the render is a plain `kustomize build` (no buildMetadata).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { discoverOverlays, displayPath } from '../../discover.js';
import { UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { isBlocking } from '../../model/finding.js';
import { checkOverlay, loadSpecFindings, renderOverlay } from '../../pipeline.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { renderLimits } from '../../render/limits.js';
import { getReporter } from '../../report/reporter.js';
import { summarize } from '../../report/summary.js';
import { SPEC_FILE } from '../../spec/load.js';
import { selectSchemaEngine } from '../../validate/schema/select.js';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../../validate/suppressions.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

const SUPPRESSION_KEY = new RegExp(`^(\\s+)(?:${[IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION].map((key) => key.replace(/[/.-]/g, '\\$&')).join('|')}|"(?:${IGNORE_ANNOTATION}|${IGNORE_REASON_ANNOTATION})")\\s*:`);

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Index of the nearest line above `index` indented less than `indent` (its parent key), or -1. */
function parentLine(lines: readonly string[], index: number, indent: number): number {
  for (let above = index - 1; above >= 0; above--) {
    const line = lines[above] as string;
    if (line.trim() !== '' && indentOf(line) < indent) return above;
  }
  return -1;
}

/**
 * Remove the suppression annotation entries from kustomize's YAML output, as text, so every other
 * byte stays as kustomize wrote it: each entry under `metadata.annotations`, the continuation lines
 * of its value (indented deeper), and an `annotations:` line left with no entries under it. Pure.
 */
export function stripSuppressionAnnotations(yaml: string): string {
  const lines = yaml.split('\n');
  const removed = new Set<number>();
  const parents = new Set<number>();
  for (let index = 0; index < lines.length; index++) {
    const match = SUPPRESSION_KEY.exec(lines[index] as string);
    if (!match) continue;
    const indent = (match[1] as string).length;
    const annotations = parentLine(lines, index, indent);
    if (annotations < 0 || !/^\s*annotations:\s*$/.test(lines[annotations] as string)) continue;
    const metadata = parentLine(lines, annotations, indentOf(lines[annotations] as string));
    if (metadata < 0 || !/^\s*metadata:\s*$/.test(lines[metadata] as string)) continue;
    removed.add(index);
    while (index + 1 < lines.length && (lines[index + 1] as string).trim() !== '' && indentOf(lines[index + 1] as string) > indent) removed.add(++index);
    parents.add(annotations);
  }
  for (const parent of parents) {
    const indent = indentOf(lines[parent] as string);
    let hasEntry = false;
    for (let index = parent + 1; index < lines.length && (lines[index] as string).trim() !== '' && indentOf(lines[index] as string) > indent; index++) {
      if (!removed.has(index)) hasEntry = true;
    }
    if (!hasEntry) removed.add(parent);
  }
  return lines.filter((_, index) => !removed.has(index)).join('\n');
}

/** The folder holding environments.yaml, searching up from `dir` (Argo CD hands the plugin the whole repository). */
export function findRepoRoot(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, SPEC_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export async function gateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [dir = '.', ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError('usage: consul-gitops gate [DIR] (one kustomization directory; default: the current one, as Argo CD runs it)');
  const backend = schemaBackend(args.values['schema-backend'], 'offline');
  const [target = resolve(io.cwd, dir)] = await discoverOverlays(io.cwd, [resolve(io.cwd, dir)]);
  const repoRoot = findRepoRoot(target) ?? target;
  const path = displayPath(repoRoot, target);
  const kustomize = { ...(await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env })), limits: renderLimits(args.values['render-timeout'], io.env) };
  const schema = await selectSchemaEngine(backend, io.env);
  const { spec, findings: specFindings } = await loadSpecFindings(repoRoot);
  const render = await renderOverlay(target, { repoRoot, kustomize });
  const result = await checkOverlay(render, spec, { repoRoot, dirs: [], kustomize, schema: schema.engine, kubernetesVersion: schema.kubernetesVersion, schemaOptions: { schemaDirs: [], ignoreMissingSchemas: false } });
  const overlays = specFindings.length > 0 ? [{ path: SPEC_FILE, ok: false, resources: 0, findings: specFindings, checked: [] }, result] : [result];
  const run = { overlays, tool: { kustomize: `${kustomize.version} (${kustomize.source})`, schemaBackend: schema.engine.name, kubernetesVersion: schema.kubernetesVersion } };
  const summary = summarize(run);
  io.err(getReporter('text').render(run, summary));
  const blocked = overlays.some((overlay) => overlay.findings.some(isBlocking));
  if (blocked || result.resources === 0) {
    io.err(`consul-gitops gate: ${path} is NOT synced: fix the error finding(s) above. No manifests were written, so Argo CD keeps what runs.\n`);
    return EXIT.findings;
  }
  io.out(stripSuppressionAnnotations(render.rendered?.yaml ?? ''));
  return EXIT.clean;
}
