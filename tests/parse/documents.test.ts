import { describe, expect, it } from 'vitest';
import { parseRendered, splitDocuments, streamValuesOf } from '../../tools/src/parse/documents.js';

const parse = (yaml: string) => parseRendered({ yaml, file: 'test.yaml' });

describe('parseRendered', () => {
  it('keeps the line of each document and of fields inside it', () => {
    const { resources, findings } = parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  clusterIP: None\n',
    );
    expect(findings).toEqual([]);
    expect(resources.map((resource) => [resource.ref.kind, resource.ref.name, resource.location.line])).toEqual([
      ['ConfigMap', 'a', 1],
      ['Service', 'b', 6],
    ]);
    expect(resources[1]?.lineOf('/spec/clusterIP')).toBe(11);
    expect(resources[1]?.lineOf('/spec/missing')).toBeUndefined();
  });

  it('skips empty documents', () => {
    expect(parse('---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n').resources).toHaveLength(1);
  });

  it('expands List objects, with item positions', () => {
    const { resources } = parse(
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: b\n',
    );
    expect(resources.map((resource) => `${resource.ref.kind}/${resource.ref.name}@${resource.location.line}`)).toEqual([
      'ConfigMap/a@4',
      'Secret/b@8',
    ]);
    expect(resources[1]?.lineOf('/metadata/name')).toBe(11);
  });

  it('reports duplicate keys in one mapping as yaml-parse with the line', () => {
    const { findings, resources } = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
    expect(resources).toEqual([]);
    expect(findings).toMatchObject([{ rule: 'yaml-parse', severity: 'error', location: { file: 'test.yaml', line: 5 } }]);
    expect(findings[0]?.message).toMatch(/duplicate key/);
  });

  it('reports malformed YAML and non-mapping documents', () => {
    expect(parse('a: [1, 2\n').findings[0]?.rule).toBe('yaml-parse');
    expect(parse('- just\n- a list\n').findings[0]?.message).toMatch(/not a mapping/);
  });

  it('reads and strips kustomize origin annotations', () => {
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../base/config.yaml\n  name: a\n';
    const { resources } = parseRendered({ yaml, file: 'x', originRoot: '/repo/wrapper', repoRoot: '/repo' });
    expect(resources[0]?.origin).toEqual({ file: 'base/config.yaml' });
    expect(resources[0]?.object.metadata).toEqual({ name: 'a' });
  });
});

