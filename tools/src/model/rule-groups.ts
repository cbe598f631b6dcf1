/**
 * Rule groups, for `validate --rules`: `kubernetes` rules hold for any workload (hardening, references
 * between objects, API versions, secrets in git), `consul` rules are the datacenter's contract and see
 * only Consul objects (policies/consul-objects.ts). Every rule not listed as kubernetes is a Consul rule. A rule over
 * rendered objects or kustomization files says `group: 'kubernetes'` in its file, and the generated list carries it here.
 */
import { KUBERNETES_GROUP_RULE_IDS } from './generated-rule-ids.js';
import type { RuleId } from './rule.js';

export type RuleGroup = 'kubernetes' | 'consul';

export const RULE_SELECTIONS = ['all', 'kubernetes', 'consul', 'none'] as const;
export type RuleSelection = (typeof RULE_SELECTIONS)[number];

const KUBERNETES_RULES: ReadonlySet<string> = new Set<RuleId>(KUBERNETES_GROUP_RULE_IDS);

/** A rule's group; any id not listed as kubernetes (a finding's rule is plain text) is a Consul rule. */
export function ruleGroup(id: string): RuleGroup {
  return KUBERNETES_RULES.has(id) ? 'kubernetes' : 'consul';
}

/** Whether a selection runs the rules of a group. */
export function selects(selection: RuleSelection, group: RuleGroup): boolean {
  return selection === 'all' || selection === group;
}
