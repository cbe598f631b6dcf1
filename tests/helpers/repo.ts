/** Paths and real-binary helpers shared by tests. */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRemoteReference } from '../../tools/src/model/kustomize-reference.js';
import { readKustomizationTree } from '../../tools/src/validate/kustomization/read.js';
import { REFERENCE_FIELDS } from '../../tools/src/validate/kustomization/references.js';
import { loadSpec } from '../../tools/src/environments/load.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { resolveKustomize, type KustomizeBinary } from '../../tools/src/render/kustomize-binary.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import type { Spec } from '../../tools/src/environments/types.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = resolve(REPO_ROOT, 'tools/bin/consul-gitops.js');
/**
 * `node`'s arguments for a test that spawns the CLI: `--no-opt` (V8 without TurboFan), then CLI. A test's CLI run lasts
 * well under a second, too short for optimized code to pay back compiling it on V8's background threads: 16-26% less
 * CPU per generate or diff run, measured on 2 cores (docs/testing.md). The same code runs; only V8's tiering differs.
 */
export const CLI_ARGV: readonly string[] = ['--no-opt', CLI];

let spec: Promise<Spec> | undefined;
export function repoSpec(): Promise<Spec> {
  spec ??= loadSpec(resolve(REPO_ROOT, 'environments.yaml'));
  return spec;
}

/**
 * Where renders are kept between test files and runs: one file per render, named by the hash of everything the build
 * reads (see renderKey). `CONSUL_GITOPS_TEST_RENDER_CACHE=off` renders every time.
 */
const RENDER_CACHE = join(tmpdir(), 'consul-gitops-test-renders');

/** Every file under `dir` with its bytes, in a stable order (paths relative to `root`). */
async function treeDigest(dir: string, hash: ReturnType<typeof createHash>, root: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
  for (const path of files)
    hash
      .update(`${path}\0`)
      .update(await readFile(join(root, path)))
      .update('\0');
}

/**
 * The digest of a folder a build reaches through a reference (base/, an overlay under a fixture), once per test file:
 * tests never edit the committed tree they render, and some 250 fixtures stand on the same three overlays.
 */
const folderDigests = new Map<string, Promise<string>>();
function folderDigest(dir: string, root: string): Promise<string> {
  let digest = folderDigests.get(dir);
  if (!digest) {
    const hash = createHash('sha256');
    digest = treeDigest(dir, hash, root).then(() => hash.digest('hex'));
    folderDigests.set(dir, digest);
  }
  return digest;
}

/**
 * The cache key of a build: the kustomize binary (path, version, size and time of its file) and every file under each
 * kustomization folder the build reaches. kustomize's default load restrictor keeps every file a kustomization reads
 * inside its own folder, and other folders come in only as kustomizations, which the tree lists. A folder outside the
 * repository, a reference that is remote or leads out of it (not in the tree), or a failed read means no key: that
 * build always runs. `root` is the repository (a seam for the tests of this key).
 */
export async function renderKey(kustomize: KustomizeBinary, dir: string, root = REPO_ROOT): Promise<string | undefined> {
  try {
    const inRepo = (path: string): boolean => !relative(root, path).startsWith('..') && !isAbsolute(relative(root, path));
    if (!inRepo(resolve(dir))) return undefined;
    const files = await readKustomizationTree(dir, root);
    if (files.length === 0) return undefined;
    // the tree reader leaves out what is fetched or outside the repository: a build that reads such a thing always runs
    const unlisted = files.some((file) =>
      REFERENCE_FIELDS.some((field) => {
        const list = file.content[field];
        return (
          Array.isArray(list) &&
          list.some((entry) => typeof entry !== 'string' || isRemoteReference(entry) || !inRepo(resolve(root, dirname(file.path), entry)))
        );
      }),
    );
    if (unlisted) return undefined;
    const binary = await stat(kustomize.command);
    const hash = createHash('sha256').update(
      JSON.stringify([kustomize.command, kustomize.prefix, kustomize.version, binary.size, binary.mtimeMs]),
    );
    const target = resolve(dir);
    for (const folder of [...new Set(files.map((file) => dirname(resolve(root, file.path))))].sort()) {
      hash.update(`${relative(root, folder)}\0`);
      // the folder built is read afresh every time: a test may build a folder it has just written
      if (folder === target) await treeDigest(folder, hash, root);
      else hash.update(await folderDigest(folder, root));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * kustomize build of `dir` (by `binary`, or the one `validate` finds), from the cache when the same inputs were built
 * before by any test file or run. A failed build throws its RenderError and is not kept.
 */
export async function renderYaml(dir: string, binary?: KustomizeBinary): Promise<string> {
  const kustomize = binary ?? (await resolveKustomize({ env: {} }));
  const key = process.env.CONSUL_GITOPS_TEST_RENDER_CACHE === 'off' ? undefined : await renderKey(kustomize, dir);
  const cached = key ? join(RENDER_CACHE, `${key}.yaml`) : undefined;
  if (cached) {
    const text = await readFile(cached, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
  }
  const rendered = await renderKustomization(kustomize, dir);
  if (cached) {
    // written whole, then renamed: a reader in another worker sees the old state or the whole render
    const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await mkdir(RENDER_CACHE, { recursive: true });
    await writeFile(partial, rendered.yaml);
    await rename(partial, cached);
  }
  return rendered.yaml;
}

/**
 * Render a kustomization with the real kustomize binary and parse it, as `validate` does: plain
 * `kustomize build` output, without origin annotations (they make each build two to three times slower,
 * and no test of objects reads them; tests/parse covers origins). A render of the same inputs is built once
 * and kept (renderKey): the rule fixtures alone are some 250 builds.
 */
export async function renderResources(dir: string): Promise<ParsedResource[]> {
  const parsed = parseRendered({ yaml: await renderYaml(dir), file: dir, repoRoot: REPO_ROOT });
  if (parsed.findings.length > 0) throw new Error(`parse findings: ${JSON.stringify(parsed.findings)}`);
  return parsed.resources;
}

/** The text report with its wrapped continuation lines (indented 4 or more) joined back, for matching whole messages. */
export const unwrapped = (text: string): string => text.replace(/\n {4,}/g, ' ');
