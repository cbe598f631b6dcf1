/**
 * Block YAML for the plain data the generator emits (maps, sequences, strings, finite numbers, booleans, null),
 * byte for byte what yaml's `stringify` writes with YAML_OPTIONS, without building yaml's node tree: the first
 * stringify in a process runs yaml's whole stringifier cold, about a tenth of a `validate` run's CPU.
 * It follows yaml 2's stringify/*.js (stringifyString, stringifyPair, stringifyCollection) only where their output
 * is certain, and returns undefined for anything else: the caller then asks yaml for the whole document.
 */

/** The options toYaml passes to yaml's stringify; emitYaml writes what yaml writes with these. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, blockQuote: 'literal' } as const;

/** yaml's indent step; a sequence's items are indented by it too (yaml's default indentSeq). */
const STEP = '  ';

/** Keys whose text is longer become explicit `? key` keys in yaml (stringifyPair). */
const MAX_IMPLICIT_KEY = 1024;

/** Control characters and lone surrogates: yaml writes such a string double-quoted with escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** yaml's test for a one-line string that cannot be plain: an indicator first, `: ` or ` #` inside, a blank or `:` last. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/**
 * `%`, `---` or `...` at a line start (JavaScript's: after \n, \r, U+2028 or U+2029 too): yaml's choice for these
 * depends on the depth (a block scalar, quotes or plain); not followed here.
 */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

/** A multi-line string yaml writes as `|` (clip) or `|-` (strip) with no indentation indicator and nothing kept. */
const CLIP = /^[^\t\n ](?:[^]*[^\t\n ])?\n$/;
const STRIP = /^[^\t\n ](?:[^]*[^\t\n ])?$/;

/**
 * The core schema's tests (yaml's schema/core/*.js and schema/common/null.js) for plain text that reads back as
 * null, a bool or a number: stringifyString's plainString quotes a string that passes one.
 * @internal a copy of yaml's list, held equal to the one yaml's schema has by tests/generate/emit-yaml.test.ts
 */
export const NOT_STRING: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** `value` as yaml's `stringify(value, YAML_OPTIONS)` writes it, or undefined where this writer is not sure to match. */
export function emitYaml(value: unknown): string | undefined {
  // A string alone is written by yaml's depth-0 rules (document markers, block indent); the generator writes none.
  if (typeof value === 'string') return undefined;
  const text = emitNode(value, '');
  return text === undefined ? undefined : `${text}\n`;
}

/** A value whose lines after the first start with `indent` (yaml's ctx.indent). */
function emitNode(value: unknown, indent: string): string | undefined {
  if (Array.isArray(value)) return emitSequence(value, indent);
  if (isObjectLiteral(value)) return emitMap(value, indent);
  return emitScalar(value, indent);
}

function emitSequence(items: readonly unknown[], indent: string): string | undefined {
  if (items.length === 0) return '[]';
  const lines: string[] = [];
  for (const item of items) {
    const text = emitNode(item, indent + STEP);
    if (text === undefined) return undefined;
    lines.push(`- ${text}`);
  }
  return lines.join(`\n${indent}`);
}

function emitMap(map: Readonly<Record<string, unknown>>, indent: string): string | undefined {
  const keys = Object.keys(map);
  if (keys.length === 0) return '{}';
  const lines: string[] = [];
  for (const key of keys) {
    const line = emitPair(key, map[key], indent);
    if (line === undefined) return undefined;
    lines.push(line);
  }
  return lines.join(`\n${indent}`);
}

/** `key: value`, or `key:` with a non-empty collection on the following lines, one step in. */
function emitPair(key: string, value: unknown, indent: string): string | undefined {
  const keyText = emitKey(key);
  const valueIndent = indent + STEP;
  const valueText = emitNode(value, valueIndent);
  if (keyText === undefined || valueText === undefined) return undefined;
  return isFilledCollection(value) ? `${keyText}:\n${valueIndent}${valueText}` : `${keyText}: ${valueText}`;
}

function emitKey(key: string): string | undefined {
  if (key.includes('\n') || ESCAPED.test(key)) return undefined;
  const text = emitLine(key);
  return text !== undefined && text.length <= MAX_IMPLICIT_KEY ? text : undefined;
}

function emitScalar(value: unknown, indent: string): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return emitNumber(value);
  if (typeof value === 'string') return emitString(value, indent);
  // undefined (yaml drops it from a map, writes null in a sequence), bigint, functions, symbols: yaml decides.
  return undefined;
}

/** yaml's stringifyNumber for a finite number with no format: JSON's digits, and `-0`. */
function emitNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

function emitString(value: string, indent: string): string | undefined {
  if (ESCAPED.test(value)) return undefined;
  return value.includes('\n') ? emitLiteral(value, indent) : emitLine(value);
}

/** A one-line string: plain unless yaml's plain test or the schema says quote it. */
function emitLine(value: string): string | undefined {
  if (NOT_PLAIN.test(value)) return quote(value);
  if (DOCUMENT_MARKER.test(value)) return undefined;
  return NOT_STRING.some((test) => test.test(value)) ? quote(value) : value;
}

/** yaml's quotedString for one line without escapes: single quotes when only `"` occurs, else JSON's double quotes. */
function quote(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/** A multi-line string as a literal block scalar (blockQuote 'literal'), its lines at `indent`; empty lines stay empty. */
function emitLiteral(value: string, indent: string): string | undefined {
  const chomp = CLIP.test(value) ? '' : STRIP.test(value) ? '-' : undefined;
  if (chomp === undefined) return undefined;
  const body = chomp === '' ? value.slice(0, -1) : value;
  return `|${chomp}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

/** An object literal (prototype Object.prototype or null); yaml writes a Date, a Map or a class instance its own way. */
function isObjectLiteral(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isFilledCollection(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isObjectLiteral(value) && Object.keys(value).length > 0;
}
