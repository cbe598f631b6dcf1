/**
 * kubeconform's report mapped to findings, without kubeconform: its `-output json` entries (valid, skipped, a missing
 * schema, validation errors, a file it was not given) to findings at the offending field and line, and the pure helpers
 * (path resolution, message expansion). tests/validate/schema/kubeconform.test.ts runs the real kubeconform.
 */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { KUBERNETES_VERSION } from '../../../tools/src/validate/schema/catalog.js';
import {
  expandValidationError,
  kubeconformInputFiles,
  kubeconformPointer,
  mapKubeconformOutput,
  type KubeconformResult,
} from '../../../tools/src/validate/schema/kubeconform-report.js';

const { resources } = parseRendered({
  yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  k: v
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: consul-server
spec:
  replica: 3
  template:
    spec:
      containers:
        - image: consul
`,
  file: 'input.yaml',
});

/** The findings of a report with these entries, as rule, severity, resource, path, line and message. */
const mapped = (entries: KubeconformResult[], ignoreMissingSchemas = false) =>
  mapKubeconformOutput(JSON.stringify({ resources: entries }), resources, { ignoreMissingSchemas }).map((finding) => ({
    rule: finding.rule,
    severity: finding.severity,
    resource: `${finding.resource?.kind}/${finding.resource?.name}`,
    path: finding.path,
    line: finding.location?.line,
    message: finding.message,
    hint: finding.hint,
  }));
const STS = { filename: '/tmp/in/000001.json', kind: 'StatefulSet', name: 'consul-server', version: 'apps/v1' };

describe('kubeconform report to findings', () => {
  it('names the input files by index, one JSON object each', () => {
    expect([...kubeconformInputFiles(resources).entries()]).toEqual([
      ['000000.json', JSON.stringify(resources[0]!.object)],
      ['000001.json', JSON.stringify(resources[1]!.object)],
    ]);
  });

  it('makes nothing of valid and empty entries, nor of a report without resources', () => {
    expect(mapped([{ ...STS, status: 'statusValid' }, { status: 'statusEmpty' }])).toEqual([]);
    expect(mapKubeconformOutput('{}', resources, {})).toEqual([]);
  });

  it('maps validation errors to the offending field of the resource its file names, at its line', () => {
    expect(
      mapped([
        {
          ...STS,
          status: 'statusInvalid',
          validationErrors: [
            { path: '/spec', msg: "additional properties 'replica' not allowed" },
            { path: '/spec/template/spec/containers/0', msg: "missing property 'name'" },
          ],
        },
      ]),
    ).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        resource: 'StatefulSet/consul-server',
        path: '/spec/replica',
        line: 13,
        message: "spec.replica: unknown field (kubeconform: additional properties 'replica' not allowed)",
        hint: `fix the field at spec.replica (apps/v1 StatefulSet, Kubernetes ${KUBERNETES_VERSION})`,
      },
      {
        rule: 'schema',
        severity: 'error',
        resource: 'StatefulSet/consul-server',
        path: '/spec/template/spec/containers/0/name',
        line: 17,
        message: "spec.template.spec.containers[0].name: required field missing (kubeconform: missing property 'name')",
        hint: `fix the field at spec.template.spec.containers[0].name (apps/v1 StatefulSet, Kubernetes ${KUBERNETES_VERSION})`,
      },
    ]);
  });

  it('an invalid entry without validation errors is one finding on the object, with its message or "invalid"', () => {
    expect(
      mapped([
        { ...STS, status: 'statusInvalid', msg: 'bad object' },
        { ...STS, status: 'statusError', validationErrors: [] },
      ]),
    ).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        resource: 'StatefulSet/consul-server',
        path: undefined,
        line: 8,
        message: 'bad object',
        hint: 'fix the object (apps/v1 StatefulSet)',
      },
      {
        rule: 'schema',
        severity: 'error',
        resource: 'StatefulSet/consul-server',
        path: undefined,
        line: 8,
        message: 'invalid',
        hint: 'fix the object (apps/v1 StatefulSet)',
      },
    ]);
    expect(
      mapped([{ ...STS, status: 'statusInvalid', validationErrors: [{ path: '/spec/replica' }] }]).map((finding) => finding.message),
    ).toEqual(['spec.replica: invalid']);
  });

  it('an invalid entry is a schema finding even when its message mentions a schema it could not find', () => {
    expect(
      mapped([{ ...STS, status: 'statusInvalid', msg: 'could not find schema for x', validationErrors: [{ path: '/spec/replica' }] }]).map(
        (finding) => `${finding.rule} ${finding.path} ${finding.message}`,
      ),
    ).toEqual(['schema /spec/replica spec.replica: invalid']);
  });

  it('a missing schema is schema-missing: an error, a warning with --ignore-missing-schemas, and a warning when skipped', () => {
    const missing = { ...STS, status: 'statusError', msg: 'could not find schema for StatefulSet' };
    const hint = 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
    expect(mapped([missing])).toEqual([
      {
        rule: 'schema-missing',
        severity: 'error',
        resource: 'StatefulSet/consul-server',
        path: undefined,
        line: 8,
        message: 'no schema for apps/v1 StatefulSet (kubeconform: could not find schema for StatefulSet)',
        hint,
      },
    ]);
    expect(mapped([missing], true).map((finding) => finding.severity)).toEqual(['warning']);
    expect(mapped([{ ...STS, status: 'statusSkipped' }])).toEqual([
      {
        rule: 'schema-missing',
        severity: 'warning',
        resource: 'StatefulSet/consul-server',
        path: undefined,
        line: 8,
        message: 'no schema for apps/v1 StatefulSet (kubeconform skipped it)',
        hint,
      },
    ]);
  });

  it('an entry for a file it was not given names kubeconform’s kind and name, or "(unknown)", without a location', () => {
    const findings = mapKubeconformOutput(
      JSON.stringify({
        resources: [
          {
            filename: '/tmp/in/000009.json',
            kind: 'Widget',
            name: 'w',
            status: 'statusInvalid',
            validationErrors: [{ path: '/spec/x', msg: 'got string, want integer' }],
          },
          { status: 'statusError', msg: 'could not find schema for it' },
        ],
      }),
      resources,
      {},
    );
    expect(findings).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        message: 'spec.x: got string, want integer',
        hint: `fix the field at spec.x (Widget, Kubernetes ${KUBERNETES_VERSION})`,
        resource: { kind: 'Widget', name: 'w' },
        path: '/spec/x',
      },
      {
        rule: 'schema-missing',
        severity: 'error',
        message: 'no schema for  (kubeconform: could not find schema for it)',
        hint: 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas',
        resource: { kind: '(unknown)', name: '(unknown)' },
      },
    ]);
  });

  it('keeps the first 200 characters of output that is not JSON', () => {
    const [finding] = mapKubeconformOutput(`x${'y'.repeat(300)}`, resources, {});
    expect(finding).toEqual({
      rule: 'schema',
      severity: 'error',
      message: `kubeconform printed no JSON report: x${'y'.repeat(199)}`,
      hint: 'run kubeconform by hand on the render, or use --schema-backend offline',
    });
  });
});

describe('mapping helpers', () => {
  it('output that is not JSON is one clear finding, not a crash', () => {
    const [finding] = mapKubeconformOutput('panic: runtime error', resources, {});
    expect(finding).toMatchObject({ rule: 'schema', severity: 'error' });
    expect(finding?.message).toMatch(/kubeconform printed no JSON report: panic: runtime error/);
  });

  it.each([
    [
      'a key with a slash is one key',
      { metadata: { annotations: { 'consul.hashicorp.com/connect-inject': false } } },
      '/metadata/annotations/consul.hashicorp.com/connect-inject',
      '/metadata/annotations/consul.hashicorp.com~1connect-inject',
    ],
    [
      'list indexes and nested keys',
      { spec: { ports: [{ port: 1 }, { targetport: 2 }] } },
      '/spec/ports/1/targetport',
      '/spec/ports/1/targetport',
    ],
    ['the root', { kind: 'X' }, '', ''],
    ['a path that does not resolve keeps its segments', { spec: {} }, '/spec/a/b', '/spec/a/b'],
    ['no path is the root', { kind: 'X' }, undefined, ''],
    ['a path without its leading slash', { spec: { replica: 3 } }, 'spec/replica', '/spec/replica'],
    ['an empty key is a key', { data: { '': 'v' } }, '/data/', '/data/'],
    ['a path through null keeps its segments', { spec: null }, '/spec/x', '/spec/x'],
    ['a key the object does not have is not found through an empty key', { '': { x: 1 } }, '/x', '/x'],
  ])('kubeconform path -> JSON pointer: %s', (_behaviour, object, path, pointer) => {
    expect(kubeconformPointer(object, path)).toBe(pointer);
  });

  it.each([
    ['/spec', "additional properties 'replica', 'size' not allowed", ['/spec/replica', '/spec/size']],
    ['/metadata/annotations', "additional properties 'a/b' not allowed", ['/metadata/annotations/a~1b']],
    ['', "missing properties 'apiVersion', 'kind'", ['/apiVersion', '/kind']],
    ['/spec/template/spec/containers/0', "missing property 'name'", ['/spec/template/spec/containers/0/name']],
    ['/spec/replicas', 'got string, want null or integer', ['/spec/replicas']],
    ['/spec', "additionalProperties 'replica' not allowed", ['/spec/replica']],
    ['/spec', "additional properties 'replica' not allowed, see the docs", ['/spec']],
    ['/spec', "the additional properties 'replica' not allowed", ['/spec']],
    ['/spec', "the missing property 'name'", ['/spec']],
    ['/spec', "missing property 'name'\nand 'other'", ['/spec']],
  ])('at %j, "%s" -> %j', (parent, message, pointers) => {
    expect(expandValidationError(parent, message).map((problem) => problem.pointer)).toEqual(pointers);
  });
});
