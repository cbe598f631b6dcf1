/**
 * One YAML document in plain block style (what kustomize writes), read in one pass over its lines: the
 * fast path's positions without a `yaml` Document (parsing one with source ranges costs about ten times the
 * js-yaml read, and rules ask for a line on most documents they flag), and its value without js-yaml's
 * event parser (`blockValue`: about three times faster on the documents it reads).
 *
 * It reads only the shapes it is sure of: block mappings with plain or one-line quoted keys, block
 * sequences (`- ` items, nested or at their key's indentation), one-line scalars, block scalars, empty
 * flow collections. Anything else (a non-empty flow collection, an anchor, alias or tag, an explicit key,
 * a key YAML would not read as a plain string, a tab, a duplicate key) gives no index and no value, and the
 * caller reads the document with js-yaml, or with positions, as before. The value is stricter still: a
 * quoted scalar continued at its owner's indentation, a plain one with a comment before the lines it folds
 * in, or a block scalar with an indentation or keep indicator, gives none. Scalars whose type is not
 * plainly a string (a digit, sign, `.` or `~` first, or a core schema word), escaped double-quoted scalars
 * and scalars folded over several lines are resolved by js-yaml itself, one scalar at a time, so a value
 * read here is js-yaml's.
 * tests/parse/fast-path.test.ts holds the index equal to the positional parse and the value equal to
 * js-yaml's, for every pointer and document of every fixture and render; tests/parse/block-value.test.ts
 * has a case per shape and a property over generated documents.
 */
import { load } from 'js-yaml';
import type { ScalarSource } from '../model/resource.js';
import { pointerKeys, pointerSegment } from '../model/json.js';

/** What the index knows of the node at a pointer. */
export interface BlockEntry {
  /** 1-based line of the text that names the pointer: a mapping entry's key, a list item's first line. */
  line: number;
  /** The node's scalar source; `null` when the node is not a scalar; undefined when unknown (ask the parser). */
  scalar?: ScalarSource | null;
}

/** Pointer (canonical JSON pointer) -> entry, for every node of the document. */
export type BlockIndex = ReadonlyMap<string, BlockEntry>;

class NotBlock extends Error {}

// Plain keys a reader may take for something other than a string (YAML 1.2 core, and the 1.1 words and timestamps)
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER_KEY = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+)$|^\d{4}-/;
// A plain key that every YAML reader takes as the same string: a letter, digit or `_` first (NUMBER_KEY and RESERVED_KEY
// then leave out what would read as a number, boolean, null or timestamp), no `: `, ` #`, quotes or flow characters.
const PLAIN_KEY = /^[A-Za-z0-9_][^:#'"{}[\],&*!|>%@`]*$/;
// A plain one-line value that is read as written: no indicator first, no flow or comment characters that would change it.
const PLAIN_VALUE_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]|^[-?:][^\s]/;

/** The index of one document's text (a leading bare `---` line is allowed), or undefined when it is not plain block YAML. */
export function indexBlockYaml(text: string): BlockIndex | undefined {
  return readBlock(text, 'index')?.index;
}

/**
 * The value of one document's text as js-yaml reads it (YAML 1.2 core schema), or undefined when this reader does
 * not read it (then js-yaml must). `text` is the document as it stands in its stream, with the line break that
 * follows it when one does (a block scalar's last line break depends on it).
 */
export function blockValue(text: string): { value: unknown } | undefined {
  const read = readBlock(text, 'value');
  return read && { value: read.value };
}

/**
 * The one reader behind indexBlockYaml and blockValue. `index` records a BlockEntry per pointer and builds no
 * value; `value` builds the value and no pointer.
 */
