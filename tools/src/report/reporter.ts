import { UsageError } from '../model/errors.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './format.js';

export type { ReportOptions, Reporter } from './format.js';

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
