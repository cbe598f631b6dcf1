/**
 * A parser for the HCL that Consul agent configuration uses (HCL 1: `key = value`, `block { ... }`,
 * labelled blocks, lists, objects with or without commas, strings with escapes, heredocs, numbers,
 * booleans and the three comment styles). It returns plain values, as Consul's decoder sees them:
 * a block is an object; a key given twice as a block becomes a list of objects. Each key's 1-based
 * line is recorded, keyed by its dotted path, for findings.
 */
import { isPlainObject } from '../model/json.js';

export interface HclResult {
  value: Record<string, unknown>;
  /** Dotted path -> 1-based line of the key in the text. */
  lines: Map<string, number>;
}

export class HclError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Token =
  | { type: 'ident'; text: string; line: number }
  | { type: 'string'; text: string; line: number }
  | { type: 'number'; value: number; line: number }
  | { type: 'bool'; value: boolean; line: number }
  | { type: 'punct'; text: '=' | ':' | '{' | '}' | '[' | ']' | ','; line: number }
  | { type: 'eof'; line: number };

/**
 * Objects and lists nested deeper than this are an error: the parser recurses per level, and Consul's configuration
 * nests a few levels (the free-form maps of config entries a few more). Without it, 5,000 levels took 1.7 s (each
 * level's dotted path is kept for its line) and some 9,000 overflowed the stack.
 */
const MAX_HCL_DEPTH = 200;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let index = 0;
  const at = (offset = 0) => text[index + offset] ?? '';
  while (index < text.length) {
    const char = at();
    if (char === '\n') {
      line += 1;
      index += 1;
    } else if (/\s/.test(char)) {
      index += 1;
    } else if (char === '#' || (char === '/' && at(1) === '/')) {
      while (index < text.length && at() !== '\n') index += 1;
    } else if (char === '/' && at(1) === '*') {
      const end = text.indexOf('*/', index + 2);
      if (end === -1) throw new HclError('unterminated /* comment', line);
      line += (text.slice(index, end).match(/\n/g) ?? []).length;
      index = end + 2;
    } else if (char === '"') {
      const start = line;
      let value = '';
      index += 1;
      while (at() !== '"') {
        if (index >= text.length || at() === '\n') throw new HclError('unterminated string', start);
        if (at() === '\\') {
          const next = at(1);
          if (next === 'u') {
            value += String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16));
            index += 6;
            continue;
          }
          value += ESCAPES[next] ?? next;
          index += 2;
          continue;
        }
        value += at();
        index += 1;
      }
      index += 1;
      tokens.push({ type: 'string', text: value, line: start });
    } else if (char === '<' && at(1) === '<') {
      const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n/.exec(text.slice(index));
      if (!header) throw new HclError('malformed heredoc', line);
      const [whole, indent, marker] = header;
      const start = line;
      index += whole.length;
      line += 1;
      const lines: string[] = [];
      for (;;) {
        if (index >= text.length) throw new HclError(`heredoc ${marker} is not closed`, start);
        const end = text.indexOf('\n', index);
        const current = text.slice(index, end === -1 ? text.length : end);
        index = end === -1 ? text.length : end + 1;
        if (current.trim() === marker) break;
        lines.push(current);
        line += 1;
      }
      line += 1;
      const minIndent = indent
        ? Math.min(...lines.filter((entry) => entry.trim()).map((entry) => /^[ \t]*/.exec(entry)?.[0].length ?? 0))
        : 0;
      tokens.push({
        type: 'string',
        text: `${lines.map((entry) => entry.slice(Number.isFinite(minIndent) ? minIndent : 0)).join('\n')}\n`,
        line: start,
      });
    } else if ('={}[],:'.includes(char)) {
      tokens.push({ type: 'punct', text: char as '=', line });
      index += 1;
    } else if (/[-0-9.]/.test(char)) {
      const match = /^-?(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?)/.exec(text.slice(index));
      if (!match?.[0] || match[0] === '-') throw new HclError(`unexpected "${char}"`, line);
      tokens.push({ type: 'number', value: Number(match[0]), line });
      index += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(index)) ?? [''];
      const word = match[0];
      tokens.push(
        word === 'true' || word === 'false' ? { type: 'bool', value: word === 'true', line } : { type: 'ident', text: word, line },
      );
      index += word.length;
    } else {
      throw new HclError(`unexpected "${char}"`, line);
    }
  }
  tokens.push({ type: 'eof', line });
  return tokens;
}

