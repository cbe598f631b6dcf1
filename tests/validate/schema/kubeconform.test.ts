/**
 * The kubeconform backend's pure parts: its JSON report mapped to findings, its arguments, and the JSON
 * Schemas it is given for Argo CD and CRD kinds (checked here with ajv against the corpus).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { gvkKey, schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { loadCrdTypes } from '../../../tools/src/validate/schema/crd.js';
import { jsonSchemaFor, kubeconformFileName } from '../../../tools/src/validate/schema/json-schema.js';
import { expandValidationError, kubeconformArgs, kubeconformInput, localSchemas, mapKubeconformOutput } from '../../../tools/src/validate/schema/kubeconform.js';
import { CORPUS_DIR, CRD_DIR, loadCorpus, parseCase, reduceFinding } from './corpus.js';

const sample = resolve(CORPUS_DIR, 'kubeconform');
const parsed = parseRendered({ yaml: readFileSync(resolve(sample, 'input.yaml'), 'utf8'), file: 'input.yaml' });
const output = readFileSync(resolve(sample, 'output.json'), 'utf8');

describe("mapping kubeconform's JSON report", () => {
  it('turns every result into findings at the offending field, with the line of the right resource', () => {
    const findings = mapKubeconformOutput(output, parsed.resources, {}).map(reduceFinding);
    expect(findings).toEqual([
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/data/bootstrap-expect', line: 29 },
      { rule: 'schema', severity: 'error', resource: 'StatefulSet/consul-server', path: '/spec/selector', line: 5 },
      { rule: 'schema', severity: 'error', resource: 'StatefulSet/consul-server', path: '/spec/replica', line: 6 },
      { rule: 'schema', severity: 'error', resource: 'PodDisruptionBudget/consul-server', path: '/spec/maxUnavailable', line: 22 },
      { rule: 'schema-missing', severity: 'error', resource: 'Widget/gizmo', path: '', line: 36 },
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/metadata/label', line: 45 },
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/metadata/labels/tier', line: 48 },
    ]);
  });

  it('writes messages with the dotted path and keeps kubeconform’s own words', () => {
    const messages = mapKubeconformOutput(output, parsed.resources, {}).map((finding) => finding.message);
    expect(messages).toContain("spec.replica: unknown field (kubeconform: additionalProperties 'replica' not allowed)");
    expect(messages).toContain("spec.selector: required field missing (kubeconform: missing properties: 'selector')");
    expect(messages).toContain('spec.maxUnavailable: oneOf failed');
    expect(messages).toContain('no schema for example.com/v1 Widget (kubeconform: could not find schema for Widget)');
  });

  it('a missing schema is a warning with --ignore-missing-schemas, whether kubeconform reports or skips it', () => {
    const skipped = JSON.stringify({ resources: [{ filename: 'stdin', kind: 'Widget', name: 'gizmo', version: 'example.com/v1', status: 'statusSkipped', msg: '' }] });
    expect(mapKubeconformOutput(skipped, parsed.resources, { ignoreMissingSchemas: true }).map(reduceFinding)).toEqual([
      { rule: 'schema-missing', severity: 'warning', resource: 'Widget/gizmo', path: '', line: 36 },
    ]);
    expect(mapKubeconformOutput(output, parsed.resources, { ignoreMissingSchemas: true }).find((finding) => finding.rule === 'schema-missing')?.severity).toBe('warning');
  });

  it('an old kubeconform without validationErrors still fails the resource, at the object', () => {
    const old = JSON.stringify({ resources: [{ filename: 'stdin', kind: 'PodDisruptionBudget', name: 'consul-server', version: 'policy/v1', status: 'statusInvalid', msg: 'For field spec.maxUnavailable: Invalid type' }] });
    expect(mapKubeconformOutput(old, parsed.resources, {}).map(reduceFinding)).toEqual([{ rule: 'schema', severity: 'error', resource: 'PodDisruptionBudget/consul-server', path: '', line: 17 }]);
  });

  it('output that is not JSON is one clear finding, not a crash', () => {
    const [finding] = mapKubeconformOutput('panic: runtime error', parsed.resources, {});
    expect(finding).toMatchObject({ rule: 'schema', severity: 'error' });
    expect(finding?.message).toMatch(/kubeconform printed no JSON report: panic: runtime error/);
  });

  it.each([
    ['/spec', "additionalProperties 'replica', 'size' not allowed", ['/spec/replica', '/spec/size']],
    ['/metadata/annotations', "additional properties 'a/b' not allowed", ['/metadata/annotations/a~1b']],
    ['', "missing properties: 'apiVersion', 'kind'", ['/apiVersion', '/kind']],
    ['/spec/template/spec/containers/0', "missing property 'name'", ['/spec/template/spec/containers/0/name']],
    ['/spec/replicas', 'expected integer or null, but got string', ['/spec/replicas']],
    ['spec/replicas', 'expected integer, but got string', ['/spec/replicas']],
  ])('at %j, "%s" -> %j', (path, message, pointers) => {
    expect(expandValidationError(path, message).map((problem) => problem.pointer)).toEqual(pointers);
  });
});

describe('kubeconform arguments and generated schemas', () => {
  it('sends JSON documents, so a YAML 1.1 reader (kubeconform) sees the same values: "yes" stays a string', () => {
    const corpus = loadCorpus();
    const resources = parseCase(corpus.find((corpusCase) => corpusCase.name === 'argocd-application-wrong-type')!).resources;
    const input = kubeconformInput(resources);
    const read = parseAllDocuments(input, { version: '1.1' }).map((document) => document.toJS() as unknown);
    expect(read).toEqual(resources.map((resource) => resource.object));
    expect(JSON.stringify(read)).toContain('"prune":"yes"');
  });

  it('runs strict, JSON, the pinned Kubernetes version, the generated schemas first, reading stdin', () => {
    const args = kubeconformArgs({ ignoreMissingSchemas: true }, {}, '/tmp/schemas');
    expect(args.slice(0, 6)).toEqual(['-strict', '-output', 'json', '-summary', '-kubernetes-version', `${schemaData().kubernetesVersion}.0`]);
    expect(args.join(' ')).toContain('-schema-location /tmp/schemas/{{.ResourceKind}}{{.KindSuffix}}.json -schema-location default');
    expect(args.slice(-2)).toEqual(['-ignore-missing-schemas', '-']);
    expect(kubeconformArgs({}, { KUBECONFORM_SCHEMA_LOCATION: '/mirror,default' }).filter((arg, index, all) => all[index - 1] === '-schema-location')).toEqual(['/mirror', 'default']);
  });

  it.each([
    ['v1', 'ConfigMap', 'configmap-v1.json'],
    ['apps/v1', 'StatefulSet', 'statefulset-apps-v1.json'],
    ['argoproj.io/v1alpha1', 'ApplicationSet', 'applicationset-argoproj-v1alpha1.json'],
    ['consul.hashicorp.com/v1alpha1', 'ServiceDefaults', 'servicedefaults-consul-v1alpha1.json'],
  ])('%s %s -> %s (kubeconform’s {{.ResourceKind}}{{.KindSuffix}})', (apiVersion, kind, file) => {
    expect(kubeconformFileName(apiVersion, kind)).toBe(file);
  });

  it('writes schemas only for the kinds kubeconform’s registry lacks (Argo CD, CRDs), not for core kinds', () => {
    const corpus = loadCorpus();
    const resources = ['valid-statefulset', 'valid-argocd-application', 'valid-crd-service-defaults'].flatMap((name) => parseCase(corpus.find((corpusCase) => corpusCase.name === name)!).resources);
    expect([...localSchemas(resources, loadCrdTypes([CRD_DIR])).keys()].sort()).toEqual(['application-argoproj-v1alpha1.json', 'servicedefaults-consul-v1alpha1.json']);
  });

  describe('the generated schemas give the offline verdict on every Argo CD and CRD case of the corpus (checked with ajv)', () => {
    const data = schemaData();
    const crds = loadCrdTypes([CRD_DIR]);
    const lookup = (name: string) => data.types[name] ?? crds.types[name];
    const ajv = new Ajv({ strict: false, allErrors: true });
    const compiled = new Map<string, ReturnType<Ajv['compile']>>();
    const validatorFor = (key: string, expression: string) => {
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(jsonSchemaFor(expression, lookup));
        compiled.set(key, validate);
      }
      return validate;
    };
    const cases = loadCorpus().filter((corpusCase) => /argocd|crd-/.test(corpusCase.name));
    it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', (_name, corpusCase) => {
      for (const resource of parseCase(corpusCase).resources) {
        const { apiVersion, kind } = resource.object as { apiVersion: string; kind: string };
        const key = gvkKey(apiVersion, kind);
        const expression = data.kinds[key] ? `ref:${data.kinds[key]}` : crds.kinds[key];
        const validate = validatorFor(key, expression!);
        const valid = validate(JSON.parse(JSON.stringify(resource.object)));
        expect(valid, JSON.stringify(validate.errors)).toBe(corpusCase.findings.length === 0);
      }
    });
  });
});
