import type { Severity } from '../../model/finding.js';
import type { RuleId } from '../../model/rule.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';
import type { KustomizationFile, KustomizationViolation } from '../kustomization/file.js';

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

/** A rule is data plus a pure function: its id, reason and fix live next to the check. */
export interface Rule {
  id: RuleId;
  severity: Severity;
  summary: string;
  reason: string;
  fix: string;
  check(context: PolicyContext): Violation[];
  /** Rules about the kustomization files themselves (not the render) also check the overlay's kustomization tree. */
  checkKustomizations?(files: readonly KustomizationFile[]): KustomizationViolation[];
}