function readBlock(text: string, mode: 'index' | 'value'): { index: Map<string, BlockEntry>; value: unknown } | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const indexing = mode === 'index';
  const lines = text.split('\n');
  const index = new Map<string, BlockEntry>();
  const textAt = (position: number): string => lines[position] as string;
  // each line's indentation, worked out once: the readers ask for it several times a line
  const indents = new Int32Array(lines.length).fill(-1);
  const indentAt = (position: number): number => {
    let indent = indents[position] as number;
    if (indent < 0) indents[position] = indent = textAt(position).length - textAt(position).trimStart().length;
    return indent;
  };
  const blank = (position: number): boolean => indentAt(position) === textAt(position).length;
  /** The first line from `from` on that is neither blank nor a comment. */
  const content = (from: number): number => {
    let position = from;
    while (position < lines.length && (blank(position) || textAt(position)[indentAt(position)] === '#')) position++;
    return position;
  };
  /** The first line from `from` on that is not blank and not indented deeper than `owner`. */
  const notDeeper = (from: number, owner: number): number => {
    let position = from;
    while (position < lines.length && (blank(position) || indentAt(position) > owner)) position++;
    return position;
  };
  const record = (pointer: string, entry: BlockEntry): void => {
    if (!indexing) return;
    if (index.has(pointer)) throw new NotBlock('duplicate key');
    index.set(pointer, entry);
  };
  /** The value of the node read last (value mode): each reader below sets it before it returns. */
  let last: unknown;
  /** Collections open around the line being read. */
  let depth = 0;

  /**
   * The value written on line `position` from `column` on (after `key:` or `- `) of a node named on that
   * line, inside a collection indented `owner`; records it and returns the next line to read.
   */
  const value = (pointer: string, position: number, column: number, owner: number): number => {
    const line = position + 1;
    const rest = stripComment(textAt(position).slice(column));
    if (rest === '') {
      // a mapping entry's value on the lines below: deeper, or a list at the key's own indentation
      const next = content(position + 1);
      if (next < lines.length && (indentAt(next) > owner || (indentAt(next) === owner && isItem(textAt(next).slice(owner))))) {
        record(pointer, { line, scalar: null });
        return collection(pointer, next, indentAt(next));
      }
      record(pointer, { line, scalar: { plain: true, text: '' } });
      last = null;
      return position + 1;
    }
    if (rest === '{}' || rest === '[]') {
      record(pointer, { line, scalar: null });
      last = rest === '{}' ? {} : [];
      return position + 1;
    }
    if (/^[|>][-+1-9]{0,2}$/.test(rest)) {
      record(pointer, { line });
      const next = notDeeper(position + 1, owner);
      if (!indexing) {
        // clip or strip, no indentation indicator: js-yaml reads the lines alone as it reads them here
        if (!/^[|>]-?$/.test(rest)) throw new NotBlock('a block scalar with an indentation or keep indicator');
        last =
          (rest.startsWith('|') ? literalScalar(lines.slice(position + 1, next), rest === '|-') : undefined) ??
          jsYamlScalar([rest, ...lines.slice(position + 1, next)].join('\n') + (next < lines.length ? '\n' : ''));
      }
      return next;
    }
    const quoted = quotedScalar(rest);
    if (quoted !== undefined && quoted !== null) {
      record(pointer, { line, ...(quoted === ESCAPED ? {} : { scalar: { plain: false, text: quoted } }) });
      if (!indexing) last = quoted === ESCAPED ? jsYamlScalar(rest) : quoted;
      return position + 1;
    }
    if (quoted === null) {
      // a quoted scalar folded over several lines (kustomize wraps long ones): its line is known, its value left to the parser
      record(pointer, { line });
      const start = column + textAt(position).slice(column).length - textAt(position).slice(column).trimStart().length;
      const next = quotedLinesEnd(lines, position, start);
      if (!indexing) {
        // js-yaml reads it as the value of a key at column 0 when every line it folds in is deeper than its owner
        for (let at = position + 1; at < next; at++)
          if (textAt(at).trim() !== '' && indentAt(at) <= owner) throw new NotBlock('a quoted scalar continued at its owner indentation');
        last = jsYamlScalar(`x: ${[textAt(position).slice(start), ...lines.slice(position + 1, next)].join('\n')}\n`, 'x');
      }
      return next;
    }
    if (!PLAIN_VALUE_START.test(rest) || /:(?:\s|$)/.test(rest)) throw new NotBlock('not a plain scalar');
    const next = notDeeper(position + 1, owner);
    for (let at = position + 1; at < next; at++)
      if (/:(?:\s|$)|\s#|^\s*#/.test(textAt(at))) throw new NotBlock('a continued plain scalar with a key or comment');
    // blank lines may follow; a comment line ends the scalar (it threw above when it was deeper)
    let oneLine = true;
    for (let at = position + 1; at < next && oneLine; at++) oneLine = textAt(at).trim() === '';
    if (!indexing) {
      if (oneLine) last = plainScalar(rest);
      else if (textAt(position).slice(column).trim() !== rest) throw new NotBlock('a comment before the lines a plain scalar folds in');
      // folded over deeper lines (kustomize wraps long ones): js-yaml reads it as the value of a key at column 0
      else last = jsYamlScalar(`x: ${[rest, ...lines.slice(position + 1, next)].join('\n')}\n`, 'x');
    }
    // a plain scalar continued on deeper lines folds them: its line is known, its source left to the parser
    record(pointer, { line, ...(oneLine ? { scalar: { plain: true, text: rest } } : {}) });
    return next;
  };

  /** A block collection whose first line is `position`, at column `indent`; returns the next line to read. */
  const collection = (pointer: string, position: number, indent: number): number => {
    // the readers recurse per level: a hostile depth goes to the parsers, whose limit words it as a finding
    if (++depth > MAX_DEPTH) throw new NotBlock('nested deeper than this reader goes');
    const next = isItem(textAt(position).slice(indent)) ? sequence(pointer, position, indent) : mapping(pointer, position, indent);
    depth--;
    return next;
  };

  /** `- ` items at `indent`, from line `from`. */
  const sequence = (pointer: string, from: number, indent: number): number => {
    const items: unknown[] = [];
    let position = from;
    for (let item = 0; position < lines.length && indentAt(position) === indent && isItem(textAt(position).slice(indent)); item++) {
      const after = textAt(position).slice(indent + 1);
      const column = indent + 1 + after.length - after.trimStart().length;
      const rest = stripComment(textAt(position).slice(column));
      if (rest === '' || isItem(rest)) throw new NotBlock('an item on the lines below, or a list in a list on one line');
      const itemPointer = indexing ? `${pointer}/${item}` : '';
      if (keyOf(rest)) {
        record(itemPointer, { line: position + 1, scalar: null });
        position = mapping(itemPointer, position, column);
      } else {
        position = value(itemPointer, position, column, indent);
      }
      items.push(last);
      position = content(position);
    }
    last = items;
    return position;
  };

  /** Entries whose keys start at column `indent`, the first on line `from` (where it may follow `- `). */
  const mapping = (pointer: string, from: number, indent: number): number => {
    const entries: Record<string, unknown> = {};
    let position = from;
    for (let first = true; position < lines.length; first = false) {
      if (!first) {
        if (indentAt(position) < indent) break;
        if (indentAt(position) > indent) throw new NotBlock('a line indented deeper than its mapping');
        if (isItem(textAt(position).slice(indent))) break;
      }
      const key = keyOf(textAt(position).slice(indent));
      if (!key) throw new NotBlock('not a mapping entry');
      position = content(value(indexing ? `${pointer}/${pointerSegment(key.name)}` : '', position, indent + key.length, indent));
      if (!indexing) {
        // js-yaml refuses a duplicate key; `__proto__` would set the prototype of a plain object here
        if (Object.hasOwn(entries, key.name) || key.name === '__proto__') throw new NotBlock('a duplicate or __proto__ key');
        entries[key.name] = last;
      }
    }
    last = entries;
    return position;
  };

  try {
    let at = content(0);
    if (at < lines.length && /^---(?:\s|$)/.test(textAt(at))) {
      if (stripComment(textAt(at).slice(3)) !== '') return undefined;
      at = content(at + 1);
    }
    if (at >= lines.length) return undefined;
    const indent = indentAt(at);
    if (!isItem(textAt(at).slice(indent)) && !keyOf(textAt(at).slice(indent))) return undefined;
    record('', { line: at + 1, scalar: null });
    return content(collection('', at, indent)) === lines.length ? { index, value: last } : undefined;
  } catch (error) {
    if (error instanceof NotBlock) return undefined;
    throw error;
  }
}

