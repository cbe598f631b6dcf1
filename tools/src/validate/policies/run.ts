import type { Finding, Severity } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { Spec } from '../../spec/types.js';
import { POLICY_RULES } from './catalog.js';
import { createContext } from './context.js';
import type { Rule, Violation } from './rule.js';

export type SeverityOverride = Severity | 'off';

/** Severity overrides for one environment: its tier's, then its own. */
export function severityOverrides(spec: Spec | undefined, environmentName: string | undefined): Record<string, SeverityOverride> {
  const environment = spec?.environments.find((candidate) => candidate.name === environmentName);
  if (!environment) return {};
  return { ...(spec?.tierSeverity[environment.tier] ?? {}), ...(environment.severity ?? {}) };
}

/** Run every rule over one overlay's resources. Pure: objects and spec in, findings out. */
export function runPolicies(resources: readonly ParsedResource[], spec: Spec | undefined, rules: readonly Rule[] = POLICY_RULES): Finding[] {
  const context = createContext(resources, spec?.environments ?? []);
  const overrides = severityOverrides(spec, context.environmentName);
  const findings: Finding[] = [];
  for (const rule of rules) {
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
