/**
 * The fast parse path (js-yaml objects, positions on demand) gives exactly what the positional path
 * (`yaml` Documents with source ranges) gives: the same objects, refs, document lines, findings, and the
 * same line for every JSON pointer, on every YAML fixture of the repository and on every render. The inline
 * cases, which read no repository file and render nothing, are in tests/parse/block-index.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { blockValue, indexBlockYaml } from '../../tools/src/parse/block-index.js';
import { splitDocuments } from '../../tools/src/parse/documents.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { REPO_ROOT, renderYaml } from '../helpers/repo.js';
import { expectSameParse } from '../helpers/same-parse.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

const files = [
  ...yamlFiles(join(REPO_ROOT, 'tests/fixtures')),
  ...yamlFiles(join(REPO_ROOT, 'base')),
  ...yamlFiles(join(REPO_ROOT, 'overlays')),
  join(REPO_ROOT, 'environments.yaml'),
];

describe('fast path = positional path', () => {
  it(`on each of the ${files.length} YAML and JSON fixtures and sources`, () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expectSameParse(readFileSync(file, 'utf8'), relative(REPO_ROOT, file));
  });

  // the renders come through the suite's render cache (tests/helpers/repo.ts): built once, by the real kustomize
  it('on every render of the repository (the overlays and argocd/)', async () => {
    const kustomize = await resolveKustomize({ env: {} });
    for (const dir of ['overlays/dev', 'overlays/staging', 'overlays/prod', 'argocd']) {
      expectSameParse(await renderYaml(join(REPO_ROOT, dir), kustomize), dir);
    }
  });
});

describe('the block reader (values without js-yaml)', () => {
  /** Each document of a stream as the block reader reads it (undefined where it does not), beside js-yaml's. */
  const documentsOf = (yaml: string) => {
    const chunks = splitDocuments(yaml) ?? [];
    return chunks.map((chunk, index) => {
      const text = index < chunks.length - 1 ? `${chunk.text}\n` : chunk.text;
      return { text, read: blockValue(text) };
    });
  };
  const expectJsYamlValues = (yaml: string, where: string): number => {
    let read = 0;
    for (const { text, read: value } of documentsOf(yaml)) {
      if (!value) continue;
      read++;
      const reference = load(text);
      expect(value.value, `${where}: ${text.slice(0, 120)}`).toStrictEqual(reference);
      expect(JSON.stringify(value.value), where).toBe(JSON.stringify(reference));
    }
    return read;
  };

  it(`gives js-yaml's value for every document it reads of the ${files.length} fixtures and sources`, () => {
    let read = 0;
    for (const file of files) read += expectJsYamlValues(readFileSync(file, 'utf8'), relative(REPO_ROOT, file));
    expect(read).toBeGreaterThan(500);
  });

  it('reads every document of every render of the repository, each as js-yaml does', async () => {
    const kustomize = await resolveKustomize({ env: {} });
    for (const dir of ['overlays/dev', 'overlays/staging', 'overlays/prod', 'argocd']) {
      const yaml = await renderYaml(join(REPO_ROOT, dir), kustomize);
      const unread = documentsOf(yaml).filter((document) => document.read === undefined && document.text.trim() !== '');
      expect(
        unread.map((document) => document.text.slice(0, 160)),
        dir,
      ).toEqual([]);
      expect(expectJsYamlValues(yaml, dir)).toBeGreaterThan(3);
    }
  });
});

describe('the block index (lines without a positional parse)', () => {
  it('indexes every document of every render of the repository (kustomize writes plain block YAML)', async () => {
    const kustomize = await resolveKustomize({ env: {} });
    for (const dir of ['overlays/dev', 'overlays/staging', 'overlays/prod', 'argocd']) {
      const chunks = splitDocuments(await renderYaml(join(REPO_ROOT, dir), kustomize)) ?? [];
      expect(chunks.length, dir).toBeGreaterThan(3);
      for (const chunk of chunks) expect(indexBlockYaml(chunk.text), `${dir}: ${chunk.text.slice(0, 120)}`).toBeDefined();
    }
  });
});
