/**
 * A CronJob schedule as the API server parses it (batch validation, 1.36.3: robfig/cron v3's standard
 * parser): five fields (minute, hour, day of month, month, day of week) or a descriptor such as @hourly
 * or @every 1h, each field a comma list of `*`, `?`, numbers or names, ranges and steps. The messages are
 * the parser's own. TZ in the schedule is refused (the timeZone field is the way).
 */
import { invalid, type TypeCheck } from './problem.js';

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((name, index) => [name, index + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((name, index) => [name, index])) },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** Go's time.ParseDuration: a signed sequence of decimal numbers, each with a unit. */
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** strconv.Atoi, and the parser's refusal of a negative number. */
function integer(text: string): number {
  if (!/^[+-]?\d+$/.test(text))
    throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (value < 0) throw new Error(`negative number (${value}) not allowed: ${text}`);
  return value;
}

const intOrName = (text: string, bounds: Bounds): number => bounds.names?.[text.toLowerCase()] ?? integer(text);

/** getRange: `*`, `?`, `a` or `a-b`, with an optional `/step`. */
function checkRange(expression: string, bounds: Bounds): void {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') [start, end] = [bounds.min, bounds.max];
  else {
    start = intOrName(lowAndHigh[0]!, bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, bounds);
    else throw new Error(`too many hyphens: ${expression}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = integer(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = bounds.max;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expression}`);
  if (start < bounds.min) throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expression}`);
  if (end > bounds.max) throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expression}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expression}`);
}

/** The parser's error for a schedule, or undefined when it parses. */
function cronScheduleError(schedule: string): string | undefined {
  try {
    let spec = schedule;
    if (spec.length === 0) return 'empty spec string';
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) spec = spec.slice(Math.max(spec.indexOf(' '), 0)).trim();
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.has(spec)) return undefined;
      if (spec.startsWith('@every ') && GO_DURATION.test(spec.slice('@every '.length))) return undefined;
      return spec.startsWith('@every ')
        ? `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(spec.slice('@every '.length))}`
        : `unrecognized descriptor: ${spec}`;
    }
    const fields = spec.split(/\s+/).filter((field) => field !== '');
    if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
    fields.forEach((field, index) => {
      for (const expression of field.split(',').filter((part) => part !== '')) checkRange(expression, FIELDS[index]!);
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** validateScheduleFormat: the schedule parses, and names no time zone. */
export const cronJobSchedule: TypeCheck = (spec, pointer) => {
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') return [];
  const problems = [];
  const error = cronScheduleError(schedule);
  if (error !== undefined) problems.push(invalid(`${pointer}/schedule`, schedule, error));
  if (schedule.includes('TZ'))
    problems.push(invalid(`${pointer}/schedule`, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return problems;
};
