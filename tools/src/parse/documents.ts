/**
 * Stage: rendered YAML stream -> resources with positions. Origin annotations are read, then removed.
 *
 * Two paths, one result. The fast path splits the stream at its document markers, builds each object
 * with the block reader (block-index.ts, for plain block YAML) or js-yaml (about four times faster than
 * composing a `yaml` Document with source ranges; the block reader about three times faster again) and parses
 * a document with positions only when a finding asks for a line (`lineOf`): most objects have none.
 * Anything unusual (a syntax error, duplicate keys, a List, directives, aliases past the limit, a
 * document that is not a mapping) goes through the one YAML reader (yaml-reader.ts) with positions for that document,
 * which also words every YAML error. Both read YAML 1.2 with the core schema (no merge keys, no
 * timestamps); tests/parse/fast-path.test.ts holds them equal on every fixture and render.
 */
import { relative, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import type { Finding, SourceLocation } from '../model/finding.js';
import { blockEntry, blockValue, indexBlockYaml, type BlockEntry, type BlockIndex } from './block-index.js';
import { scalarSourceAt } from './yaml-pointer.js';
import { readYamlDocument, readYamlStream, type YamlDocument } from './yaml-reader.js';
import type { ParsedResource } from './resource.js';
import type { ScalarSource } from '../model/resource.js';

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface ParseInput {
  yaml: string;
  /** Display name of the stream (an overlay path, or a file). */
  file: string;
  /** The stream is a render (kustomize output), not a file on disk: locations say so (SourceLocation.rendered). */
  rendered?: boolean;
  /** Directory that origin paths are relative to (the render's wrapper), and the repository root. */
  originRoot?: string;
  repoRoot?: string;
  /**
   * The documents' values as streamValuesOf read them from this same text (files mode reads them on worker
   * threads): the js-yaml pass is skipped; everything else, the fallbacks included, runs as without them.
   */
  values?: readonly unknown[];
}

export interface ParseOutput {
  resources: ParsedResource[];
  findings: Finding[];
}

function readOrigin(object: Record<string, unknown>, input: ParseInput): string | undefined {
  const metadata = object.metadata as { annotations?: Record<string, unknown> } | undefined;
  const annotations = metadata?.annotations;
  const value = annotations?.[ORIGIN_ANNOTATION];
  if (annotations && value !== undefined) {
    delete annotations[ORIGIN_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  if (typeof value !== 'string' || !input.originRoot) return undefined;
  const path = /^path:\s*(.+)$/m.exec(value)?.[1]?.trim();
  if (!path) return undefined;
  return relative(input.repoRoot ?? process.cwd(), resolve(input.originRoot, path))
    .split('\\')
    .join('/');
}

/** A location in the stream, marked as a render when it is one. */
function at(input: ParseInput, line: number, col?: number): SourceLocation {
  return { file: input.file, line, ...(col === undefined ? {} : { col }), ...(input.rendered ? { rendered: true } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One document of a stream: its text (from its `---` line, if any) and the line it starts on. */
interface Chunk {
  text: string;
  line: number;
}

const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r]|$)/;

/**
 * The stream cut at its document markers. A line starting with `---` or `...` can only be a marker
 * (YAML forbids it inside any scalar), so this cut is exact. Undefined with directives (`%YAML`).
 * @internal the fast path split, held equal to the positional parse directly; parseRendered reaches it
 */
export function splitDocuments(yaml: string): Chunk[] | undefined {
  if (/^%/m.test(yaml)) return undefined;
  const lines = yaml.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  const close = (end: number): void => {
    if (end > start) chunks.push({ text: lines.slice(start, end).join('\n'), line: start + 1 });
  };
  lines.forEach((line, index) => {
    if (DOCUMENT_START.test(line)) {
      close(index);
      start = index;
    } else if (DOCUMENT_END.test(line)) {
      close(index);
      start = index + 1;
    }
  });
  close(lines.length);
  return chunks;
}

/** The first line of a document that holds content (not blank, not a comment, not a bare `---`); undefined for none. */
function contentLine(chunk: Chunk): number | undefined {
  // line by line without splitting the whole text: content usually starts on the first or second line
  const text = chunk.text;
  for (let index = 0, start = 0; start <= text.length; index++) {
    const found = text.indexOf('\n', start);
    const end = found < 0 ? text.length : found;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    const rest = DOCUMENT_START.test(line) ? trimmed.slice(3).trim() : trimmed;
    if (rest !== '' && !rest.startsWith('#')) return chunk.line + index;
    start = end + 1;
  }
  return undefined;
}

const LOAD_OPTIONS = { maxAliases: 100 } as const;

/**
 * Text that may hold an anchor or an alias (`&a`, `*a`). js-yaml shares an aliased node instead of
 * copying it, so an alias bomb loads in microseconds and then explodes in whatever walks the object;
 * the positional path counts expansions (MAX_ALIAS_COUNT) and turns a bomb into a finding. kustomize
 * output has no aliases, so renders stay on the fast path; a false match only costs speed.
 */
const MAY_HOLD_ALIAS = /(?:^|[\s[{,])[&*][A-Za-z0-9_./-]/m;

/** Whether js-yaml's object can stand for the document; the positional path takes the others. */
const takesFastPath = (value: unknown): boolean =>
  value === null || value === undefined || (isObject(value) && !(typeof value.kind === 'string' && value.kind.endsWith('List')));

/**
 * The object of every document, by chunk, from one js-yaml call over the whole stream (a call per
 * document costs about a third more); undefined when that call fails or its documents do not line up
 * one to one with the chunks that hold content. Chunks without content get `null`.
 */
function streamValues(yaml: string, chunks: readonly Chunk[]): unknown[] | undefined {
  if (MAY_HOLD_ALIAS.test(yaml)) return undefined;
  let documents: unknown[];
  try {
    documents = loadAll(yaml, LOAD_OPTIONS);
  } catch {
    return undefined;
  }
  const present = documents.filter((document) => document !== null && document !== undefined);
  const holding = chunks.map((chunk) => contentLine(chunk) !== undefined);
  if (present.length !== holding.filter(Boolean).length) return undefined;
  let next = 0;
  return holding.map((hasContent) => (hasContent ? present[next++] : null));
}

/**
 * The object of every document, by chunk: the block reader's (block-index.ts: plain block YAML, what kustomize
 * writes and most manifests are), or, when it does not read one of them, js-yaml's for the whole stream as
 * streamValues reads it. Chunks without content get `null`.
 */
function chunkValues(yaml: string, chunks: readonly Chunk[]): unknown[] | undefined {
  const values: unknown[] = [];
  for (const [index, chunk] of chunks.entries()) {
    if (contentLine(chunk) === undefined) {
      values.push(null);
      continue;
    }
    // the line break after a chunk that is not the stream's last: a block scalar's last line break depends on it
    const read = blockValue(index < chunks.length - 1 ? `${chunk.text}\n` : chunk.text);
    if (!read) return streamValues(yaml, chunks);
    values.push(read.value);
  }
  return values;
}

/** What parseRendered's fast path reads from the text (ParseInput.values); undefined when it cannot. */
export function streamValuesOf(yaml: string): unknown[] | undefined {
  const chunks = splitDocuments(yaml);
  return chunks && chunkValues(yaml, chunks);
}

/** The object of one document through js-yaml, or undefined when the positional path must take it. */
function fastObject(chunk: Chunk): { value: unknown } | undefined {
  if (MAY_HOLD_ALIAS.test(chunk.text)) return undefined;
  try {
    const documents = loadAll(chunk.text, LOAD_OPTIONS);
    if (documents.length > 1) return undefined;
    const value = documents[0];
    return takesFastPath(value) ? { value } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Blank lines before a document's text, so that positions in it are lines of the whole stream. The cut
 * drops the last line's `\n`, so a CRLF document's bare `\r` goes too (yaml would keep it in a last plain scalar).
 */
const atLine = (chunk: Chunk): string => '\n'.repeat(chunk.line - 1) + chunk.text.replace(/\r$/, '');

export function parseRendered(input: ParseInput): ParseOutput {
  const parsed = parseStream(input);
  const control = controlCharacterFinding(input);
  return control ? { ...parsed, findings: [control, ...parsed.findings] } : parsed;
}

/**
 * Characters YAML does not allow in a stream (C0 controls but tab, line feed and carriage return; DEL; C1
 * controls but NEL; U+FFFE, U+FFFF). kustomize's reader stops at the first ("yaml: control characters are
 * not allowed"), and so does kubectl: a NUL byte that reads fine here would never apply.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

function controlCharacterFinding(input: ParseInput): Finding | undefined {
  const match = CONTROL_CHARACTER.exec(input.yaml);
  if (!match) return undefined;
  const before = input.yaml.slice(0, match.index);
  const line = before.split('\n').length;
  const col = match.index - before.lastIndexOf('\n');
  const code = `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    rule: 'yaml-parse',
    severity: 'error',
    message: `control character ${code}${code === 'U+0000' ? ' (a NUL byte)' : ''} at column ${col}: YAML does not allow it, and kustomize and kubectl reject the file ("control characters are not allowed")`,
    hint: 'remove the character; to carry binary data, use a Secret or ConfigMap binaryData value in base64',
    location: at(input, line, col),
  };
}

function parseStream(input: ParseInput): ParseOutput {
  const chunks = splitDocuments(input.yaml);
  if (!chunks) return parseWithPositions(input);
  const resources: ParsedResource[] = [];
  const findings: Finding[] = [];
  const values = input.values?.length === chunks.length ? input.values : chunkValues(input.yaml, chunks);
  chunks.forEach((chunk, index) => {
    const fast = values && takesFastPath(values[index]) ? { value: values[index] } : fastObject(chunk);
    if (!fast) {
      const slow = parseWithPositions({ ...input, yaml: atLine(chunk) });
      resources.push(...slow.resources);
      findings.push(...slow.findings);
      return;
    }
    const item = fast.value;
    if (!isObject(item)) return;
    let positions: YamlDocument | undefined;
    const parsed = (): YamlDocument => (positions ??= readYamlDocument(atLine(chunk)));
    // plain block YAML (kustomize's output) is indexed in one pass over its lines; anything else is parsed with positions
    let block: BlockIndex | null | undefined;
    const known = (pointer: string): BlockEntry | undefined | 'unknown' => {
      block ??= indexBlockYaml(chunk.text) ?? null;
      return block ? blockEntry(block, pointer) : 'unknown';
    };
    const lineOf = (pointer: string): number | undefined => {
      const entry = known(pointer);
      if (entry === 'unknown') return parsed().lineOf(pointer);
      return entry ? entry.line + chunk.line - 1 : undefined;
    };
    const scalarAt = (pointer: string): ScalarSource | undefined => {
      const entry = known(pointer);
      if (entry !== 'unknown' && (entry === undefined || entry.scalar !== undefined)) return entry?.scalar ?? undefined;
      return scalarSourceAt(parsed().document, pointer);
    };
    resources.push(resourceOf(item, input, contentLine(chunk) ?? chunk.line, lineOf, scalarAt, () => chunk.text));
  });
  return { resources, findings };
}

function resourceOf(
  item: Record<string, unknown>,
  input: ParseInput,
  line: number,
  lineOf: (pointer: string) => number | undefined,
  scalarAt: (pointer: string) => ScalarSource | undefined,
  source?: () => string | undefined,
): ParsedResource {
  const originFile = readOrigin(item, input);
  const metadata = isObject(item.metadata) ? item.metadata : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return {
    ref: {
      ...(typeof item.apiVersion === 'string' ? { apiVersion: item.apiVersion } : {}),
      kind: typeof item.kind === 'string' ? item.kind : '(no kind)',
      name: typeof metadata.name === 'string' ? metadata.name : '(no name)',
      ...(namespace ? { namespace } : {}),
    },
    object: item,
    location: at(input, line),
    ...(originFile ? { origin: { file: originFile } } : {}),
    lineOf,
    scalarAt,
    ...(source ? { source } : {}),
  };
}

/**
 * The positional path: every document read with source ranges by yaml-reader.ts, each error worded.
 * @internal the positional parse the fast path is held equal to; parseRendered falls back to it
 */
export function parseWithPositions(input: ParseInput): ParseOutput {
  const resources: ParsedResource[] = [];
  const findings: Finding[] = [];
  for (const read of readYamlStream(input.yaml)) {
    const { document, line } = read;
    if (read.problems.length > 0) {
      for (const problem of read.problems) {
        findings.push({
          rule: 'yaml-parse',
          severity: 'error',
          message: problem.message,
          hint: problem.tooDeep
            ? 'no Kubernetes object needs this depth: flatten it, or remove the document'
            : 'fix the YAML syntax at this line',
          location: at(input, problem.line, problem.col),
        });
      }
      continue;
    }
    const result = read.value();
    if (!result.ok) {
      findings.push({
        rule: 'yaml-parse',
        severity: 'error',
        message: result.message,
        hint: result.undefinedAlias ? 'define the anchor before the alias' : 'write the values out, or use fewer aliases of aliases',
        location: at(input, line),
      });
      continue;
    }
    const value = result.value;
    if (value === null || value === undefined) continue;
    const lineOf = read.lineOf;
    if (!isObject(value)) {
      findings.push({
        rule: 'yaml-parse',
        severity: 'error',
        message: 'document is not a mapping (a Kubernetes object)',
        location: at(input, line),
      });
      continue;
    }
    const items: unknown[] | undefined =
      typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : undefined;
    const objects = items ? items.map((item, index) => ({ item, prefix: `/items/${index}` })) : [{ item: value as unknown, prefix: '' }];
    for (const { item, prefix } of objects) {
      if (!isObject(item)) {
        findings.push({
          rule: 'yaml-parse',
          severity: 'error',
          message: `List item ${prefix} is not an object`,
          location: at(input, lineOf(prefix) ?? line),
        });
        continue;
      }
      resources.push(
        resourceOf(
          item,
          input,
          lineOf(prefix) ?? line,
          (pointer: string) => lineOf(prefix + pointer),
          (pointer: string) => scalarSourceAt(document, prefix + pointer),
          prefix === '' ? () => input.yaml.slice(document.range[0], document.range[1]) : undefined,
        ),
      );
    }
  }
  return { resources, findings };
}