class Parser {
  private position = 0;
  private depth = 0;
  readonly lines = new Map<string, number>();

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.position += 1;
    return token;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.type === 'punct' && token.text === text;
  }

  /** `read` one level down, opened by `open` (a `{` or `[`), within MAX_HCL_DEPTH. */
  private nested<T>(open: Token, read: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_HCL_DEPTH)
      throw new HclError(`nested more than ${MAX_HCL_DEPTH} levels deep: no Consul configuration nests so deep; flatten it`, open.line);
    const value = read();
    this.depth -= 1;
    return value;
  }

  /** Key/value pairs until `}` (inside an object) or the end of the text. */
  body(path: string[], closing: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (;;) {
      const token = this.peek();
      if (closing && this.isPunct(token, '}')) {
        this.next();
        return result;
      }
      if (token.type === 'eof') {
        if (closing) throw new HclError('missing "}"', token.line);
        return result;
      }
      if (this.isPunct(token, ',')) {
        this.next();
        continue;
      }
      if (token.type !== 'ident' && token.type !== 'string') throw new HclError(`expected a key, found ${describe(token)}`, token.line);
      this.next();
      const keys = [token.text];
      // Labelled blocks: service "web" { ... } is service = { web = { ... } }.
      while (this.peek().type === 'string' || (this.peek().type === 'ident' && this.isPunct(this.peek(1), '{'))) {
        const label = this.next() as { text: string };
        keys.push(label.text);
      }
      let value: unknown;
      const after = this.peek();
      if (this.isPunct(after, '=') || this.isPunct(after, ':')) {
        this.next();
        value = this.value([...path, ...keys]);
      } else if (this.isPunct(after, '{')) {
        this.next();
        value = this.nested(after, () => this.body([...path, ...keys], true));
      } else {
        throw new HclError(`expected "=" or "{" after ${keys.join(' ')}, found ${describe(after)}`, after.line);
      }
      this.lines.set([...path, keys[0]].join('.'), token.line);
      for (let index = keys.length - 1; index > 0; index -= 1) value = { [keys[index] as string]: value };
      assign(result, keys[0] as string, value);
    }
  }

  value(path: string[]): unknown {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return token.text;
      case 'number':
      case 'bool':
        return token.value;
      case 'punct':
        if (token.text === '{') return this.nested(token, () => this.body(path, true));
        if (token.text === '[') return this.nested(token, () => this.list(path));
        throw new HclError(`unexpected ${describe(token)}`, token.line);
      default:
        throw new HclError(`expected a value, found ${describe(token)}`, token.line);
    }
  }

  /** The items of a list, its `[` read. */
  private list(path: string[]): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      if (this.isPunct(this.peek(), ']')) {
        this.next();
        return list;
      }
      list.push(this.value(path));
      if (this.isPunct(this.peek(), ',')) this.next();
      else if (!this.isPunct(this.peek(), ']')) throw new HclError(`expected "," or "]", found ${describe(this.peek())}`, this.peek().line);
    }
  }
}

/** A key given twice: objects become a list of objects (HCL 1 blocks), anything else is replaced. */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  const current = target[key];
  if (isPlainObject(current) && isPlainObject(value)) target[key] = [current, value];
  else if (Array.isArray(current) && current.every(isPlainObject) && isPlainObject(value)) target[key] = [...current, value];
  else target[key] = value;
}

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the text';
    case 'ident':
    case 'punct':
      return `"${token.text}"`;
    case 'string':
      return `a string`;
    default:
      return String(token.value);
  }
}

export function parseHcl(text: string): HclResult {
  const parser = new Parser(tokenize(text));
  const value = parser.body([], false);
  return { value, lines: parser.lines };
}
