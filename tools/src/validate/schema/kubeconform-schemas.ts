/**
 * kubeconform's schema layout, generated from the offline engine's data (tools/schemas/kubernetes.json):
 * `<root>/v<kubernetes>-standalone-strict/<kind><kind suffix>.json`, one strict, self-contained JSON
 * Schema per kind and version (core and Argo CD kinds; CRDs from --schemas get the same layout in a
 * temporary root). `-schema-location <root>` makes kubeconform read exactly that layout (its default
 * template under a local folder), so the kubeconform backend never touches the network and checks
 * against the same data as the offline engine.
 *
 * The cache lives in a git-ignored folder, named after a hash of the data and of this generator, so a
 * change to either writes a new one; it is written to a temporary sibling and renamed into place.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLS_ROOT } from '../../model/tools-root.js';
import { SCHEMA_FILE, schemaData, type Constraint, type ObjectType, type TypeExpression } from './catalog.js';
import { jsonSchemaFor, kubeconformFileName, type JsonSchema } from './json-schema.js';

/** The git-ignored folder the generated layouts live in (tools/.cache/kubeconform-schemas). */
const KUBECONFORM_CACHE_DIR = join(TOOLS_ROOT, '.cache/kubeconform-schemas');

/** The Kubernetes version as kubeconform takes it (`-kubernetes-version`): "1.36" -> "1.36.0". */
export function kubeconformKubernetesVersion(kubernetesVersion: string): string {
  return /^\d+\.\d+$/.test(kubernetesVersion) ? `${kubernetesVersion}.0` : kubernetesVersion;
}

/**
 * The folder kubeconform reads under a root for `-kubernetes-version V -strict`: "v1.36.0-standalone-strict".
 * @internal the folder layout kubeconform reads, asserted directly; ensureKubeconformSchemas reaches it
 */
export function kubeconformVersionDir(kubernetesVersion: string): string {
  return `v${kubeconformKubernetesVersion(kubernetesVersion)}-standalone-strict`;
}

/**
 * One schema file per kind and version. kubeconform names a file after the kind, the group's first label
 * and the version only, so two groups that share a first label would share a file: that is an error here,
 * not a silently wrong schema.
 */
export function schemaFiles(
  kinds: Record<string, TypeExpression>,
  lookup: (name: string) => ObjectType | undefined,
  constraints: (name: string) => Constraint | undefined = () => undefined,
): Map<string, JsonSchema> {
  const owners = new Map<string, string>();
  const files = new Map<string, JsonSchema>();
  for (const [key, expression] of Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))) {
    const slash = key.lastIndexOf('/');
    const file = kubeconformFileName(key.slice(0, slash), key.slice(slash + 1));
    const owner = owners.get(file);
    if (owner)
      throw new Error(
        `kubeconform would read ${file} for both ${owner} and ${key} (it names files by kind, the group's first label and the version); rename or drop one of the kinds`,
      );
    owners.set(file, key);
    files.set(file, jsonSchemaFor(expression, lookup, constraints));
  }
  return files;
}

/** Write a layout root: `<root>/<version dir>/<file>`, replacing nothing that exists (write to a sibling, rename). */
export function writeSchemaLayout(root: string, kubernetesVersion: string, files: ReadonlyMap<string, JsonSchema>): void {
  const staging = `${root}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const dir = join(staging, kubeconformVersionDir(kubernetesVersion));
  mkdirSync(dir, { recursive: true });
  try {
    for (const [file, schema] of files) writeFileSync(join(dir, file), JSON.stringify(schema));
    try {
      renameSync(staging, root);
    } catch (error) {
      // Another process wrote the same root first: same inputs, same files.
      if (!existsSync(join(root, kubeconformVersionDir(kubernetesVersion)))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Hash of what the layout is made from: the schema data and the generator modules (their sources and
 * compiled files, found from tools/, since the CLI runs them bundled into one file).
 */
function layoutFingerprint(): string {
  const hash = createHash('sha256').update(readFileSync(SCHEMA_FILE));
  for (const module of ['json-schema', 'kubeconform-schemas']) {
    for (const file of [
      join(TOOLS_ROOT, 'src/validate/schema', `${module}.ts`),
      join(TOOLS_ROOT, 'dist/validate/schema', `${module}.js`),
    ]) {
      if (existsSync(file)) hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let ensured: { cacheDir: string; root: string } | undefined;

/**
 * The layout root for the built-in kinds, generated on first use (about a second) and reused after.
 * A cache folder that cannot be written (a read-only image) falls back to the system temp folder.
 */
export function ensureKubeconformSchemas(cacheDir: string = KUBECONFORM_CACHE_DIR): string {
  if (ensured?.cacheDir === cacheDir) return ensured.root;
  const name = layoutFingerprint();
  const data = schemaData();
  const candidates = [cacheDir, join(tmpdir(), 'consul-gitops-kubeconform-schemas')];
  let lastError: unknown;
  for (const folder of candidates) {
    const root = join(folder, name);
    if (existsSync(join(root, kubeconformVersionDir(data.kubernetesVersion)))) {
      ensured = { cacheDir, root };
      return root;
    }
    try {
      mkdirSync(folder, { recursive: true });
      const kinds = Object.fromEntries(Object.entries(data.kinds).map(([key, type]) => [key, `ref:${type}`]));
      writeSchemaLayout(
        root,
        data.kubernetesVersion,
        schemaFiles(kinds, (type) => data.types[type]),
      );
      removeStaleLayouts(folder, name);
      ensured = { cacheDir, root };
      return root;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`cannot write kubeconform's schemas under ${candidates.join(' or ')}: ${(lastError as Error).message}`);
}

/**
 * Layouts of older data or generators, a day after they were written (best effort). Not at once: a run of
 * the compiled tools and a test run of the sources hash different generator files, and either may be
 * reading its layout right now.
 */
function removeStaleLayouts(folder: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (entry !== keep && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}
