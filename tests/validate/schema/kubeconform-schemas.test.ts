/**
 * kubeconform's schema layout, generated from tools/schemas/kubernetes.json: one standalone strict file
 * per kind and version, at the path kubeconform's -schema-location template reads. These run without
 * Go (no kubeconform needed): the layout is checked with ajv against the corpus verdicts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { gvkKey, schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { loadCrdTypes } from '../../../tools/src/validate/schema/crd.js';
import { isDateTime } from '../../../tools/src/validate/schema/walker.js';
import { jsonSchemaFor, kubeconformFileName } from '../../../tools/src/validate/schema/json-schema.js';
import { ensureKubeconformSchemas, kubeconformVersionDir, schemaFiles } from '../../../tools/src/validate/schema/kubeconform-schemas.js';
import { CRD_DIR, loadCorpus, parseCase } from './corpus.js';

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