describe('a render is marked as one (SourceLocation.rendered), the file as given', () => {
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n- not a mapping\n---\na: [1\n';
  it('a rendered stream: every resource and finding location says rendered, on both parse paths', () => {
    const { resources, findings } = parseRendered({ yaml, file: 'overlays/prod', rendered: true });
    expect(resources.map((resource) => resource.location)).toEqual([{ file: 'overlays/prod', line: 1, rendered: true }]);
    expect(findings.map((finding) => finding.location?.rendered)).toEqual([true, true]);
    expect(findings.every((finding) => finding.location?.file === 'overlays/prod')).toBe(true);
    const control = parseRendered({ yaml: 'a: "\u0001"\n', file: 'overlays/prod', rendered: true }).findings[0];
    expect(control?.location).toEqual({ file: 'overlays/prod', line: 1, col: 5, rendered: true });
  });

  it('a file on disk: no rendered flag', () => {
    const { resources, findings } = parseRendered({ yaml, file: 'manifests/a.yaml' });
    expect(resources[0]?.location).toEqual({ file: 'manifests/a.yaml', line: 1 });
    expect(findings.some((finding) => finding.location && 'rendered' in finding.location)).toBe(false);
  });
});

describe('parseRendered under hostile YAML', () => {
  const configMap = (extra: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: consul-config\n${extra}`;

  it('a document with more than 100 aliases (one anchor used 150 times) is read, not an internal error', () => {
    const data = Array.from({ length: 150 }, (_, index) => `  key${index}: *shared`).join('\n');
    const { resources, findings } = parseRendered({
      yaml: configMap(`shared: &shared "value"\ndata:\n${data}\n`),
      file: 'many-aliases.yaml',
    });
    expect(findings).toEqual([]);
    expect((resources[0]?.object.data as Record<string, string>).key149).toBe('value');
  });

  it('an alias bomb is a yaml-parse finding at its document, and the next document is still read', () => {
    let bomb = 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let level = 1; level < 9; level++)
      bomb += `x${level}: &x${level} [${Array(10)
        .fill(`*x${level - 1}`)
        .join(', ')}]\n`;
    const yaml = `${configMap(bomb)}---\n${configMap('data: { a: b }\n').replace('consul-config', 'consul-other')}`;
    const { resources, findings } = parseRendered({ yaml, file: 'bomb.yaml' });
    expect(findings).toEqual([
      {
        rule: 'yaml-parse',
        severity: 'error',
        message: 'too many YAML alias expansions (more than 10000: an alias bomb, or anchors nested in anchors)',
        hint: 'write the values out, or use fewer aliases of aliases',
        location: { file: 'bomb.yaml', line: 1 },
      },
    ]);
    expect(resources.map((resource) => resource.ref.name)).toEqual(['consul-other']);
  });

  it('a document 4,000 levels deep is one "too deep" finding at its line, not "invalid YAML" once per level', () => {
    let deep = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n';
    for (let depth = 0; depth < 4000; depth++) deep += `${' '.repeat(depth + 2)}k:\n`;
    const { findings } = parseRendered({ yaml: deep, file: 'deep-crd.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'yaml-parse',
      severity: 'error',
      message: 'nested too deep to read (too deep): flatten the document',
      location: { file: 'deep-crd.yaml' },
    });
    expect(findings[0]?.location?.line).toBeGreaterThan(3);
  });
});

describe('parseRendered, one behaviour each', () => {
  const ORIGIN = (value: string, extra = '') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    config.kubernetes.io/origin: ${value}\n${extra}`;

  it('the origin annotation is removed with or without an origin root; other annotations stay', () => {
    const kept = parseRendered({ yaml: ORIGIN("'path: x.yaml'", '    team: a\n'), file: 'f', originRoot: '/r/w', repoRoot: '/r' });
    expect(kept.resources[0]?.object.metadata).toEqual({ name: 'a', annotations: { team: 'a' } });
    expect(kept.resources[0]?.origin).toEqual({ file: 'w/x.yaml' });
    const bare = parseRendered({ yaml: ORIGIN("'path: x.yaml'"), file: 'f' });
    expect(bare.resources[0]?.object.metadata).toEqual({ name: 'a' });
    expect(bare.resources[0]).not.toHaveProperty('origin');
  });

  it('the origin path is read from its own line of the annotation, relative to the working directory without a repository root', () => {
    const yaml = ORIGIN(
      '|\n      repo: https://example.com/r.git\n      xpath: not/this.yaml\n      path:   ../base/c.yaml  \n      ref: v1',
    );
    expect(parseRendered({ yaml, file: 'f', originRoot: '/r/w', repoRoot: '/r' }).resources[0]?.origin).toEqual({ file: 'base/c.yaml' });
    const cwd = process.cwd();
    expect(parseRendered({ yaml, file: 'f', originRoot: `${cwd}/w` }).resources[0]?.origin).toEqual({ file: 'base/c.yaml' });
  });

  it.each([
    ['an origin that is not text', ORIGIN('{path: x.yaml}')],
    ['an origin without a path line', ORIGIN("'repo: x'")],
    ['an origin whose path is blank', ORIGIN("'path:  '")],
  ])('no origin file for %s', (_name, yaml) => {
    const [resource] = parseRendered({ yaml, file: 'f', originRoot: '/r/w', repoRoot: '/r' }).resources;
    expect(resource).toBeDefined();
    expect(resource).not.toHaveProperty('origin');
    expect(resource?.object.metadata).toEqual({ name: 'a' });
  });

  it('a document without apiVersion, kind or name is named as such; a namespace is kept, an empty one is not', () => {
    const { resources } = parse('metadata:\n  namespace: n\n---\nkind: 3\nmetadata: {name: 4, namespace: ""}\n---\nmetadata: x\n');
    expect(resources.map((resource) => resource.ref)).toEqual([
      { kind: '(no kind)', name: '(no name)', namespace: 'n' },
      { kind: '(no kind)', name: '(no name)' },
      { kind: '(no kind)', name: '(no name)' },
    ]);
  });

  it('a document keeps its own text as its source, on both paths; a List item has none', () => {
    const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a';
    const second = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: b}\n';
    const { resources } = parse(`${first}\n---\n${second}`);
    expect(resources.map((resource) => resource.source?.())).toEqual([first, `---\n${second}`]);
    const list = parse('apiVersion: v1\nkind: List\nitems:\n- {kind: A, metadata: {name: a}}\n').resources;
    expect(list[0] && 'source' in list[0]).toBe(false);
  });

  it('a List item that is not an object is a finding at its line; a List without items is one object', () => {
    const { resources, findings } = parse('apiVersion: v1\nkind: List\nitems:\n- {kind: A, metadata: {name: a}}\n- 3\n');
    expect(resources.map((resource) => resource.ref.name)).toEqual(['a']);
    expect(findings).toEqual([
      { rule: 'yaml-parse', severity: 'error', message: 'List item /items/1 is not an object', location: { file: 'test.yaml', line: 5 } },
    ]);
    expect(parse('apiVersion: v1\nkind: ConfigMapList\nmetadata: {name: l}\n').resources.map((resource) => resource.ref)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMapList', name: 'l' },
    ]);
  });

  it('an alias before its anchor, and a document too deep, each get their own hint', () => {
    expect(parse('a: *x\n').findings).toEqual([
      {
        rule: 'yaml-parse',
        severity: 'error',
        message: expect.stringMatching(/^undefined alias \*x/),
        hint: 'define the anchor before the alias',
        location: { file: 'test.yaml', line: 1 },
      },
    ]);
    expect(parse(`${'['.repeat(4000)}${']'.repeat(4000)}\n`).findings.map((finding) => finding.hint)).toEqual([
      'no Kubernetes object needs this depth: flatten it, or remove the document',
    ]);
    expect(parse('a: [1\n').findings.map((finding) => finding.hint)).toEqual(['fix the YAML syntax at this line']);
  });

  it('lines and scalar sources of a later document count from the start of the stream, on the positional path too', () => {
    const yaml = 'kind: A\nmetadata: {name: a}\n---\n# c\nkind: B\nmetadata: &m\n  name: "b"\n---\nkind: C\nmetadata:\n  name: c\n';
    const [a, b, c] = parse(yaml).resources;
    expect([a?.location.line, b?.location.line, c?.location.line]).toEqual([1, 5, 9]);
    expect([b?.lineOf('/metadata/name'), c?.lineOf('/metadata/name'), c?.lineOf('/metadata/nope')]).toEqual([7, 11, undefined]);
    expect(b?.scalarAt?.('/metadata/name')).toEqual({ plain: false, text: 'b' });
    expect(c?.scalarAt?.('/metadata/name')).toEqual({ plain: true, text: 'c' });
    expect(c?.scalarAt?.('/metadata')).toBeUndefined();
  });

  it('values read beforehand (streamValuesOf) give the same resources; values that do not line up with the documents are read again', () => {
    const yaml = 'kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n';
    const values = streamValuesOf(yaml);
    expect(values).toEqual([
      { kind: 'A', metadata: { name: 'a' } },
      { kind: 'B', metadata: { name: 'b' } },
    ]);
    const names = (input: Parameters<typeof parseRendered>[0]) => parseRendered(input).resources.map((resource) => resource.ref.name);
    expect(names({ yaml, file: 'f', values })).toEqual(['a', 'b']);
    expect(names({ yaml, file: 'f', values: [{ kind: 'X', metadata: { name: 'x' } }] })).toEqual(['a', 'b']);
    // the fast path takes a value it is given for its document as it is
    expect(names({ yaml, file: 'f', values: [{ kind: 'X', metadata: { name: 'x' } }, null] })).toEqual(['x']);
  });
});

