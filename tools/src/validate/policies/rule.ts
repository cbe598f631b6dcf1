import type { Finding, Severity } from '../../model/finding.js';
import type { RenderedRuleId, Rule, RuleInfo } from '../../model/rule.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';

/** What a rule's check returns: the engine adds the rule id, severity, fix and locations. */
export interface Violation {
  message: string;
  resource?: ParsedResource;
  /** JSON pointer inside the resource. */
  path?: string;
  /** 1-based line inside the text at `path` (an embedded config file or script), added to its line. */
  embeddedLine?: number;
  /** Overrides the rule's default severity for this one violation (for example a warning tier). */
  severity?: Severity;
}

/** A rule over one overlay's rendered objects (scope `rendered`). */
export type RenderedRule = Rule<PolicyContext, Violation> & {
  /** The name of the rule's file in validate/rules/ (the generated RENDERED_RULE_IDS). */
  id: RenderedRuleId;
  scope: 'rendered';
  /**
   * Runs on every object of the render, Consul or not, even when none is recognised as Consul: it checks
   * that the Consul objects are there and recognisable. Selected with its group as any other rule.
   */
  everyObject?: true;
};

/** One violation as a finding: the rule adds its id, severity and fix; the resource adds its locations. */
export function violationFinding(rule: Pick<RuleInfo, 'id' | 'severity' | 'fix'>, violation: Violation, override?: Severity): Finding {
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
    ...(resource ? { location: { ...resource.location, line: line ?? resource.location.line } } : {}),
    ...(resource?.origin ? { origin: resource.origin } : {}),
  };
}
