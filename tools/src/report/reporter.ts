/**
 * The reporter registry: every command's formats, each a reporter of that command's typed result, and
 * the one place a --format is looked up (its first reporter is the default, an unknown name is one
 * usage error listing the valid ones). diff's reporters live beside its result (diff/report.ts, above
 * this layer) and are looked up here the same way.
 */
import { UsageError } from '../model/errors.js';
import type { Reporter } from './format.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { QUORUM_REPORTERS } from './quorum.js';
import { RULES_REPORTERS } from './rules.js';
import { sarifReporter } from './sarif.js';
import type { RunReport } from './summary.js';
import { textReporter } from './text.js';

export type { ReportOptions, Reporter, ToolPackage } from './format.js';

/** A command's reporters, the default first. */
export type Reporters<Result> = readonly [Reporter<Result>, ...Reporter<Result>[]];

const VALIDATE_REPORTERS: Reporters<RunReport> = [textReporter, jsonReporter, junitReporter, sarifReporter, githubReporter];

/** The reporters of the commands whose results live at or below this layer. */
export const REPORTERS = { validate: VALIDATE_REPORTERS, quorum: QUORUM_REPORTERS, rules: RULES_REPORTERS } as const;

/** The names of a command's formats, the default first. */
const formatNames = <Result>(reporters: Reporters<Result>): string[] => reporters.map((reporter) => reporter.name);

/** The reporter `--format name` picks (the default when no name is given); an unknown name is a usage error. */
export function pickReporter<Result>(command: string, reporters: Reporters<Result>, name: string | undefined): Reporter<Result> {
  const reporter = name === undefined ? reporters[0] : reporters.find((candidate) => candidate.name === name);
  if (!reporter) throw new UsageError(`unknown --format "${name}" for ${command}: use one of ${formatNames(reporters).join(', ')}`);
  return reporter;
}

/** validate's formats (text, json, junit, sarif, github). */
export const FORMATS = formatNames(VALIDATE_REPORTERS);

/** validate's reporter for a format name. */
export function getReporter(name: string): Reporter<RunReport> {
  return pickReporter('validate', VALIDATE_REPORTERS, name);
}
