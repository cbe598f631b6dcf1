import type { Finding, Severity } from '../../model/finding.js';
import { ruleGroup, selects, type RuleGroup, type RuleSelection } from '../../model/rule-groups.js';
import type { ParsedResource } from '../../parse/resource.js';
import { severityOverrides } from '../../spec/severity.js';
import type { Spec } from '../../spec/types.js';
import { POLICY_RULES } from './catalog.js';
import { isConsulObject } from './consul-objects.js';
import { createContext, type PolicyContext } from './context.js';
import type { Rule, Violation } from './rule.js';

export interface PolicyOptions {
  /** The rule groups to run (`validate --rules`); all by default. */
  selection?: RuleSelection;
}

/**
 * Run every rule over one overlay's resources. Pure: objects and spec in, findings out. Kubernetes rules
 * see every object; Consul rules see only the Consul objects, and do not run when there are none.
 */
export function runPolicies(resources: readonly ParsedResource[], spec: Spec | undefined, rules: readonly Rule[] = POLICY_RULES, options: PolicyOptions = {}): Finding[] {
  const environments = spec?.environments ?? [];
  const everything = createContext(resources, environments);
  const consulResources = resources.filter(isConsulObject);
  const contexts: Record<RuleGroup, PolicyContext | undefined> = {
    kubernetes: everything,
    consul: consulResources.length === 0 ? undefined : consulResources.length === resources.length ? everything : createContext(consulResources, environments),
  };
  const overrides = severityOverrides(spec, everything.environmentName);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const group = ruleGroup(rule.id);
    const context = contexts[group];
    if (!context || !selects(options.selection ?? 'all', group)) continue;
    const override = overrides[rule.id];
    if (override === 'off') continue;
    for (const violation of rule.check(context)) findings.push(violationFinding(rule, violation, override));
  }
  return findings;
}

/** One violation as a finding: the rule adds its id, severity and fix; the resource adds its locations. */
export function violationFinding(rule: Pick<Rule, 'id' | 'severity' | 'fix'>, violation: Violation, override?: Severity): Finding {
  const resource = violation.resource;
  const valueLine = resource && violation.path ? resource.lineOf(violation.path) : undefined;
  // A block scalar's first content line follows its key's line.
  const line = valueLine !== undefined && violation.embeddedLine !== undefined ? valueLine + violation.embeddedLine : valueLine;
  return {
    rule: rule.id,
    severity: override ?? violation.severity ?? rule.severity,
    message: violation.message,
    hint: rule.fix,
    ...(resource ? { resource: resource.ref } : {}),
    ...(violation.path ? { path: violation.path } : {}),
    ...(violation.embeddedLine !== undefined ? { embeddedLine: violation.embeddedLine } : {}),
    ...(resource ? { location: { file: resource.location.file, line: line ?? resource.location.line } } : {}),
    ...(resource?.origin ? { origin: resource.origin } : {}),
  };
}
