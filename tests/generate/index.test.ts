/** generate(): the whole tree in memory, for a spec of the test's own. */
import { describe, expect, it } from 'vitest';
import { generate } from '../../tools/src/generate/index.js';
import { SAME_AS_BASE, specOf } from './spec-fixture.js';

const risk = {
  rule: 'pdb-max-unavailable',
  kind: 'PodDisruptionBudget',
  name: 'consul-server',
  severity: 'warning',
  reason: 'drains stay possible here',
};
const spec = specOf({
  west: { ...SAME_AS_BASE, namespace: 'consul-west', datacenter: 'dc-west', acceptedRisks: [risk] },
  east: { ...SAME_AS_BASE, namespace: 'consul-east', datacenter: 'dc-east' },
});

describe('generate', () => {
  it('writes base/, each overlay, argocd/ and the schema, sorted by path', () => {
    const tree = generate(spec);
    const paths = [...tree.keys()];
    expect(paths).toEqual([...paths].sort((a, b) => a.localeCompare(b)));
    expect(paths).toContain('environments.schema.json');
    expect(paths).toContain('base/kustomization.yaml');
    expect(paths).toContain('base/server-statefulset.yaml');
    expect(paths).toContain('argocd/applications/east.yaml');
    expect(paths).toContain('argocd/applications/west.yaml');
    expect(paths.filter((path) => path.endsWith('/kustomization.yaml'))).toEqual([
      'argocd/kustomization.yaml',
      'base/kustomization.yaml',
      'overlays/east/kustomization.yaml',
      'overlays/west/kustomization.yaml',
    ]);
  });

  it("matches an environment's accepted risks against base/'s objects", () => {
    const tree = generate(spec);
    expect(tree.get('overlays/west/accepted-risk-poddisruptionbudget-consul-server.yaml')).toContain('pdb-max-unavailable');
    expect([...tree.keys()].filter((path) => path.includes('accepted-risk'))).toHaveLength(1);
  });

  it('includes local/ only in the overlays of the environments named', () => {
    const tree = generate(spec, { localComponents: new Set(['east']) });
    expect(tree.get('overlays/east/kustomization.yaml')).toMatch(/^components:\n {2}- local$/m);
    expect(tree.get('overlays/west/kustomization.yaml')).not.toContain('components:');
    expect(generate(spec).get('overlays/east/kustomization.yaml')).not.toContain('components:');
  });
});
