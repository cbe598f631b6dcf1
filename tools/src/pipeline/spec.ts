/** The spec stage of a run: environments.yaml loaded once, its problems as findings, its findings as a report entry. */
import { resolve } from 'node:path';
import { SpecError, SpecFileMissingError } from '../model/errors.js';
import { isBlocking, type Finding } from '../model/finding.js';
import type { OverlayResult } from '../report/result.js';
import { loadSpec, SPEC_FILE } from '../environments/load.js';
import type { Spec } from '../environments/types.js';

/**
 * The spec of a run, read once: a missing file is no spec (the run goes on without one, a typed
 * `SpecFileMissingError`, never a message matched by text); an invalid one is one finding per problem.
 */
export async function loadSpecFindings(repoRoot: string): Promise<{ spec?: Spec; findings: Finding[] }> {
  try {
    return { spec: await loadSpec(resolve(repoRoot, SPEC_FILE)), findings: [] };
  } catch (error) {
    if (error instanceof SpecFileMissingError) return { findings: [] };
    if (!(error instanceof SpecError)) throw error;
    return {
      findings: error.problems.map((problem) => ({
        rule: 'spec',
        severity: 'error' as const,
        message: `${problem.path}: ${problem.message}`,
        location: { file: error.file, ...(problem.line ? { line: problem.line } : {}), ...(problem.col ? { col: problem.col } : {}) },
      })),
    };
  }
}

/** The spec's findings as the first entry of a report. */
export function specResult(findings: Finding[]): OverlayResult {
  return { path: SPEC_FILE, ok: !findings.some(isBlocking), resources: 0, findings, checked: [] };
}
