/**
 * The rule ids of model/rule.ts (what spec, suppressions and diff check names against) and the catalog
 * of validate/ (where each rule's metadata sits beside its code) are one list: same ids, same order.
 */
import { describe, expect, it } from 'vitest';
import { ruleGroup } from '../../tools/src/model/rule-groups.js';
import { isRuleId, RULE_IDS } from '../../tools/src/model/rule.js';
import { DIFF_RULES } from '../../tools/src/diff/consul-impact.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { ARGOCD_RULES } from '../../tools/src/validate/argocd/rules.js';
import { KUSTOMIZATION_RULES } from '../../tools/src/validate/kustomization/rules.js';
import { POLICY_RULES } from '../../tools/src/validate/rules/index.js';
import { STAGE_RULES } from '../../tools/src/validate/stage-rules.js';

describe('rule ids and the catalog', () => {
  it('the catalog lists every rule id once, in the order of RULE_IDS', () => {
    expect(RULE_CATALOG.map((rule) => rule.id)).toEqual([...RULE_IDS]);
  });

  it('isRuleId knows the catalog ids and nothing else (case and spelling count)', () => {
    for (const rule of RULE_CATALOG) expect(isRuleId(rule.id)).toBe(true);
    for (const text of ['pdb-max-unavailabel', 'PDB-MAX-UNAVAILABLE', '', 'schema ']) expect(isRuleId(text)).toBe(false);
  });

  it('rule groups: the listed kubernetes rules, every other id (a finding names a plain string) is a Consul rule', () => {
    expect(ruleGroup('image-pinned')).toBe('kubernetes');
    expect(ruleGroup('kustomize-deprecated-field')).toBe('kubernetes');
    expect(ruleGroup('quorum-min-servers')).toBe('consul');
    expect(ruleGroup('not-a-rule')).toBe('consul');
  });

  it.each([
    ['stage', STAGE_RULES],
    ['diff', DIFF_RULES],
    ['argocd', ARGOCD_RULES],
    ['rendered', POLICY_RULES],
    ['kustomization', KUSTOMIZATION_RULES],
  ] as const)('the %s rules carry that scope, and the catalog shows them with it', (scope, rules) => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.scope, rule.id).toBe(scope);
      const { id, severity, summary, reason, fix } = rule;
      expect(RULE_CATALOG.find((entry) => entry.id === id)).toEqual({ id, scope, severity, summary, reason, fix });
    }
  });
});
