import { DIFF_RULES } from './diff/consul-impact.js';
import { RULE_IDS, type RuleInfo } from './model/rule.js';
import { ARGOCD_RULES } from './validate/argocd/rules/index.js';
import { KUSTOMIZATION_RULES } from './validate/kustomization/rules/index.js';
import { POLICY_RULES } from './validate/rules/index.js';
import { STAGE_RULES } from './validate/stage-rules.js';

const info = ({ id, scope, severity, summary, reason, fix }: RuleInfo): RuleInfo => ({ id, scope, severity, summary, reason, fix });
const rank = (rule: RuleInfo): number => RULE_IDS.indexOf(rule.id);

/**
 * Every rule the tools can emit, in the order of RULE_IDS (stage and diff findings, Argo CD cross-checks,
 * then the rules over rendered objects and kustomization files): what the rules reference (docs/rules.md), `consul-gitops
 * rules` and SARIF show. Each rule's metadata sits beside its code (validate/, diff/); this only collects it,
 * above both.
 */
export const RULE_CATALOG: readonly RuleInfo[] = [...STAGE_RULES, ...DIFF_RULES, ...ARGOCD_RULES, ...POLICY_RULES, ...KUSTOMIZATION_RULES]
  .map(info)
  .sort((a, b) => rank(a) - rank(b));
