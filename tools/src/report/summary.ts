import { isBlocking } from '../model/finding.js';
import type { RunResult } from './result.js';

export interface Summary {
  overlays: number;
  resources: number;
  errors: number;
  warnings: number;
  /** Unsuppressed infos. errors + warnings + infos + suppressed = every finding. */
  infos: number;
  suppressed: number;
}

/** Computed once per run; every reporter prints from it. */
export function summarize(result: RunResult): Summary {
  const findings = result.overlays.flatMap((overlay) => overlay.findings);
  return {
    overlays: result.overlays.length,
    resources: result.overlays.reduce((total, overlay) => total + overlay.resources, 0),
    errors: findings.filter(isBlocking).length,
    warnings: findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed).length,
    infos: findings.filter((finding) => finding.severity === 'info' && !finding.suppressed).length,
    suppressed: findings.filter((finding) => finding.suppressed).length,
  };
}
