/**
 * A CronJob schedule as the API server parses it (batch validation, 1.36.3: robfig/cron v3's standard
 * parser): five fields (minute, hour, day of month, month, day of week) or a descriptor such as @hourly
 * or @every 1h, each field a comma list of `*`, `?`, numbers or names, ranges and steps. The messages are
 * the parser's own. TZ in the schedule is refused (the timeZone field is the way); the zone a TZ= prefix
 * names is not looked up in a time zone database, so a schedule with an unknown zone gets the parser's
 * message for the rest of it where the server's says "provided bad location" (refused either way).
 */
import { invalid, required, type TypeCheck } from './problem.js';

interface Bounds {
  min: number;
  max: number;
  names?: ReadonlyMap<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: new Map(MONTHS.map((name, index) => [name, index + 1])) },
  { min: 0, max: 6, names: new Map(DAYS.map((name, index) => [name, index])) },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's int on the API server's 64-bit platforms: strconv.Atoi refuses a number outside it. */
const INT64_LIMIT = 2n ** 63n;
const UINT64_WRAP = 2n ** 64n;
/** time.ParseDuration's units, in nanoseconds. */
const DURATION_UNITS = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** Go's time.quote: printable ASCII as is (with " and \ escaped), each byte of anything else as \xNN. */
function goQuote(text: string): string {
  let quoted = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || code >= 0x80)
      for (const byte of new TextEncoder().encode(char)) quoted += `\\x${byte.toString(16).padStart(2, '0')}`;
    else quoted += char === '"' || char === '\\' ? `\\${char}` : char;
  }
  return `"${quoted}"`;
}

/** The digits of a fraction as time.leadingFraction reads them: it stops taking precision where uint64 would overflow. */
function fraction(digits: string): { value: bigint; scale: number } {
  let value = 0n;
  let scale = 1;
  for (const digit of digits) {
    const next = value * 10n + BigInt(digit);
    if (next > INT64_LIMIT) break;
    [value, scale] = [next, scale * 10];
  }
  return { value, scale };
}

/** time.ParseDuration's error for a duration, or undefined when it parses (in int64 nanoseconds). */
function durationError(text: string): string | undefined {
  const fail = (message: string): string => `time: ${message} ${goQuote(text)}`;
  let rest = /^[-+]/.test(text) ? text.slice(1) : text;
  if (rest === '0') return undefined;
  if (rest === '') return fail('invalid duration');
  let total = 0n;
  while (rest !== '') {
    const [number, whole, fractionDigits] = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if ((whole === '' && !fractionDigits) || BigInt(whole || '0') > INT64_LIMIT) return fail('invalid duration');
    const unit = /^[^.\d]*/.exec(rest.slice(number.length))![0];
    rest = rest.slice(number.length + unit.length);
    if (unit === '') return fail('missing unit in duration');
    const nanoseconds = DURATION_UNITS.get(unit);
    if (nanoseconds === undefined) return fail(`unknown unit ${goQuote(unit)} in duration`);
    let value = BigInt(whole || '0') * nanoseconds;
    const { value: part, scale } = fraction(fractionDigits ?? '');
    if (part > 0n) value += BigInt(Math.trunc(Number(part) * (Number(nanoseconds) / scale)));
    if (value > INT64_LIMIT) return fail('invalid duration'); // Go checks before and after the fraction: the same verdict
    total = (total + value) % UINT64_WRAP; // a uint64 sum, which wraps
    if (total > INT64_LIMIT) return fail('invalid duration');
  }
  return !text.startsWith('-') && total === INT64_LIMIT ? fail('invalid duration') : undefined;
}

/** strconv.Atoi, and the parser's refusal of a negative number (a bigint: Go prints all 64 bits of one that is too large). */
function integer(text: string): bigint {
  const atoi = `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}`;
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`${atoi}: invalid syntax`);
  const value = BigInt(text);
  if (value >= INT64_LIMIT || value < -INT64_LIMIT) throw new Error(`${atoi}: value out of range`);
  if (value < 0n) throw new Error(`negative number (${value}) not allowed: ${text}`);
  return value;
}

const intOrName = (text: string, bounds: Bounds): number | bigint => bounds.names?.get(text.toLowerCase()) ?? integer(text);

/** getRange: `*`, `?`, `a` or `a-b`, with an optional `/step`. */
function checkRange(expression: string, bounds: Bounds): void {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number | bigint;
  let end: number | bigint;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') [start, end] = [bounds.min, bounds.max];
  else {
    start = intOrName(lowAndHigh[0]!, bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, bounds);
    else throw new Error(`too many hyphens: ${expression}`);
  }
  let step: number | bigint = 1;
  if (rangeAndStep.length === 2) {
    step = integer(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = bounds.max;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expression}`);
  if (start < bounds.min) throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expression}`);
  if (end > bounds.max) throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expression}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  if (step === 0n) throw new Error(`step of range should be a positive number: ${expression}`);
}

/** The parser's error for a schedule, or undefined when it parses. */
function cronScheduleError(schedule: string): string | undefined {
  try {
    let spec = schedule;
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
      const space = spec.indexOf(' ');
      // the parser slices the zone as spec[eq+1:space], which panics without a space; the server recovers the panic
      if (space < 0) return 'invalid schedule format: runtime error: slice bounds out of range [:-1]';
      spec = spec.slice(space).trim();
    }
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.has(spec)) return undefined;
      if (!spec.startsWith('@every ')) return `unrecognized descriptor: ${spec}`;
      const error = durationError(spec.slice('@every '.length));
      return error === undefined ? undefined : `failed to parse duration ${spec}: ${error}`;
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

/** validateCronJobSpec's schedule: not empty, and validateScheduleFormat: it parses, and names no time zone. */
export const cronJobSchedule: TypeCheck = (spec, pointer) => {
  const schedule = spec.schedule;
  // a missing schedule or one of another type is the schema walk's (required field, type)
  if (typeof schedule !== 'string') return [];
  if (schedule === '') return [required(`${pointer}/schedule`)];
  const problems = [];
  const error = cronScheduleError(schedule);
  if (error !== undefined) problems.push(invalid(`${pointer}/schedule`, schedule, error));
  if (schedule.includes('TZ'))
    problems.push(invalid(`${pointer}/schedule`, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return problems;
};
