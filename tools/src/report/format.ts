/** What every report format implements, apart from the registry of formats (reporter.ts) that imports them all. */
import type { RuleInfo } from '../model/rule.js';
import type { RunResult } from './result.js';
import type { Summary } from './summary.js';

export interface ReportOptions {
  /** The text report's line width (others ignore it). */
  width?: number;
  /** The rule catalog, for the formats that describe every rule (SARIF); the CLI passes validate's catalog. */
  rules?: readonly RuleInfo[];
}

/** A reporter turns a finished run into one text; all of them buffer (output is small). */
export interface Reporter {
  name: string;
  render(result: RunResult, summary: Summary, options?: ReportOptions): string;
}
