/**
 * No crash on any input: random mutations of the rendered prod manifests (checked in process) and of
 * the prod overlay's kustomization (through the CLI's main(), with the real kustomize binary).
 * Every run must end with a report and exit 0, 1 or 2, never an uncaught exception, within a time bound.
 */
import fc from 'fast-check';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { checkRendered } from '../../tools/src/pipeline.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { offlineSchemaEngine } from '../../tools/src/validate/schema/offline.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

const PER_RUN_MS = 5_000;
type Json = unknown;

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

function parentOf(root: Json, path: (string | number)[]): { parent: Record<string | number, Json>; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let parent: Json = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key];
  return { parent: parent as Record<string | number, Json>, key: path[path.length - 1] as string | number };
}

const SCALARS: Json[] = [null, 0, -1, 3.5, 'x', '', true, [], {}, '8500', 99999999999];

/** One mutation of the rendered stream, chosen and placed by fast-check's integers. */
function mutate(text: string, documents: Json[], kind: number, a: number, b: number): string {
  const docs = structuredClone(documents) as Json[];
  const doc = docs[a % docs.length];
  const all = paths(doc);
  const target = parentOf(doc, all[b % all.length] ?? []);
  switch (kind) {
    case 0: // delete a key
      if (target) Array.isArray(target.parent) ? target.parent.splice(Number(target.key), 1) : delete target.parent[target.key];
      break;
    case 1: // change a value's type
      if (target) target.parent[target.key] = SCALARS[(a + b) % SCALARS.length];
      break;
    case 2: // duplicate a document
      docs.push(structuredClone(doc));
      break;
    case 3: // drop a document
      docs.splice(a % docs.length, 1);
      break;
    case 4: // truncate the file
      return text.slice(0, b % text.length);
    case 5: // insert a tab
      return `${text.slice(0, b % text.length)}\t${text.slice(b % text.length)}`;
    case 6: // invalid UTF-8 bytes, decoded as a reader would
      return Buffer.concat([Buffer.from(text.slice(0, b % text.length)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(text.slice(b % text.length))]).toString('utf8');
    default: // duplicate a key by text
      return text.replace(/\n  name: /, '\n  name: dup\n  name: ');
  }
  return docs.map((item) => stringify(item)).join('---\n');
}

let renderedProd = '';
let prodDocuments: Json[] = [];
beforeAll(async () => {
  const kustomize = await resolveKustomize({ env: {} });
  renderedProd = (await renderKustomization(kustomize, join(REPO_ROOT, 'overlays/prod'))).yaml;
  prodDocuments = parseAllDocuments(renderedProd).map((document) => document.toJS() as Json);
});

describe('no crash on any input', () => {
  it('400 mutations of the rendered prod manifests each end in a report', async () => {
    const spec = await repoSpec();
    const schema = offlineSchemaEngine();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 7 }), fc.nat(), fc.nat(), async (kind, a, b) => {
        const yaml = mutate(renderedProd, prodDocuments, kind, a, b);
        const started = performance.now();
        const result = await checkRendered({ yaml, path: 'overlays/prod' }, spec, { repoRoot: REPO_ROOT, schema, kubernetesVersion: '1.36' });
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS);
        expect(typeof result.ok).toBe('boolean');
        for (const finding of result.findings) expect(finding.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400, seed: 20261125 },
    );
  }, 600_000); // a hang guard only: 400 runs take about 30 s on a quiet machine, several minutes on a loaded one

  it('100 mutations of the prod kustomization each exit 0, 1 or 2 with output and no stack trace', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fuzz-repo-'));
    for (const entry of ['base', 'overlays', 'environments.yaml']) await cp(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
    const file = join(root, 'overlays/prod/kustomization.yaml');
    const original = await readFile(file, 'utf8');
    const originalDocument = [parseAllDocuments(original)[0]?.toJS() as Json];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 7 }), fc.nat(), fc.nat(), async (kind, a, b) => {
        await writeFile(file, mutate(original, originalDocument, kind, a, b));
        let out = '';
        let err = '';
        const io: CommandIo = { cwd: root, env: {}, isTty: false, out: (text) => void (out += text), err: (text) => void (err += text), writeFile: async () => {} };
        const started = performance.now();
        const code = await main(['validate', 'overlays/prod'], io);
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS * 4);
        expect([0, 1, 2]).toContain(code);
        expect((out + err).length).toBeGreaterThan(0);
        expect(out + err).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
        if (code === 2) expect(err).toMatch(/^consul-gitops: /);
      }),
      { numRuns: 100, seed: 20261125 },
    );
  }, 300_000);
});