/** Nested collections the reader follows; no Kubernetes object comes near (a CRD's schema nests some 30 levels). */
const MAX_DEPTH = 200;

/**
 * A literal block scalar (`|`, or `|-` with `strip`) whose lines are `body` (those after the indicator that are
 * blank or deeper than its owner), or undefined when js-yaml must read it: only blank lines, a blank line with
 * more spaces than the content's indentation (YAML reads it as content or refuses it), or a line less indented
 * than the first (an error). The indentation is the first content line's; blank lines are line breaks, and the
 * trailing ones go (clip keeps one line break, strip none).
 * @internal exported for its tests (tests/parse/block-value.test.ts), which tell it from js-yaml's reading
 */
export function literalScalar(body: readonly string[], strip: boolean): string | undefined {
  const first = body.find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  const indent = first.length - first.trimStart().length;
  const out: string[] = [];
  for (const line of body) {
    if (line.trim() === '') {
      if (line.length > indent) return undefined;
      out.push('');
    } else if (line.length - line.trimStart().length < indent) return undefined;
    else out.push(line.slice(indent));
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n') + (strip ? '' : '\n');
}

// The YAML 1.2 core schema's words for null and the booleans: plain scalars with a letter first that are no strings.
const CORE_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** Scalars js-yaml resolved, by their text: a stream repeats the same numbers and escaped strings many times. */
const resolved = new Map<string, unknown>();

/**
 * A one-line plain scalar's value. A scalar that starts with neither a digit, a sign, `.` nor `~` and is no core
 * word is a string in the core schema (its other types, numbers, `.inf`, `.nan` and `~`, start with one of those);
 * the rest are resolved by js-yaml.
 */
function plainScalar(text: string): unknown {
  return /^[0-9+\-.~]/.test(text) || CORE_WORDS.has(text) ? jsYamlScalar(text) : text;
}

/**
 * The value js-yaml gives a scalar's text read alone, or the value of `key` in the one-entry mapping `text` (a
 * scalar over several lines, which is not kept); NotBlock unless that is a scalar. One-line texts are kept, up to
 * 4,096 of them.
 */
function jsYamlScalar(text: string, key?: string): unknown {
  if (key === undefined && resolved.has(text)) return resolved.get(text);
  let value: unknown;
  try {
    const read: unknown = load(text);
    value =
      key === undefined
        ? read
        : typeof read === 'object' && read !== null && Object.keys(read).length === 1 && Object.hasOwn(read, key)
          ? (read as Record<string, unknown>)[key]
          : read;
  } catch {
    throw new NotBlock('a scalar js-yaml does not read alone');
  }
  if (typeof value === 'object' && value !== null) throw new NotBlock('not a scalar when read alone');
  if (key !== undefined) return value;
  if (resolved.size >= 4096) resolved.clear();
  resolved.set(text, value);
  return value;
}

/** The entry at a pointer as the positional parse would resolve it, or `'unknown'` when only that parse can tell. */
export function blockEntry(index: BlockIndex, pointer: string): BlockEntry | undefined | 'unknown' {
  if (pointer !== '' && !pointer.startsWith('/')) return 'unknown';
  const keys = pointerKeys(pointer);
  const entry = index.get(keys.map((key) => `/${pointerSegment(key)}`).join(''));
  if (entry) return entry;
  // `yaml` finds a list item with Number(segment): "01", "1.0" or "" name an item there; leave those to it
  return keys.some((key) => Number.isInteger(Number(key)) && String(Number(key)) !== key) ? 'unknown' : undefined;
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** A mapping key at the start of `text`, and how many characters `key:` takes; undefined when the text is no such key. */
function keyOf(text: string): { name: string; length: number } | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    const name = quotedScalar(text, true);
    if (name === ESCAPED) throw new NotBlock('a key with escapes');
    if (typeof name !== 'string') return undefined;
    const end = quotedEnd(text);
    if (end === undefined || !/^:(?:\s|$)/.test(text.slice(end))) return undefined;
    return { name, length: end + 1 };
  }
  const colon = /:(?:\s|$)/.exec(text);
  if (!colon) return undefined;
  const name = text.slice(0, colon.index);
  if (name !== name.trimEnd()) return undefined;
  let plain = plainKeys.get(name);
  if (plain === undefined) {
    plain = PLAIN_KEY.test(name) && !RESERVED_KEY.test(name) && !NUMBER_KEY.test(name);
    if (plainKeys.size >= 4096) plainKeys.clear();
    plainKeys.set(name, plain);
  }
  if (!plain) throw new NotBlock('a key that may not read as a plain string');
  return { name, length: colon.index + 1 };
}