describe('streamValuesOf and splitDocuments', () => {
  it('a document that reads as null keeps the later documents at their own lines', () => {
    const yaml = 'kind: A\nmetadata: {name: a}\n---\nnull\n---\nkind: B\nmetadata: {name: b}\n';
    expect(parse(yaml).resources.map((resource) => [resource.ref.kind, resource.location.line])).toEqual([
      ['A', 1],
      ['B', 6],
    ]);
  });

  it.each([
    ['a directive', '%YAML 1.2\n---\na: 1\n', undefined],
    ['an anchor or alias', 'a: &x 1\nb: *x\n', undefined],
    ['a syntax error', 'a: [1\n', undefined],
    ['empty documents as null, content in order', '---\n# c\n---\na: 1\n...\n---\nb: 2\n', [null, { a: 1 }, { b: 2 }]],
    ['a text with no document: one empty cut', '', [null]],
  ])('%s', (_name, yaml, expected) => {
    expect(streamValuesOf(yaml)).toEqual(expected);
  });

  it('--- and ... are markers only alone or before a blank; an empty cut is no document', () => {
    expect(splitDocuments('a: ---x\n---x: 1\n...y: 2\n--- \nb: 1\n...\t\n...\n')).toEqual([
      { text: 'a: ---x\n---x: 1\n...y: 2', line: 1 },
      { text: '--- \nb: 1', line: 4 },
      { text: '', line: 8 },
    ]);
    expect(splitDocuments('---\n---\n')).toEqual([
      { text: '---', line: 1 },
      { text: '---\n', line: 2 },
    ]);
  });
});
