/**
 * kubeconform's schema layout, generated from tools/schemas/kubernetes.json: one standalone strict file
 * per kind and version, at the path kubeconform's -schema-location template reads. These run without
 * Go (no kubeconform needed): the layout is checked with ajv against the corpus verdicts.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOOLS_ROOT } from '../../../tools/src/model/tools-root.js';
import { gvkKey, SCHEMA_FILE, schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { loadCrdTypes } from '../../../tools/src/validate/schema/crd.js';
import { isDateTime } from '../../../tools/src/validate/schema/walker.js';
import { jsonSchemaFor, kubeconformFileName } from '../../../tools/src/validate/schema/json-schema.js';
import {
  ensureKubeconformSchemas,
  kubeconformKubernetesVersion,
  kubeconformVersionDir,
  schemaFiles,
  writeSchemaLayout,
} from '../../../tools/src/validate/schema/kubeconform-schemas.js';
import { CRD_DIR, loadCorpus, parseCase } from './corpus.js';

// node:fs passes through to the real module; a case may make the compiled generator files (tools/dist, absent from a
// clean checkout and from the mutation sandbox) appear, to see them in the layout's fingerprint, or play another
// process removing a stale layout at the same time.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    existsSync: vi.fn(actual.existsSync),
    readFileSync: vi.fn(actual.readFileSync),
    statSync: vi.fn(actual.statSync),
  };
});

const data = schemaData();
const builtIn = Object.fromEntries(Object.entries(data.kinds).map(([key, type]) => [key, `ref:${type}`]));

describe('the kubeconform schema layout', () => {
  it.each([
    ['v1', 'ConfigMap', 'configmap-v1.json'],
    ['apps/v1', 'StatefulSet', 'statefulset-apps-v1.json'],
    ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudget-policy-v1.json'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterrole-rbac-v1.json'],
    ['argoproj.io/v1alpha1', 'ApplicationSet', 'applicationset-argoproj-v1alpha1.json'],
    ['consul.hashicorp.com/v1alpha1', 'ServiceDefaults', 'servicedefaults-consul-v1alpha1.json'],
  ])('%s %s -> %s (kubeconform’s {{ .ResourceKind }}{{ .KindSuffix }}.json)', (apiVersion, kind, file) => {
    expect(kubeconformFileName(apiVersion, kind)).toBe(file);
  });

  it('has one file per kind and version of the schema data (core and Argo CD), in v<kubernetes>.0-standalone-strict', () => {
    const root = ensureKubeconformSchemas();
    const dir = join(root, kubeconformVersionDir(data.kubernetesVersion));
    expect(kubeconformVersionDir(data.kubernetesVersion)).toBe(`v${data.kubernetesVersion}.0-standalone-strict`);
    const expected = Object.keys(data.kinds).map((key) =>
      kubeconformFileName(key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)),
    );
    expect(readdirSync(dir).sort()).toEqual([...new Set(expected)].sort());
    expect(expected.length).toBeGreaterThan(90);
    expect(expected).toEqual(
      expect.arrayContaining(['statefulset-apps-v1.json', 'application-argoproj-v1alpha1.json', 'appproject-argoproj-v1alpha1.json']),
    );
  });

  it('the cached layout is exactly what the data gives now (a stale cache would check against other schemas)', () => {
    const dir = join(ensureKubeconformSchemas(), kubeconformVersionDir(data.kubernetesVersion));
    for (const [file, schema] of schemaFiles(builtIn, (type) => data.types[type]))
      expect(JSON.parse(readFileSync(join(dir, file), 'utf8')), file).toEqual(schema);
  });

  it('every file is standalone and strict: no $ref, every object closed', () => {
    const statefulSet = jsonSchemaFor(builtIn['apps/v1/StatefulSet']!, (type) => data.types[type]);
    const text = JSON.stringify(statefulSet);
    expect(text).not.toContain('$ref');
    expect(statefulSet).toMatchObject({ type: 'object', additionalProperties: false });
    expect((statefulSet.properties as Record<string, { required?: string[] }>).spec?.required).toEqual(
      expect.arrayContaining(['selector', 'template']),
    );
    expect((text.match(/"additionalProperties":false/g) ?? []).length).toBeGreaterThan(50);
  });

  it('two groups that share a first label would share a file: an error naming both, not a wrong schema', () => {
    expect(() =>
      schemaFiles({ 'a.example.com/v1/Widget': 'ref:X', 'a.other.io/v1/Widget': 'ref:X' }, () => ({ properties: {}, required: [] })),
    ).toThrow(/kubeconform would read widget-a-v1\.json for both a\.example\.com\/v1\/Widget and a\.other\.io\/v1\/Widget/);
  });

  it('a cache folder that cannot be written falls back to the system temp folder', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'kubeconform-cache-'));
    try {
      const file = join(scratch, 'not-a-folder');
      writeFileSync(file, ''); // a plain file where the cache folder should be: mkdir under it fails
      const root = ensureKubeconformSchemas(join(file, 'cache'));
      expect(root.startsWith(tmpdir())).toBe(true);
      expect(existsSync(join(root, kubeconformVersionDir(data.kubernetesVersion), 'statefulset-apps-v1.json'))).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  describe('the generated schemas give the corpus verdict (checked with ajv, so this holds without Go too)', () => {
    const crds = loadCrdTypes([CRD_DIR]);
    // Formats as kubeconform's validator has them: date-time asserted; int32, int64 and byte unknown.
    const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, byte: true } }).addFormat(
      'date-time',
      isDateTime,
    );
    const compiled = new Map<string, ReturnType<Ajv['compile']>>();
    const validatorFor = (key: string): ReturnType<Ajv['compile']> | undefined => {
      const expression = builtIn[key] ?? crds.kinds[key];
      if (!expression) return undefined;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(
          jsonSchemaFor(
            expression,
            (name) => data.types[name] ?? crds.types[name],
            (name) => crds.constraints[name],
          ),
        );
        compiled.set(key, validate);
      }
      return validate;
    };
    const cases = loadCorpus().filter((corpusCase) => corpusCase.findings.every((finding) => finding.rule === 'schema'));
    it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', (_name, corpusCase) => {
      const invalid = new Set(
        corpusCase.findings.filter((finding) => !corpusCase.kubeconformIgnores.includes(finding.path)).map((finding) => finding.resource),
      );
      for (const resource of parseCase(corpusCase).resources) {
        const validate = validatorFor(gvkKey(String(resource.object.apiVersion), String(resource.object.kind)));
        if (!validate) continue;
        const valid = validate(JSON.parse(JSON.stringify(resource.object)));
        expect(valid, `${resource.ref.kind}/${resource.ref.name}: ${JSON.stringify(validate.errors)}`).toBe(
          !invalid.has(`${resource.ref.kind}/${resource.ref.name}`),
        );
      }
    });
  });
});

describe('kubeconformKubernetesVersion', () => {
  it.each([
    ['1.36', '1.36.0'],
    ['10.2', '10.2.0'],
    ['1.36.1', '1.36.1'],
    ['v1.36', 'v1.36'],
  ])('%s -> %s (only a bare minor version gets ".0")', (version, expected) => {
    expect(kubeconformKubernetesVersion(version)).toBe(expected);
  });
});

describe('schemaFiles', () => {
  it('takes the kinds in name order, whatever order they come in: the files and the one a clash names first', () => {
    const lookup = (): { properties: Record<string, string>; required: string[] } => ({ properties: {}, required: [] });
    expect([...schemaFiles({ 'b.example.com/v1/Gadget': 'ref:X', 'a.example.com/v1/Widget': 'ref:X' }, lookup).keys()]).toEqual([
      'widget-a-v1.json',
      'gadget-b-v1.json',
    ]);
    expect(() => schemaFiles({ 'a.other.io/v1/Widget': 'ref:X', 'a.example.com/v1/Widget': 'ref:X' }, lookup)).toThrow(
      /widget-a-v1\.json for both a\.example\.com\/v1\/Widget and a\.other\.io\/v1\/Widget/,
    );
  });
});

describe('writeSchemaLayout', () => {
  const version = data.kubernetesVersion;
  const versionDir = kubeconformVersionDir(version);
  const scratchOf = (): string => mkdtempSync(join(tmpdir(), 'kubeconform-layout-'));

  it('writes <root>/<version dir>/<file> and leaves no staging sibling', () => {
    const scratch = scratchOf();
    try {
      writeSchemaLayout(join(scratch, 'root'), version, new Map([['widget-v1.json', { type: 'object' }]]));
      expect(readdirSync(scratch)).toEqual(['root']);
      expect(JSON.parse(readFileSync(join(scratch, 'root', versionDir, 'widget-v1.json'), 'utf8'))).toEqual({ type: 'object' });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a root another writer already wrote is kept as it is: no error, no staging sibling left', () => {
    const scratch = scratchOf();
    try {
      const root = join(scratch, 'root');
      writeSchemaLayout(root, version, new Map([['widget-v1.json', { type: 'object' }]]));
      writeSchemaLayout(root, version, new Map([['gadget-v1.json', { type: 'string' }]]));
      expect(readdirSync(scratch)).toEqual(['root']);
      expect(readdirSync(join(root, versionDir))).toEqual(['widget-v1.json']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a root that exists without the layout is an error (the rename’s), and the staging sibling is removed', () => {
    const scratch = scratchOf();
    try {
      const root = join(scratch, 'root');
      mkdirSync(root);
      writeFileSync(join(root, 'other'), '');
      expect(() => writeSchemaLayout(root, version, new Map([['widget-v1.json', { type: 'object' }]]))).toThrow(/ENOTEMPTY|EEXIST/);
      expect(readdirSync(scratch)).toEqual(['root']);
      expect(readdirSync(root)).toEqual(['other']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a root that cannot be made fails naming the staging sibling it tried: <root>.tmp-<pid>-<random base-36>', () => {
    const scratch = scratchOf();
    try {
      writeFileSync(join(scratch, 'file'), '');
      const root = join(scratch, 'file', 'root');
      expect(() => writeSchemaLayout(root, version, new Map())).toThrow(
        new RegExp(`ENOTDIR: not a directory, mkdir '${root}\\.tmp-${process.pid}-[0-9a-z]+/${versionDir.replace(/\./g, '\\.')}'`),
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('ensureKubeconformSchemas on a cache folder of its own', () => {
  const layoutOf = (root: string): Record<string, unknown> =>
    Object.fromEntries(
      readdirSync(join(root, kubeconformVersionDir(data.kubernetesVersion)))
        .sort()
        .map((file) => [file, JSON.parse(readFileSync(join(root, kubeconformVersionDir(data.kubernetesVersion), file), 'utf8'))]),
    );
  const expectedLayout = (): Record<string, unknown> =>
    Object.fromEntries([...schemaFiles(builtIn, (type) => data.types[type])].sort(([a], [b]) => a.localeCompare(b)));
  let scratch = '';
  const fresh = (): string => (scratch = mkdtempSync(join(tmpdir(), 'kubeconform-ensure-')));
  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    vi.mocked(existsSync).mockImplementation(actual.existsSync);
    vi.mocked(readFileSync).mockImplementation(actual.readFileSync);
    vi.mocked(statSync).mockImplementation(actual.statSync);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = '';
  });

  it('is <cache>/<16 hex of sha256 of the schema data, the generator sources and their compiled files>, made with its parents', async () => {
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    // The compiled generator files as a build has them (the test run has only the sources).
    const compiled = new Map(
      ['json-schema', 'kubeconform-schemas'].map((module) => [
        join(TOOLS_ROOT, 'dist/validate/schema', `${module}.js`),
        `// ${module} build`,
      ]),
    );
    vi.mocked(existsSync).mockImplementation((path) => compiled.has(String(path)) || actual.existsSync(path));
    vi.mocked(readFileSync).mockImplementation(((path: string, options?: unknown) =>
      compiled.has(String(path))
        ? Buffer.from(compiled.get(String(path))!)
        : actual.readFileSync(path, options as BufferEncoding)) as typeof readFileSync);
    const hash = createHash('sha256').update(actual.readFileSync(SCHEMA_FILE));
    for (const module of ['json-schema', 'kubeconform-schemas']) {
      hash.update(actual.readFileSync(join(TOOLS_ROOT, 'src/validate/schema', `${module}.ts`)));
      hash.update(compiled.get(join(TOOLS_ROOT, 'dist/validate/schema', `${module}.js`))!);
    }
    const cache = join(fresh(), 'not', 'yet', 'there');
    const root = ensureKubeconformSchemas(cache);
    expect(root).toBe(join(cache, hash.digest('hex').slice(0, 16)));
    expect(layoutOf(root)).toEqual(expectedLayout());
  });

  it('is made once per cache folder and process: a root found or written is reused without looking again', () => {
    const a = join(fresh(), 'a');
    const rootA = ensureKubeconformSchemas(a);
    const name = basename(rootA);
    // Another process's layout in b, beside a stale one: found, so nothing is written there and nothing removed.
    const b = join(scratch, 'b');
    cpSync(rootA, join(b, name), { recursive: true });
    mkdirSync(join(b, 'stale'));
    const twoDaysAgo = (Date.now() - 2 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(join(b, 'stale'), twoDaysAgo, twoDaysAgo);
    rmSync(rootA, { recursive: true });
    expect(ensureKubeconformSchemas(a)).toBe(rootA);
    expect(existsSync(rootA)).toBe(false);
    expect(ensureKubeconformSchemas(b)).toBe(join(b, name));
    expect(readdirSync(b).sort()).toEqual([name, 'stale'].sort());
    rmSync(join(b, name), { recursive: true });
    expect(ensureKubeconformSchemas(b)).toBe(join(b, name));
    expect(existsSync(join(b, name))).toBe(false);
  });

  it('removes the layouts of other data or generators once they are a day old, keeping its own', () => {
    const cache = fresh();
    const now = Math.floor(Date.now() / 1000) * 1000 + 10 * 24 * 60 * 60 * 1000; // ten days on: the new root is old too
    const at = (name: string, ms: number, folder = true): void => {
      const path = join(cache, name);
      if (folder) {
        mkdirSync(path);
        writeFileSync(join(path, 'schema.json'), '{}');
      } else writeFileSync(path, '');
      utimesSync(path, ms / 1000, ms / 1000);
    };
    at('two-days', now - 2 * 24 * 60 * 60 * 1000);
    at('one-day', now - 24 * 60 * 60 * 1000, false);
    at('one-hour', now - 60 * 60 * 1000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const root = ensureKubeconformSchemas(cache);
    expect(dirname(root)).toBe(cache);
    expect(readdirSync(cache).sort()).toEqual([basename(root), 'one-day', 'one-hour'].sort());
    expect(layoutOf(root)).toEqual(expectedLayout());
  });

  it('a stale layout another process removes at the same time is no error', async () => {
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    const cache = fresh();
    const stale = join(cache, 'stale');
    mkdirSync(stale);
    const twoDaysAgo = (Date.now() - 2 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    vi.mocked(statSync).mockImplementation(((path: string) => {
      const stats = actual.statSync(path);
      if (path === stale) rmSync(stale, { recursive: true });
      return stats;
    }) as typeof statSync);
    const root = ensureKubeconformSchemas(cache);
    expect(dirname(root)).toBe(cache);
    expect(readdirSync(cache)).toEqual([basename(root)]);
  });

  it('falls back to <system temp>/consul-gitops-kubeconform-schemas, and names both folders when neither can be written', () => {
    const base = fresh();
    writeFileSync(join(base, 'file'), '');
    vi.stubEnv('TMPDIR', join(base, 'tmp'));
    const root = ensureKubeconformSchemas(join(base, 'file', 'cache'));
    expect(dirname(root)).toBe(join(base, 'tmp', 'consul-gitops-kubeconform-schemas'));
    expect(layoutOf(root)).toEqual(expectedLayout());
    vi.stubEnv('TMPDIR', join(base, 'file', 'tmp'));
    expect(() => ensureKubeconformSchemas(join(base, 'file', 'other'))).toThrow(
      `cannot write kubeconform's schemas under ${join(base, 'file', 'other')} or ${join(base, 'file', 'tmp', 'consul-gitops-kubeconform-schemas')}: ENOTDIR`,
    );
  });
});

describe('the schema data the layout is made from (catalog.ts)', () => {
  it('schemaLoadMs: 0 before the first read of the data in a process, then the time that read took', async () => {
    vi.resetModules();
    const catalog = await import('../../../tools/src/validate/schema/catalog.js');
    expect(catalog.schemaLoadMs()).toBe(0);
    const before = performance.now();
    catalog.schemaData();
    const took = performance.now() - before;
    expect(catalog.schemaLoadMs()).toBeGreaterThan(0);
    expect(catalog.schemaLoadMs()).toBeLessThanOrEqual(took);
  });
});