/** Whether a key reads as the plain string it spells, by key: a stream repeats the same few hundred keys. */
const plainKeys = new Map<string, boolean>();

/** Index just past the closing quote of a quoted scalar at the start of `text`, on this line; undefined when it closes later. */
function quotedEnd(text: string): number | undefined {
  const quote = text[0];
  for (let position = 1; position < text.length; position++) {
    const char = text[position];
    if (char === '\\' && quote === '"') position++;
    else if (char === quote && quote === "'" && text[position + 1] === "'") position++;
    else if (char === quote) return position + 1;
  }
  return undefined;
}

/**
 * The line after a quoted scalar that starts on line `position` at `column` and closes on a later line,
 * with nothing but a comment after it; throws NotBlock otherwise.
 */
function quotedLinesEnd(lines: readonly string[], position: number, column: number): number {
  const first = lines[position] as string;
  const quote = first[column];
  let text = first.slice(column + 1);
  for (let at = position; at < lines.length; text = ` ${(lines[++at] ?? '').trimStart()}`) {
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      if (char === '\\' && quote === '"') index++;
      else if (char === quote && quote === "'" && text[index + 1] === "'") index++;
      else if (char === quote) {
        if (stripComment(text.slice(index + 1)) !== '') throw new NotBlock('text after a quoted scalar');
        return at + 1;
      }
    }
  }
  throw new NotBlock('a quoted scalar that does not close');
}

