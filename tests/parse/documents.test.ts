import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../tools/src/parse/documents.js';

const parse = (yaml: string) => parseRendered({ yaml, file: 'test.yaml' });

describe('parseRendered', () => {
  it('keeps the line of each document and of fields inside it', () => {
    const { resources, findings } = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  clusterIP: None\n');
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
    const { resources } = parse('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: b\n');
    expect(resources.map((resource) => `${resource.ref.kind}/${resource.ref.name}@${resource.location.line}`)).toEqual(['ConfigMap/a@4', 'Secret/b@8']);
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
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../base/config.yaml\n  name: a\n';
    const { resources } = parseRendered({ yaml, file: 'x', originRoot: '/repo/wrapper', repoRoot: '/repo' });
    expect(resources[0]?.origin).toEqual({ file: 'base/config.yaml' });
    expect(resources[0]?.object.metadata).toEqual({ name: 'a' });
  });
});
