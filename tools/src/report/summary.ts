import { isBlocking } from '../model/finding.js';
import type { OverlayResult, RunResult } from './result.js';
import { countStatuses, resourceResults, type ResourceResult, type StatusCounts } from './status.js';

export interface Summary {
  overlays: number;
  resources: number;
  errors: number;
  warnings: number;
  /** Unsuppressed infos. errors + warnings + infos + suppressed = every finding. */
  infos: number;
  suppressed: number;
  /** The checked resources by status (valid, invalid, error, skipped); they add up to the resources checked one by one. */
  statuses: StatusCounts;
}

/** An overlay's result with the status of each resource it checked. */
export interface OverlayReport extends OverlayResult {
  resourceResults: ResourceResult[];
}

/** What validate's reporters print: the run, each resource's status, and the counts, computed once. */
export interface RunReport extends RunResult {
  overlays: OverlayReport[];
  summary: Summary;
}

/** Computed once per run; every reporter prints from it. */
export function summarize(result: RunResult): Summary {
  return runReport(result).summary;
}

/** The run with each resource's status and the summary: the typed result validate hands to its reporters. */
export function runReport(result: RunResult): RunReport {
  const overlays = result.overlays.map((overlay) => ({ ...overlay, resourceResults: resourceResults(overlay) }));
  const findings = result.overlays.flatMap((overlay) => overlay.findings);
  return {
    ...result,
    overlays,
    summary: {
      overlays: result.overlays.length,
      resources: result.overlays.reduce((total, overlay) => total + overlay.resources, 0),
      errors: findings.filter(isBlocking).length,
      warnings: findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed).length,
      infos: findings.filter((finding) => finding.severity === 'info' && !finding.suppressed).length,
      suppressed: findings.filter((finding) => finding.suppressed).length,
      statuses: countStatuses(overlays.flatMap((overlay) => overlay.resourceResults)),
    },
  };
}
