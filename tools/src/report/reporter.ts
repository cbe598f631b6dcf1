import { UsageError } from '../model/errors.js';
import type { RuleInfo } from '../model/rule.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { RunResult } from './result.js';
import { sarifReporter } from './sarif.js';
import type { Summary } from './summary.js';
import { textReporter } from './text.js';

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

const REPORTERS: Record<string, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
  sarif: sarifReporter,
  github: githubReporter,
};

export const FORMATS = Object.keys(REPORTERS);

export function getReporter(name: string): Reporter {
  const reporter = REPORTERS[name];
  if (!reporter) throw new UsageError(`unknown --format "${name}": use one of ${FORMATS.join(', ')}`);
  return reporter;
}
