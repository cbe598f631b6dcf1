/**
 * What a kube-apiserver answer says, as data (pure): a `Status` body into one problem per field cause,
 * a field path of the server (`spec.template.spec.containers[0].name`, `.spec.ports[port=80,protocol="TCP"].x`,
 * `metadata.labels[app.kubernetes.io/name]`) into a JSON pointer into the object, and `Warning` headers
 * (RFC 7234: `299 - "text"`) into their text.
 */
import { isPlainObject, pointerSegment } from '../../model/json.js';

export interface ServerProblem {
  /** JSON pointer of the field the server names, '' when it names none. */
  pointer: string;
  message: string;
}

interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { causes?: StatusCause[] };
}

/** `[name="x"]` and `[port=80,protocol="TCP"]`: the keys and values of an associative-list selector. */
function selectorPairs(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  const pattern = /([A-Za-z][\w-]*)=("(?:[^"\\]|\\.)*"|[^,]*)(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
    const raw = match[2]!;
    pairs.push([match[1]!, raw.startsWith('"') ? (JSON.parse(raw) as string) : raw]);
  }
  return pairs.length > 0 && pattern.lastIndex === text.length ? pairs : undefined;
}

/** Split a server field path into its steps: names, and the text inside each `[...]`. */
function fieldSteps(field: string): { key: string; bracket: boolean }[] {
  const steps: { key: string; bracket: boolean }[] = [];
  let name = '';
  for (let index = field.startsWith('.') ? 1 : 0; index < field.length; index++) {
    const char = field[index]!;
    if (char === '.') {
      if (name) steps.push({ key: name, bracket: false });
      name = '';
    } else if (char === '[') {
      if (name) steps.push({ key: name, bracket: false });
      name = '';
      let depth = 1;
      let inQuote = false;
      let inside = '';
      for (index++; index < field.length; index++) {
        const next = field[index]!;
        if (next === '"' && field[index - 1] !== '\\') inQuote = !inQuote;
        if (!inQuote && next === '[') depth++;
        if (!inQuote && next === ']' && --depth === 0) break;
        inside += next;
      }
      steps.push({ key: inside, bracket: true });
    } else name += char;
  }
  if (name) steps.push({ key: name, bracket: false });
  return steps;
}

/**
 * The JSON pointer of a server field path in `object`: `[0]` is a list index, `[k="v",...]` the list item
 * whose keys have those values, any other `[text]` a map key. It stops at the deepest step it can follow
 * in the object (a field that is not there points at its parent), and so is never wrong, only less precise.
 * @internal pure mapping of server field paths, pinned case by case; statusProblems reaches it
 */
export function fieldPointer(field: string, object: unknown): string {
  let pointer = '';
  let current: unknown = object;
  for (const step of fieldSteps(field)) {
    let key: string | number | undefined;
    if (Array.isArray(current)) {
      if (step.bracket && /^\d+$/.test(step.key)) key = Number(step.key) < current.length ? Number(step.key) : undefined;
      else if (step.bracket) {
        const pairs = selectorPairs(step.key);
        const index = pairs
          ? current.findIndex((item) => isPlainObject(item) && pairs.every(([name, value]) => String(item[name]) === value))
          : -1;
        if (index >= 0) key = index;
      }
    } else if (isPlainObject(current) && Object.hasOwn(current, step.key)) key = step.key;
    if (key === undefined) {
      // A step the object does not have: a missing required field is still worth naming by its full path.
      if (current === undefined || !isPlainObject(current)) break;
      return `${pointer}/${pointerSegment(step.key)}`;
    }
    pointer += `/${pointerSegment(key)}`;
    current = Array.isArray(current) ? current[key as number] : (current as Record<string, unknown>)[key as string];
  }
  return pointer;
}

/** A field path quoted inside a message: `.spec.template.x: field not declared in schema`. */
const MESSAGE_FIELD = /(?:^|[\s:])(\.[A-Za-z][^\s:]*):\s/;

/** The problems of a rejection: one per cause that names a field, else the Status message (or the raw body). */
export function statusProblems(status: number, body: string, object: unknown): ServerProblem[] {
  let parsed: StatusBody | undefined;
  try {
    parsed = JSON.parse(body) as StatusBody;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.kind !== 'Status') {
    return [{ pointer: '', message: `HTTP ${status}: ${body.trim().split('\n')[0]?.slice(0, 500) || '(no body)'}` }];
  }
  const causes = (parsed.details?.causes ?? []).filter((cause) => cause.field);
  if (causes.length > 0) {
    return causes.map((cause) => ({
      pointer: fieldPointer(cause.field!, object),
      message: `${cause.field}: ${cause.message ?? cause.reason ?? 'invalid'}`,
    }));
  }
  const message = parsed.message ?? parsed.reason ?? `HTTP ${status}`;
  const quoted = MESSAGE_FIELD.exec(message)?.[1];
  return [{ pointer: quoted ? fieldPointer(quoted, object) : '', message }];
}

/** A warning located at the field it starts with (`metadata.finalizers: prefer ...`), else at the object. */
export function warningProblem(text: string, object: unknown): ServerProblem {
  const field = /^([A-Za-z][\w.-]*(?:\[[^\]]*\][\w.-]*)*(?:\.[\w.-]+)*): /.exec(text)?.[1];
  return { pointer: field ? fieldPointer(field, object) : '', message: text };
}

/** The text of each `Warning` header value (`299 - "text"`); a value not in that form is kept whole. */
export function warningTexts(values: readonly string[]): string[] {
  return values.map((value) => {
    const match = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value);
    return match ? match[1]!.replace(/\\(.)/g, '$1') : value;
  });
}
