import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../tools/src/parse/documents.js';

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
