/**
 * Edge: the trust boundary of a kustomization tree, checked before kustomize runs. kustomize's load
 * restrictor (LoadRestrictionsRootOnly, its default, which the render keeps) refuses files outside a
 * kustomization's folder, but not directories: `resources: [../../../../elsewhere]` renders whatever
 * that folder holds. Every local path the tree names must resolve (symbolic links followed) inside
 * the repository, and a remote reference must start with a prefix the spec's remoteBases allows.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isWithin } from '../../boundary.js';
import { displayPath, findRepoRoot } from '../../discover.js';
import { RenderError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { isRemoteReference } from '../../model/kustomize-reference.js';
import type { KustomizeBinary } from '../../render/kustomize-binary.js';
import { renderKustomization, type RenderResult } from '../../render/render.js';
import type { KustomizationFile } from './file.js';
import { readKustomizationTree } from './read.js';
import { REFERENCE_FIELDS } from './references.js';

interface Reference {
  field: string;
  index: number;
  value: string;
  /** Key of file.lines for the entry's line. */
  lineKey: string;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isPath = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.includes('\n');

/** Every path-like entry of one kustomization: references, patch files, generator files. */
function referencesOf(file: KustomizationFile): Reference[] {
  const found: Reference[] = [];
  const add = (field: string, index: number, value: unknown): void => {
    if (isPath(value)) found.push({ field, index, value, lineKey: `${field}/${index}` });
  };
  for (const field of [...REFERENCE_FIELDS, 'crds', 'patchesStrategicMerge'])
    asArray(file.content[field]).forEach((value, index) => add(field, index, value));
  for (const field of ['patches', 'patchesJson6902', 'replacements'])
    asArray(file.content[field]).forEach((entry, index) => add(field, index, (entry as { path?: unknown } | null)?.path));
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    asArray(file.content[field]).forEach((entry, index) => {
      const generator = (entry ?? {}) as { files?: unknown; envs?: unknown; env?: unknown };
      // files: [key=path] or [path]
      for (const item of asArray(generator.files))
        if (isPath(item)) add(field, index, item.includes('=') ? item.slice(item.indexOf('=') + 1) : item);
      for (const item of [...asArray(generator.envs), generator.env]) add(field, index, item);
    });
  }
  return found;
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realPathOf(path: string): string {
  let current = path;
  const rest: string[] = [];
  while (!existsSync(current) && dirname(current) !== current) {
    rest.unshift(current.slice(dirname(current).length + 1));
    current = dirname(current);
  }
  try {
    return join(realpathSync(current), ...rest);
  } catch {
    return path;
  }
}

/** A URL as a message may show it: never its user and password. */
const withoutCredentials = (url: string): string => url.replace(/\/\/[^/@\s]+@/, '//***@');

/**
 * The folder whose inside is trusted for `dir`: the repository (where environments.yaml is, else the
 * nearest folder holding .git). Undefined outside any repository: then only remote bases are checked.
 */
export function trustRoot(dir: string): string | undefined {
  const spec = findRepoRoot(dir);
  if (spec) return spec;
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * One finding per path that leaves `root` (when there is one) and per remote reference no prefix of
 * `remoteBases` allows. `displayRoot` is what the tree's file paths are relative to.
 */
export function boundaryFindings(
  tree: readonly KustomizationFile[],
  displayRoot: string,
  root: string | undefined,
  remoteBases: readonly string[],
): Finding[] {
  const realRoot = root === undefined ? undefined : realPathOf(resolve(root));
  const findings: Finding[] = [];
  for (const file of tree) {
    const folder = dirname(resolve(displayRoot, file.path));
    for (const reference of referencesOf(file)) {
      const line = file.lines[reference.lineKey] ?? file.lines[reference.field];
      const at = { file: file.path, ...(line !== undefined ? { line } : {}) };
      if (isRemoteReference(reference.value)) {
        if (remoteBases.some((prefix) => reference.value.startsWith(prefix))) continue;
        findings.push({
          rule: 'kustomize-boundary',
          severity: 'error',
          message: `${reference.field} entry ${withoutCredentials(reference.value)} is a remote base, and no remoteBases prefix in environments.yaml allows it: refused before kustomize runs (nothing was fetched)`,
          hint: 'vendor the base into this repository, or add its URL prefix (for example https://github.com/example-org/) to remoteBases in environments.yaml',
          location: at,
        });
        continue;
      }
      if (realRoot === undefined) continue;
      const target = realPathOf(resolve(folder, reference.value));
      if (isWithin(realRoot, target)) continue;
      findings.push({
        rule: 'kustomize-boundary',
        severity: 'error',
        message: `${reference.field} entry ${reference.value} resolves to ${target}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
        hint: 'move what it needs into the repository, or remove the symbolic link that leads out',
        location: at,
      });
    }
  }
  return findings;
}

/** The boundary findings of the tree under `dir` (read here), for a repository displayed from `repoRoot`. */
async function refusedReferences(dir: string, repoRoot: string, remoteBases: readonly string[]): Promise<Finding[]> {
  return boundaryFindings(await readKustomizationTree(dir, repoRoot), repoRoot, trustRoot(dir), remoteBases);
}

/**
 * `kustomize build dir`, unless its tree leaves the repository or names a remote base the spec does not
 * allow: then a RenderError naming the first such entry, and kustomize never starts.
 */
export async function renderWithinBoundary(
  kustomize: KustomizeBinary,
  dir: string,
  repoRoot: string,
  remoteBases: readonly string[],
): Promise<RenderResult> {
  const [refused] = await refusedReferences(dir, repoRoot, remoteBases);
  if (refused) {
    const where = `${refused.location?.file ?? displayPath(repoRoot, dir)}${refused.location?.line ? `:${refused.location.line}` : ''}`;
    throw new RenderError(`kustomize build ${displayPath(repoRoot, dir)} refused (kustomize-boundary): ${where}: ${refused.message}`, {
      command: kustomize.command,
      args: [],
      cwd: process.cwd(),
      stderr: '',
      durationMs: 0,
    });
  }
  return renderKustomization(kustomize, dir);
}
