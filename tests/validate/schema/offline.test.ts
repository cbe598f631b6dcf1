/**
 * The offline engine (offline.ts) around the walk: what a finding carries (rule, severity, JSON path, dotted
 * path in the message, line, hint, origin), objects without apiVersion or kind, kinds without a schema, the
 * type names the messages use, the server's whole-object checks, and the notes of CRDs read in part.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../tools/src/model/finding.js';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { KUBERNETES_VERSION } from '../../../tools/src/validate/schema/catalog.js';
import type { CrdTypes } from '../../../tools/src/validate/schema/crd.js';
import { crdNoteFindings, dottedPath, offlineSchemaEngine } from '../../../tools/src/validate/schema/offline.js';
import { CRD_DIR } from './corpus.js';

const engine = offlineSchemaEngine();

async function validate(yaml: string, options: Parameters<typeof engine.validate>[1] = {}, input: object = {}): Promise<Finding[]> {
  return engine.validate(parseRendered({ yaml, file: 'case.yaml', ...input }).resources, options);
}

const short = (findings: Finding[]) =>
  findings.map(({ rule, severity, path, message, location }) => ({ rule, severity, path, message, line: location?.line }));

describe('dottedPath', () => {
  it.each([
    ['/spec/template/spec/containers/0/nam', 'spec.template.spec.containers[0].nam'],
    ['', ''],
    ['/0/a', '[0].a'],
    ['/a/12/b', 'a[12].b'],
    ['/a/1x', 'a.1x'],
    ['/a/x1', 'a.x1'],
    ['/metadata/annotations/a~1b~0c', 'metadata.annotations.a/b~c'],
  ])('%j -> %j', (pointer, dotted) => {
    expect(dottedPath(pointer)).toBe(dotted);
  });
});

describe('a schema finding', () => {
  it('says the rule, the field as a JSON path and in the message, its line, the resource, and how to fix it', async () => {
    const findings = await validate(
      '# leading comment\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: ns}\nspec:\n  serviceName: s\n  selector: {matchLabels: {a: b}}\n  replica: 3\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i}]\n',
    );
    expect(findings).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        message: 'spec.replica: unknown field (not in StatefulSetSpec); did you mean "replicas"?',
        hint: `fix the field at spec.replica (apps/v1 StatefulSet, Kubernetes ${KUBERNETES_VERSION})`,
        resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', namespace: 'ns' },
        path: '/spec/replica',
        location: { file: 'case.yaml', line: 9 },
      },
    ]);
  });

  it('a missing required field points at the mapping that lacks it; one at the top at the document', async () => {
    const findings = await validate(
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - image: i\n',
    );
    expect(short(findings)).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        path: '/spec/template/spec/containers/0/name',
        message: 'spec.template.spec.containers[0].name: required field missing (in Container)',
        line: 10,
      },
      {
        rule: 'schema',
        severity: 'error',
        path: '/spec/selector',
        message: 'spec.selector: required field missing (in StatefulSetSpec)',
        line: 4,
      },
    ]);
    const top = await validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n# a project\n\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\n',
    );
    expect(short(top)).toEqual([
      { rule: 'schema', severity: 'error', path: '/spec', message: 'spec: required field missing (in AppProject)', line: 7 },
    ]);
  });

  it('a problem of the whole object has no path, and its message is the problem alone', async () => {
    const findings = await validate(
      `\n\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: ${'x'.repeat(1024 * 1024 + 1)}\n`,
    );
    expect(findings).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        message: 'Too long: may not be more than 1048576 bytes',
        hint: `fix the field at  (v1 ConfigMap, Kubernetes ${KUBERNETES_VERSION})`,
        resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'big' },
        location: { file: 'case.yaml', line: 3 },
      },
    ]);
  });

  it('carries the origin of a rendered resource and the rendered mark of its location', async () => {
    const findings = await validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    config.kubernetes.io/origin: "path: base/config.yaml"\ndat: {}\n',
      {},
      { rendered: true, originRoot: '/repo/overlays/dev', repoRoot: '/repo' },
    );
    expect(findings).toMatchObject([
      { path: '/dat', location: { file: 'case.yaml', line: 7, rendered: true }, origin: { file: 'overlays/dev/base/config.yaml' } },
    ]);
  });

  it('names the types as people know them: Kubernetes, Argo CD and CRD types', async () => {
    const application =
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: app}\nspec:\n  project: default\n  destination: {server: https://kubernetes.default.svc}\n  sourc: {}\n';
    expect((await validate(application)).map((finding) => finding.message)).toEqual([
      'spec.sourc: unknown field (not in Application.spec); did you mean "source"?',
    ]);
    const defaults = 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\nmetadata: {name: web}\nspec:\n  protocl: http\n';
    expect((await validate(defaults, { schemaDirs: [CRD_DIR] })).map((finding) => finding.message)).toEqual([
      'spec.protocl: unknown field (not in ServiceDefaults.spec); did you mean "protocol"?',
    ]);
  });
});

describe('custom resources and resources built in memory', () => {
  it("checks a CRD property's keywords", async () => {
    const findings = await validate(
      'apiVersion: toys.example.org/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  protocol: udp\n  replicas: 10\n',
      {
        schemaDirs: [CRD_DIR],
      },
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'spec.protocol: must be one of "tcp", "http", "grpc", got string "udp"',
      'spec.replicas: must be at most 9, got 10',
    ]);
  });

  it('checks a resource without scalar sources (one built in memory, as the scale-step checks build them)', async () => {
    const resource: ParsedResource = {
      ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { on: 'on' } }, dat: {} },
      location: { file: 'overlays/dev', rendered: true },
      lineOf: () => undefined,
    };
    expect(short(await engine.validate([resource], {}))).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        path: '/dat',
        message: 'dat: unknown field (not in ConfigMap); did you mean "data"?',
        line: undefined,
      },
    ]);
  });
});

describe('objects the engine cannot look up', () => {
  it.each([
    ['no kind', 'apiVersion: v1\nmetadata: {name: a}\n', 'object without kind: Kubernetes cannot tell what it is'],
    ['no apiVersion', 'kind: ConfigMap\nmetadata: {name: a}\n', 'object without apiVersion: Kubernetes cannot tell what it is'],
    ['neither', 'metadata: {name: a}\n', 'object without apiVersion and kind: Kubernetes cannot tell what it is'],
    ['empty ones', 'apiVersion: ""\nkind: ""\n', 'object without apiVersion and kind: Kubernetes cannot tell what it is'],
    [
      'ones that are not strings',
      'apiVersion: 1\nkind: [ConfigMap]\n',
      'object without apiVersion and kind: Kubernetes cannot tell what it is',
    ],
  ])('%s: one finding at the document, and the next document is still checked', async (_name, yaml, message) => {
    const findings = await validate(`${yaml}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndat: {}\n`);
    expect(findings).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        message,
        hint: 'set apiVersion and kind',
        resource: expect.any(Object),
        location: { file: 'case.yaml', line: 1 },
      },
      expect.objectContaining({ path: '/dat', message: expect.stringMatching(/^dat: unknown field/) }),
    ]);
  });

  it('a kind without a schema: an error, or a warning with ignoreMissingSchemas; the next document is still checked', async () => {
    const yaml =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndat: {}\n';
    const missing = {
      rule: 'schema-missing',
      message: `no schema for example.com/v1 Widget (Kubernetes ${KUBERNETES_VERSION}, Argo CD, and the CRDs in the schema folders)`,
      hint: 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas',
      resource: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
      location: { file: 'case.yaml', line: 1 },
    };
    const [error, next] = await validate(yaml);
    expect(error).toEqual({ ...missing, severity: 'error' });
    expect(next).toMatchObject({ rule: 'schema', path: '/dat' });
    expect((await validate(yaml, { ignoreMissingSchemas: true }))[0]).toEqual({ ...missing, severity: 'warning' });
  });

  it('a known kind under an unknown apiVersion: the hint lists the versions Kubernetes serves', async () => {
    const [hpa] = await validate('apiVersion: autoscaling/v9\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n');
    expect(hpa?.hint).toBe('known versions of HorizontalPodAutoscaler: autoscaling/v1, autoscaling/v2');
    const [set] = await validate('apiVersion: apps/v9\nkind: Set\nmetadata: {name: s}\n');
    expect(set?.hint).toBe('add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas');
  });
});

describe("the server's checks of a whole object", () => {
  it('a field the walk refused is not refused a second time by them', async () => {
    const findings = await validate(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      restartPolicy: Sometimes\n      containers: [{name: c, image: i}]\n',
    );
    expect(short(findings)).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        path: '/spec/template/spec/restartPolicy',
        message: 'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
        line: 9,
      },
    ]);
  });

  it('check the names of custom and Argo CD kinds as DNS subdomains; a built-in kind without a ported format is not checked', async () => {
    const named = (head: string) => `${head}metadata: {name: Bad_Name}\n`;
    const messages = async (yaml: string, options = {}) => (await validate(yaml, options)).map((finding) => finding.message);
    expect(await messages(named('apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nspec: {}\n'))).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
    ]);
    expect(await messages(named('apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\n'), { schemaDirs: [CRD_DIR] })).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
    ]);
    expect(await messages(named('apiVersion: policy/v1\nkind: PodDisruptionBudget\n'))).toEqual([]);
  });
});

describe('notes of CRDs read in part or not at all', () => {
  const resource = (apiVersion: string, kind: string, name: string): ParsedResource => ({
    ref: { apiVersion, kind, name },
    object: { apiVersion, kind, metadata: { name } },
    location: { file: 'stream.yaml', line: 3 },
    lineOf: () => undefined,
  });
  const crds = (notes: CrdTypes['notes']): CrdTypes => ({ kinds: {}, types: {}, constraints: {}, notes });
  const resources = [
    resource('toys.example.org/v1', 'Sprocket', 'a'),
    resource('toys.example.org/v2', 'Gadget', 'b'),
    resource('v1', 'Sprocket', 'c'),
  ];

  it('a kind read in part: a warning on each resource of that group, version and kind', () => {
    const findings = crdNoteFindings(
      [...resources, resource('toys.example.org/v1', 'Sprocket', 'd')],
      crds([
        { kind: 'toys.example.org/v1/Sprocket', file: 'crds/s.yaml', line: 4, message: 'CustomResourceDefinition s: not checked: CEL' },
      ]),
    );
    expect(findings).toEqual(
      ['a', 'd'].map((name) => ({
        rule: 'schema-missing',
        severity: 'warning',
        message: 'CustomResourceDefinition s: not checked: CEL (crds/s.yaml:4)',
        hint: 'the API server checks what is named here at sync only; fix the CRD if the offline check should cover it',
        resource: { apiVersion: 'toys.example.org/v1', kind: 'Sprocket', name },
        location: { file: 'stream.yaml', line: 3 },
      })),
    );
  });

  it('an unreadable CRD of a known kind: one warning on the stream when a resource of its group and kind is there', () => {
    const note = { kind: 'toys.example.org/*/Gadget', file: 'crds/g.yaml', line: 2, message: 'CustomResourceDefinition g cannot be read' };
    const stream = {
      rule: 'schema-missing',
      severity: 'warning',
      message: 'CustomResourceDefinition g cannot be read',
      hint: 'fix the CustomResourceDefinition file, or remove it from the --schemas folder',
      location: { file: 'crds/g.yaml', line: 2 },
    };
    expect(crdNoteFindings(resources, crds([note]))).toEqual([stream]);
    expect(crdNoteFindings(resources, crds([{ ...note, kind: 'other.example.org/*/Gadget' }]))).toEqual([]);
    expect(crdNoteFindings(resources, crds([{ ...note, kind: 'toys.example.org/*/Widget' }]))).toEqual([]);
    expect(crdNoteFindings([resource('toys.example.org/v1', 'BigGadget', 'x')], crds([note]))).toEqual([]);
    expect(crdNoteFindings([resource('xtoys.example.org/v1', 'Gadget', 'x')], crds([note]))).toEqual([]);
  });

  it('a document that cannot be read at all: always one warning on the stream, even with no resources', () => {
    const note = { kind: '', file: 'crds/x.yaml', line: 7, message: 'a document in a schema folder cannot be read' };
    expect(crdNoteFindings([], crds([note]))).toEqual([
      {
        rule: 'schema-missing',
        severity: 'warning',
        message: 'a document in a schema folder cannot be read',
        hint: 'fix the CustomResourceDefinition file, or remove it from the --schemas folder',
        location: { file: 'crds/x.yaml', line: 7 },
      },
    ]);
  });

  it('through the engine: the CEL note of the corpus CRD warns on a Sprocket, before its schema findings', async () => {
    const findings = await validate('apiVersion: toys.example.org/v1\nkind: Sprocket\nmetadata: {name: s}\nspec: {min: 1, maxx: 2}\n', {
      schemaDirs: [CRD_DIR],
    });
    expect(findings.map(({ rule, severity, message }) => `${severity} ${rule}: ${message}`)).toEqual([
      expect.stringMatching(
        /^warning schema-missing: CustomResourceDefinition sprockets\.toys\.example\.org \(v1\): not checked: x-kubernetes-validations .*sprockets\.toys\.example\.org\.yaml:3\)$/,
      ),
      'error schema: spec.maxx: unknown field (not in Sprocket.spec); did you mean "max"?',
    ]);
  });
});
