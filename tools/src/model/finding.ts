/** One Finding type for every stage: kustomize failures, YAML errors, schema errors and rule violations. */
import type { RuleId } from './rule.js';
import type { Severity } from './severity.js';

export type { Severity };

export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
  /**
   * True when `file` names a render (the kustomize output of that overlay, or a rendered stream), not a
   * file on disk: `line` is a line of the output. Reporters that link to files (SARIF, GitHub) fall back
   * to the overlay for these; text prints "(rendered)" after the name.
   */
  rendered?: boolean;
}

export interface ResourceRef {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Suppression {
  reason: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** What to change, in one line. */
  hint?: string;
  resource?: ResourceRef;
  /** JSON pointer of the offending field inside the resource, when known. */
  path?: string;
  /** 1-based line inside the string at `path` (an embedded config file or script): locations add it. */
  embeddedLine?: number;
  /** Where the resource sits in the rendered kustomize output (or the file that was read). */
  location?: SourceLocation;
  /** The file under base/ or overlays/ that the resource came from (kustomize origin annotation). */
  origin?: SourceLocation;
  suppressed?: Suppression;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function formatRef(ref: ResourceRef | undefined): string {
  if (!ref) return '';
  return `${ref.kind}/${ref.name}`;
}

/** The location's file for people: a render is named "<overlay> (rendered)". */
export function displayFile(location: SourceLocation): string {
  return location.rendered ? `${location.file} (rendered)` : location.file;
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  const file = displayFile(location);
  if (location.line === undefined) return file;
  return location.col === undefined ? `${file}:${location.line}` : `${file}:${location.line}:${location.col}`;
}

/** A location's file when it is one on disk; undefined for a render, or no location. */
export function sourceFile(location: SourceLocation | undefined): string | undefined {
  return location && !location.rendered ? location.file : undefined;
}

/** Stable order: severity, then file position, then rule and resource, so reports diff cleanly. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.location ? displayFile(a.location) : '').localeCompare(b.location ? displayFile(b.location) : '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      formatRef(a.resource).localeCompare(formatRef(b.resource)) ||
      (a.path ?? '').localeCompare(b.path ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/** True when the finding counts against the exit code. */
export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' && !finding.suppressed;
}
