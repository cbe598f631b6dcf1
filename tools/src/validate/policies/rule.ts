import type { Severity } from '../../model/finding.js';
import type { Rule } from '../../model/rule.js';
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
  scope: 'rendered';
  /**
   * Runs on every object of the render, Consul or not, even when none is recognised as Consul: it checks
   * that the Consul objects are there and recognisable. Selected with its group as any other rule.
   */
  everyObject?: true;
};
