/** rbac-no-wildcard: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/rbac-no-wildcard/). */
import { describe, expect, it } from 'vitest';
import { rbacNoWildcard } from '../../../tools/src/validate/rules/rbac-no-wildcard.js';
import { found, object, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('rbac-no-wildcard', () => {
  const role = (kind: string, rules: Body[]) => object('rbac.authorization.k8s.io/v1', kind, 'r', { rules });
  const named = { apiGroups: [''], resources: ['services'], verbs: ['get'] };

  it.each([
    ['apiGroups', { ...named, apiGroups: ['*'] }, '["*"]'],
    ['resources', { ...named, resources: ['services', '*'] }, '["services","*"]'],
    ['resources', { ...named, resources: ['pods/*'] }, '["pods/*"]'],
    ['verbs', { ...named, verbs: ['*'] }, '["*"]'],
    ['nonResourceURLs', { verbs: ['get'], nonResourceURLs: ['*'] }, '["*"]'],
  ])('a wildcard in %s (%s)', (field, rule, values) => {
    for (const kind of ['Role', 'ClusterRole']) {
      expect(found(rbacNoWildcard, [role(kind, [named, rule])])).toEqual([
        { severity: 'error', at: `${kind}/r /rules/1/${field}`, message: `${kind} r rule 1 grants ${field} ${values}: name them` },
      ]);
    }
  });

  it('named resources, subresources and URLs pass; other kinds are not read', () => {
    expect(
      found(rbacNoWildcard, [
        role('ClusterRole', [named, { ...named, resources: ['pods/log', 'pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz/*'] }]),
      ]),
    ).toEqual([]);
    expect(found(rbacNoWildcard, [object('v1', 'ConfigMap', 'r', { rules: [{ verbs: ['*'] }] })])).toEqual([]);
  });

  it('a wildcard in resources of the form pods/* is only a wildcard in resources', () => {
    expect(found(rbacNoWildcard, [role('Role', [{ ...named, verbs: ['get/*'], apiGroups: ['x/*'] }])])).toEqual([]);
  });
});

describeRuleFixtures('rbac-no-wildcard');
