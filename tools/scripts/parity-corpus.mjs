// The corpus of the api-server parity suite (issue 20), built deterministically from the repository:
// - render/<dir>: each kustomization under base/ and overlays/, rendered by the pinned kustomize on the
//   project's own render path (tools/src/render);
// - fixture/<dir>: each kustomization under tests/fixtures that renders (one that fails to build is
//   left out: there is nothing to apply);
// - file/<path>: the plain manifests of the schema corpus and of files mode;
// - seed/<Kind>/<name>: objects of kinds the prod render lacks (StorageClass, Ingress, a CRD ...);
// - mutation/<class>/<name>/<kind>/<bad|good>: one object of the prod render (or a seed) with one broken
//   shape, and its correct neighbour (tools/scripts/parity-mutations.mjs).
// Nothing here is committed but the recorded verdicts (keyed by id, with each text's SHA-256): the
// recorder and the parity test build the same corpus, so a change of a fixture or a mutation shows as a
// stale recording.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { renderKustomization } from '../dist/render/render.js';
import { mapPool } from '../dist/pool.js';
import { MUTATIONS, seedObjects, withRawValues } from './parity-mutations.mjs';

export const PARITY_DIR = 'tests/fixtures/api-server-parity';
export const VERDICTS_FILE = `${PARITY_DIR}/verdicts.json`;
export const KNOWN_FILE = `${PARITY_DIR}/known-disagreements.yaml`;
/** The CRD the Widget seed and its mutations need, installed for the server and read by the engines. */
export const PARITY_CRDS = `${PARITY_DIR}/crds`;
const SCHEMA_CASES = 'tests/fixtures/schema/cases';
const SCHEMA_CRDS = 'tests/fixtures/schema/crds';
const PLAIN_FILES = ['tests/fixtures/files/plain', 'tests/fixtures/files/consul-chart'];
const MUTATED_RENDER = 'overlays/prod';

export function manifestDigest(text) {
  return createHash('sha256').update(text).digest('hex');
}

function kustomizationDirs(root, under) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((entry) => entry.isFile() && ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(entry.name)))
      found.push(relative(root, dir));
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(dir, entry.name));
  };
  walk(join(root, under));
  return found;
}

function manifestFiles(root, under) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(entry.name)) found.push(relative(root, path));
    }
  };
  if (statSync(join(root, under), { throwIfNoEntry: false })?.isDirectory()) walk(join(root, under));
  return found;
}

/** One object as its own manifest: deterministic YAML, raw values (2^63, quoted scalars) put back. */
export function manifestOf(object) {
  return withRawValues(stringify(object, { lineWidth: 0 }));
}

const kindSlug = (target) => target.split('/')[0].toLowerCase();

/** The mutation entries over `objects` (Kind/name -> object): a bad and a good one per mutation and target. */
export function mutationEntries(objects) {
  const entries = [];
  for (const mutation of MUTATIONS) {
    const slugs = mutation.targets.map(kindSlug);
    for (const target of mutation.targets) {
      const original = objects[target];
      if (!original) throw new Error(`parity mutation ${mutation.name}: no ${target} in the prod render or the seeds`);
      // Two targets of one kind (two Services) are told apart by name.
      const slug = slugs.filter((slug) => slug === kindSlug(target)).length > 1 ? target.replace('/', '-').toLowerCase() : kindSlug(target);
      for (const variant of ['bad', 'good']) {
        const object = structuredClone(original);
        mutation[variant](object);
        entries.push({
          id: `mutation/${mutation.class}/${mutation.name}/${slug}/${variant}`,
          source: 'mutation',
          class: mutation.class,
          what: mutation.what,
          intent: variant === 'bad' ? 'rejected' : 'accepted',
          text: manifestOf(object),
          schemaDirs: object.apiVersion?.startsWith('parity.example.com/') ? [PARITY_CRDS] : [],
        });
      }
    }
  }
  return entries;
}

