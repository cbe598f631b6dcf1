/**
 * The annotations that accept a finding on a resource, shared by generate (writes them), validate
 * (reads them) and the gate (strips them before Argo CD applies the render).
 */

/** Hand-written suppression: every finding of the named rules on the resource, one reason. */
export const IGNORE_ANNOTATION = 'consul-gitops/ignore';
export const IGNORE_REASON_ANNOTATION = 'consul-gitops/ignore-reason';
/** Generated from acceptedRisks: a JSON list of AcceptedRiskEntry, each with its own reason. */
export const ACCEPTED_RISKS_ANNOTATION = 'consul-gitops/accepted-risks';

export const SUPPRESSION_ANNOTATION_KEYS = [IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, ACCEPTED_RISKS_ANNOTATION] as const;

/** One accepted risk: findings of `rule` at `severity` or less severe, whose message contains `match`. */
export interface AcceptedRiskEntry {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  match?: string;
  reason: string;
}
