import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import { createArgocdContext, type KustomizationTarget } from './context.js';
import { ARGOCD_RULES } from './rules/index.js';
import { violationFinding } from '../policies/rule.js';

/** Run the Argo CD cross-checks over argocd/'s rendered objects. Pure: objects and targets in, findings out. */
export function runArgocdRules(resources: readonly ParsedResource[], targets: ReadonlyMap<string, KustomizationTarget>, repositoryUrl?: string, rules = ARGOCD_RULES): Finding[] {
  const context = createArgocdContext(resources, targets, repositoryUrl);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const violation of rule.check(context)) findings.push(violationFinding(rule, violation));
  }
  return findings;
}
