/**
 * The runner dispatches rendered rules by kind: a rule that names its kinds runs only when the overlay
 * renders one of them, and its context's `resources` holds only those, while lookups by kind (find, all)
 * still see every object. Rules without kinds see everything.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { POLICY_RULES } from '../../../tools/src/validate/rules/index.js';
import type { RenderedRule } from '../../../tools/src/validate/policies/rule.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';

function resource(kind: string, name: string, body: Record<string, unknown> = {}): ParsedResource {
  const apiVersion = kind.endsWith('Role') ? 'rbac.authorization.k8s.io/v1' : kind === 'ConfigMap' ? 'v1' : 'apps/v1';
  const object = { apiVersion, kind, metadata: { name }, ...body };
  return { ref: { apiVersion, kind, name }, object, location: { file: 'x.yaml', line: 1 }, lineOf: () => undefined };
}

/** A probe rule that reports what its context showed it, one violation per object it iterated. */
function probe(kinds?: readonly string[]): RenderedRule {
  return {
    id: 'rbac-no-wildcard',
    scope: 'rendered',
    ...(kinds ? { kinds } : {}),
    severity: 'error',
    summary: 'probe',
    reason: 'probe',
    fix: 'probe',
    check: (context) =>
      context.resources.map((object) => ({
        message: `${object.ref.kind}/${object.ref.name} (all ConfigMaps: ${context.all('ConfigMap').length})`,
      })),
  };
}

const objects = [
  resource('ConfigMap', 'settings'),
  resource('Role', 'reader'),
  resource('Deployment', 'web'),
  resource('ClusterRole', 'admin'),
];

describe('rendered rules and their kinds', () => {
  it('a rule with kinds iterates only objects of those kinds, in render order; lookups by kind still see the rest', () => {
    const messages = runPolicies(objects, undefined, [probe(['Role', 'ClusterRole'])]).map((finding) => finding.message);
    expect(messages).toEqual(['Role/reader (all ConfigMaps: 1)', 'ClusterRole/admin (all ConfigMaps: 1)']);
  });

  it('a rule with kinds the overlay does not render does not run', () => {
    let ran = false;
    const rule: RenderedRule = { ...probe(['PodDisruptionBudget']), check: () => ((ran = true), []) };
    expect(runPolicies(objects, undefined, [rule])).toEqual([]);
    expect(ran).toBe(false);
  });

  it('a rule without kinds sees every object', () => {
    const seen = runPolicies(objects, undefined, [probe()]).map((finding) => finding.message.split(' ')[0]);
    expect(seen).toEqual(['ConfigMap/settings', 'Role/reader', 'Deployment/web', 'ClusterRole/admin']);
  });

  it('rbac-no-wildcard (kinds Role and ClusterRole) reports both kinds and nothing else', () => {
    const wildcard = { rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] };
    const rbac = POLICY_RULES.filter((rule) => rule.id === 'rbac-no-wildcard');
    expect(rbac[0]?.kinds).toEqual(['Role', 'ClusterRole']);
    const objects = [resource('ConfigMap', 'c', wildcard), resource('Role', 'r', wildcard), resource('ClusterRole', 'cr', wildcard)];
    const found = runPolicies(objects, undefined, rbac).map(
      (finding) => `${finding.resource?.kind}/${finding.resource?.name} ${finding.path}`,
    );
    expect(found).toEqual(['Role/r /rules/0/resources', 'ClusterRole/cr /rules/0/resources']);
  });

  it('every kind a rule names is a kind, and rules that name kinds list them once', () => {
    for (const rule of POLICY_RULES.filter((candidate) => candidate.kinds)) {
      expect(new Set(rule.kinds).size, rule.id).toBe(rule.kinds?.length);
      for (const kind of rule.kinds ?? []) expect(kind, rule.id).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });
});