/** The objects of one render by Kind/name (the prod render has one object per kind and name). */
function objectsOf(yaml) {
  const objects = {};
  for (const document of parseAllDocuments(yaml)) {
    const object = document.toJS();
    if (object && typeof object === 'object') objects[`${object.kind}/${object.metadata?.name}`] = object;
  }
  return objects;
}

/**
 * The whole corpus, sorted by id. `kustomize` is a resolved binary (`kustomizeFor()`); renders that fail
 * are listed in `skipped` with kustomize's message, never silently dropped. `render` (the YAML of a repository-relative
 * folder) replaces the build: the test suite passes its render cache, so a fixture it built already is not built again.
 */
export async function buildParityCorpus({
  repoRoot,
  kustomize,
  concurrency = 2,
  render = async (dir) => (await renderKustomization(kustomize, join(repoRoot, dir))).yaml,
}) {
  const entries = [];
  const skipped = [];
  const dirs = [
    ...['base', 'overlays'].flatMap((under) => kustomizationDirs(repoRoot, under).map((dir) => ({ dir, source: 'render' }))),
    ...kustomizationDirs(repoRoot, 'tests/fixtures').map((dir) => ({ dir, source: 'fixture' })),
  ];
  const renders = await mapPool(
    dirs,
    async ({ dir, source }) => {
      try {
        return { dir, source, yaml: await render(dir) };
      } catch (error) {
        return { dir, source, error: String(error?.shortMessage ?? error?.message ?? error).split('\n')[0] };
      }
    },
    concurrency,
  );
  let prod;
  for (const render of renders) {
    if (render.error !== undefined || render.yaml.trim() === '') {
      skipped.push({
        id: `${render.source}/${render.source === 'fixture' ? relative('tests/fixtures', render.dir) : render.dir}`,
        reason: render.error ?? 'empty render',
      });
      continue;
    }
    if (render.dir === MUTATED_RENDER) prod = render.yaml;
    const id = render.source === 'fixture' ? `fixture/${relative('tests/fixtures', render.dir)}` : `render/${render.dir}`;
    // The schema corpus's CLI fixtures are custom resources of its CRDs, which the server has by then.
    const schemaDirs = render.dir.startsWith('tests/fixtures/schema/') ? [SCHEMA_CRDS] : [];
    entries.push({ id, source: render.source, text: render.yaml, schemaDirs });
  }
  for (const file of manifestFiles(repoRoot, SCHEMA_CASES))
    entries.push({
      id: `file/${relative('tests/fixtures', file)}`,
      source: 'file',
      text: readFileSync(join(repoRoot, file), 'utf8'),
      schemaDirs: [SCHEMA_CRDS],
    });
  for (const file of PLAIN_FILES.flatMap((under) => manifestFiles(repoRoot, under)))
    entries.push({
      id: `file/${relative('tests/fixtures', file)}`,
      source: 'file',
      text: readFileSync(join(repoRoot, file), 'utf8'),
      schemaDirs: [],
    });
  if (!prod)
    throw new Error(
      `parity corpus: ${MUTATED_RENDER} did not render (${skipped.find((entry) => entry.id === `render/${MUTATED_RENDER}`)?.reason})`,
    );
  const seeds = seedObjects(readFileSync(join(repoRoot, PARITY_CRDS, 'widgets.yaml'), 'utf8'));
  for (const [target, object] of Object.entries(seeds))
    entries.push({
      id: `seed/${target}`,
      source: 'seed',
      text: manifestOf(object),
      schemaDirs: object.apiVersion.startsWith('parity.example.com/') ? [PARITY_CRDS] : [],
    });
  entries.push(...mutationEntries({ ...objectsOf(prod), ...seeds }));
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new Error(`parity corpus: two manifests with the id ${entry.id}`);
    ids.add(entry.id);
    entry.sha256 = manifestDigest(entry.text);
  }
  return { entries, skipped };
}
