import { POLICY_RULES } from './policies/catalog.js';
import type { RuleInfo } from '../model/rule.js';
import { STAGE_RULES } from './stage-rules.js';

/** Every rule the tools can emit, stage findings first, then policy rules in report order. */
export const RULE_CATALOG: readonly RuleInfo[] = [
  ...STAGE_RULES,
  ...POLICY_RULES.map(({ id, severity, summary, reason, fix }) => ({ id, severity, summary, reason, fix })),
];