/** A double-quoted scalar with an escape: its line is known, its value left to the parser. */
const ESCAPED = Symbol('escaped');

/**
 * The value of a quoted scalar that is all of `text` (or, for a key, starts it): undefined when `text`
 * is not quoted, null when it does not close on this line or text follows it, ESCAPED when it holds escapes.
 */
function quotedScalar(text: string, prefixOnly = false): string | typeof ESCAPED | null | undefined {
  if (!text.startsWith('"') && !text.startsWith("'")) return undefined;
  const end = quotedEnd(text);
  if (end === undefined || (!prefixOnly && end !== text.length)) return null;
  const body = text.slice(1, end - 1);
  if (text[0] === "'") return body.replaceAll("''", "'");
  return body.includes('\\') ? ESCAPED : body;
}

/** The value text without a trailing comment (` #` outside quotes) and trailing spaces. */
function stripComment(raw: string): string {
  if (!raw.includes('#')) return raw.trim();
  // the text after `key:` or `- ` starts with a space: a quote after it opens a quoted scalar all the same
  const text = raw.trimStart();
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text);
    if (end === undefined) return text.trim();
    const tail = text.slice(end);
    const hash = tail.search(/\s#/);
    return (hash < 0 ? text : text.slice(0, end + hash)).trim();
  }
  if (text.startsWith('#')) return '';
  const hash = text.search(/\s#/);
  return (hash < 0 ? text : text.slice(0, hash)).trim();
}
