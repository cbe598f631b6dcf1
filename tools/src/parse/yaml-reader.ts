/**
 * The one YAML reader of tools/src: every file, stream and embedded text that is read as YAML goes through
 * here, with one policy.
 *
 * - Duplicate keys are errors, as the API server treats them under strict field validation (kubectl's
 *   default since 1.27: "json: duplicate field"). A reader whose tool takes the last value silently
 *   (kustomize reading a kustomization, Consul reading JSON) asks for `duplicateKeys: 'last'` and reports
 *   the duplicates itself.
 * - Aliases expand under MAX_ALIAS_COUNT, and nesting past the parser's stack is "too deep" (reported
 *   once per document), both from model/yaml-limits.ts: a limit is a problem at file:line, never a throw.
 * - Positions on demand: a document keeps its source ranges, and `lineOf` / `position` turn them into lines.
 *
 * Writing YAML is not reading: generate/serialize.ts keeps yaml's `stringify`, and the gate edits and
 * re-serialises the documents it reads here. js-yaml is used only by parse/documents.ts's fast path.
 */
import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
  type ParsedNode,
} from 'yaml';
import { isTooDeep, isUndefinedAlias, MAX_ALIAS_COUNT, yamlErrorMessage, yamlLimitMessage } from '../model/yaml-limits.js';
import { lineNodeAt } from './yaml-pointer.js';

export interface YamlReadOptions {
  /** `error` (the default): a key written twice in one mapping is a problem; `last`: the later value wins silently. */
  duplicateKeys?: 'error' | 'last';
}

/** A problem yaml reports while reading, at its position. */
export interface YamlProblem {
  code: string;
  /** yaml's own message, first line. */
  detail: string;
  /** Worded for people ("duplicate key in one mapping: ...", "nested too deep to read (too deep) ...", "invalid YAML: ..."). */
  message: string;
  tooDeep: boolean;
  /** Character offset in the text, its line and column (1-based). */
  offset: number;
  line: number;
  col: number;
}

/** The value of a document, or why it cannot be had under the limits. */
export type YamlValue = { ok: true; value: unknown } | { ok: false; message: string; undefinedAlias: boolean };

export interface YamlDocument {
  /** yaml's document, with source ranges (for walking nodes, and for the gate's edits). */
  document: Document.Parsed;
  /** 1-based line the document starts on. */
  line: number;
  /** Every reading problem, a document nested too deep counted once. */
  problems: YamlProblem[];
  /** The document as plain data under the alias limit (computed on each call: the gate edits documents in place). */
  value: () => YamlValue;
  /** The document's value, or undefined when it has problems or passes a limit. */
  valueOrUndefined: () => unknown;
  /** The line of the key (or node) at a JSON pointer, or undefined when the document does not hold it. */
  lineOf: (pointer: string) => number | undefined;
  /** Line and column (1-based) of a character offset. */
  position: (offset: number) => { line: number; col: number };
  /** The key path (map keys, list indexes) of the key or node starting at a character offset. */
  keyPathAt: (offset: number) => string[] | undefined;
}

function parseOptions(lineCounter: LineCounter, options: YamlReadOptions) {
  return { lineCounter, uniqueKeys: options.duplicateKeys !== 'last', prettyErrors: false } as const;
}

function wrap(document: Document.Parsed, lineCounter: LineCounter): YamlDocument {
  const position = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);
  const firstTooDeep = document.errors.findIndex((error) => isTooDeep(error));
  const problems = document.errors
    .filter((error, index) => !isTooDeep(error) || index === firstTooDeep)
    .map((error): YamlProblem => {
      const detail = error.message.split('\n')[0] ?? error.message;
      return {
        code: error.code,
        detail,
        message: yamlErrorMessage(error),
        tooDeep: isTooDeep(error),
        offset: error.pos[0],
        ...position(error.pos[0]),
      };
    });
  const value = (): YamlValue => {
    try {
      return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (error) {
      return { ok: false, message: yamlLimitMessage(error), undefinedAlias: isUndefinedAlias(error) };
    }
  };
  return {
    document,
    line: position(document.range[0]).line,
    problems,
    value,
    valueOrUndefined: () => {
      if (problems.length > 0) return undefined;
      const result = value();
      return result.ok ? result.value : undefined;
    },
    lineOf: (pointer) => {
      const node = lineNodeAt(document, pointer);
      return node?.range ? position(node.range[0]).line : undefined;
    },
    position,
    keyPathAt: (offset) => keyPathAt(document.contents, offset, []),
  };
}

function keyPathAt(node: ParsedNode | null, offset: number, prefix: string[]): string[] | undefined {
  if (!isCollection(node)) return undefined;
  for (const [index, item] of node.items.entries()) {
    const key = isPair(item) ? item.key : undefined;
    const value = isPair(item) ? item.value : item;
    const segment = isScalar(key) ? String(key.value) : String(index);
    if (isScalar(key) && key.range?.[0] === offset) return [...prefix, segment];
    const range = value?.range;
    if (range && offset >= range[0] && offset < range[2]) return keyPathAt(value, offset, [...prefix, segment]);
  }
  return undefined;
}

/** One YAML document (the whole text; a second document is a problem). */
export function readYamlDocument(text: string, options: YamlReadOptions = {}): YamlDocument {
  const lineCounter = new LineCounter();
  return wrap(parseDocument(text, parseOptions(lineCounter, options)), lineCounter);
}

/** Every document of a YAML stream, in order (a stream with no content has none). */
export function readYamlStream(text: string, options: YamlReadOptions = {}): YamlDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, parseOptions(lineCounter, options));
  // yaml returns an EmptyStream (not an array) for a text with no document at all
  return Array.isArray(documents) ? documents.map((document) => wrap(document, lineCounter)) : [];
}

/** The values of a stream's documents that read cleanly under the limits (the others are left out). */
export function readYamlValues(text: string, options: YamlReadOptions = {}): unknown[] {
  return readYamlStream(text, options)
    .map((document) => document.valueOrUndefined())
    .filter((value) => value !== undefined);
}

/** The line of every mapping key of one document, by its dotted path (list entries by index); a later duplicate wins. */
export function readKeyLines(text: string, options: YamlReadOptions = {}): Map<string, number> {
  const { document, position } = readYamlDocument(text, options);
  const lines = new Map<string, number>();
  const walk = (node: Node | null | undefined, path: string[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (isScalar(pair.key) && pair.key.range) lines.set([...path, key].join('.'), position(pair.key.range[0]).line);
        walk(pair.value as Node, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item as Node, [...path, String(index)]));
    }
  };
  walk(document.contents, []);
  return lines;
}
