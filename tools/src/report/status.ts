/**
 * Each checked resource's outcome, as kubeconform reports it: `valid` (checked, nothing blocking),
 * `invalid` (checked, and a blocking finding names it), `error` (it could not be checked: no schema
 * for its kind, and --ignore-missing-schemas not given) and `skipped` (not checked against a schema in
 * full: no schema under --ignore-missing-schemas, or a CRD read only in part; no rule failed on it).
 * Derived from the findings, so every stage that names a resource counts, and the counts agree with
 * the findings a report lists.
 */
import { isBlocking, type Finding } from '../model/finding.js';
import type { CheckedResource, OverlayResult } from './result.js';

export const RESOURCE_STATUSES = ['valid', 'invalid', 'error', 'skipped'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export interface ResourceResult extends CheckedResource {
  status: ResourceStatus;
}

/** A finding is about the resource when kind and name agree, and the namespace too when both name one. */
function names(finding: Finding, resource: CheckedResource): boolean {
  const ref = finding.resource;
  if (!ref || ref.kind !== resource.kind || ref.name !== resource.name) return false;
  return ref.namespace === undefined || resource.namespace === undefined || ref.namespace === resource.namespace;
}

function statusOf(findings: readonly Finding[]): ResourceStatus {
  if (findings.some((finding) => finding.rule === 'schema-missing' && isBlocking(finding))) return 'error';
  if (findings.some(isBlocking)) return 'invalid';
  // a missing schema allowed by --ignore-missing-schemas (or accepted), or a CRD read in part
  if (findings.some((finding) => finding.rule === 'schema-missing')) return 'skipped';
  return 'valid';
}

/** The status of every resource the overlay checked, in the order it checked them. */
export function resourceResults(overlay: OverlayResult): ResourceResult[] {
  // Findings by kind and name, read once: a folder of thousands of objects is not n x m comparisons.
  const byName = new Map<string, Finding[]>();
  for (const finding of overlay.findings) {
    if (!finding.resource) continue;
    const key = `${finding.resource.kind}\0${finding.resource.name}`;
    const list = byName.get(key);
    if (list) list.push(finding);
    else byName.set(key, [finding]);
  }
  return overlay.checked.map((resource) => ({
    ...resource,
    status: statusOf((byName.get(`${resource.kind}\0${resource.name}`) ?? []).filter((finding) => names(finding, resource))),
  }));
}

export type StatusCounts = Record<ResourceStatus, number>;

export function countStatuses(results: readonly ResourceResult[]): StatusCounts {
  const counts: StatusCounts = { valid: 0, invalid: 0, error: 0, skipped: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}
