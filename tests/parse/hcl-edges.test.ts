/** The HCL reader case by case: each value it reads, the line it records for each key, and each error with its line. */
import { describe, expect, it } from 'vitest';
import { HclError, parseHcl } from '../../tools/src/parse/hcl.js';

const read = (text: string) => {
  const { value, lines } = parseHcl(text);
  return { value, lines: Object.fromEntries(lines) };
};

describe('parseHcl values and key lines', () => {
  it.each([
    ['escapes, \\u included; an unknown escape keeps its letter', 'a = "\\u0041\\n\\t\\r\\/\\\\\\x\\""', { a: 'A\n\t\r/\\x"' }, { a: 1 }],
    [
      'a heredoc: blanks after its marker, its lines as written, an indented closing marker',
      'x = <<EOF  \n  a\n  EOF\ny = 1',
      { x: '  a\n', y: 1 },
      { x: 1, y: 4 },
    ],
    [
      'an indented heredoc: the least indented line that is not blank sets the indent',
      'x = <<-EOT\n    a\n\n      b\n    EOT\n',
      { x: 'a\n\n  b\n' },
      { x: 1 },
    ],
    ['an indented heredoc of blank lines only', 'x = <<-EOT\n\nEOT\n', { x: '\n' }, { x: 1 }],
    ['a heredoc closed at the end of the text', 'x = <<EOF\na\nEOF', { x: 'a\n' }, { x: 1 }],
    [
      'hex, exponent, leading dot, negative exponent',
      'a = 0x1F\nb = 1e3\nc = .5\nd = -2.5E-1',
      { a: 31, b: 1000, c: 0.5, d: -0.25 },
      { a: 1, b: 2, c: 3, d: 4 },
    ],
    ['a key with dots and dashes; : for =', 'a.b-c = 1\nd: 2', { 'a.b-c': 1, d: 2 }, { 'a.b-c': 1, d: 2 }],
    ['an object with commas', 'a { b = 1, c = 2 }', { a: { b: 1, c: 2 } }, { a: 1, 'a.b': 1, 'a.c': 1 }],
    ['a block labelled by a name', 'service web { }', { service: { web: {} } }, { service: 1 }],
    [
      'lists: a trailing comma, empty, nested, of objects',
      'l = [1, 2,]\ne = []\nn = [[1], [2]]\no = [{a = 1}]',
      { l: [1, 2], e: [], n: [[1], [2]], o: [{ a: 1 }] },
      { l: 1, e: 2, n: 3, o: 4, 'o.a': 4 },
    ],
    ['a block given three times', 'c { i = 1 }\nc { i = 2 }\nc { i = 3 }', { c: [{ i: 1 }, { i: 2 }, { i: 3 }] }, { c: 3, 'c.i': 3 }],
    ['a block then a value: the value replaces it', 'a { i = 1 }\na = 2', { a: 2 }, { a: 2, 'a.i': 1 }],
    ['a value then a block: the block replaces it', 'b = 2\nb { i = 1 }', { b: { i: 1 } }, { b: 2, 'b.i': 2 }],
    ['a list of values then a block: replaced', 'd = [1]\nd { i = 1 }', { d: { i: 1 } }, { d: 2, 'd.i': 2 }],
    ['a list of objects then a block: appended', 'e = [{ i = 1 }]\ne { i = 2 }', { e: [{ i: 1 }, { i: 2 }] }, { e: 2, 'e.i': 2 }],
    ['a string given twice: the last', 'f = "x"\nf = "y"', { f: 'y' }, { f: 2 }],
    ['booleans', 't = true\nu = false', { t: true, u: false }, { t: 1, u: 2 }],
    ['a quoted key', '"quoted key" = 1', { 'quoted key': 1 }, { 'quoted key': 1 }],
    [
      'lines after a comment and a heredoc of several lines',
      '/* one\ntwo\n*/ a = 1\nb = <<EOF\nx\ny\nEOF\nc = "s"\nd { e = 1 }',
      { a: 1, b: 'x\ny\n', c: 's', d: { e: 1 } },
      { a: 3, b: 4, c: 8, d: 9, 'd.e': 9 },
    ],
  ])('%s', (_name, text, value, lines) => {
    expect(read(text)).toEqual({ value, lines });
  });
});

describe('parseHcl errors', () => {
  it.each([
    ['an unterminated comment', 'a = 1 /* x', 'unterminated /* comment', 1],
    ['a heredoc without a marker', 'a = <<', 'malformed heredoc', 1],
    ['a heredoc marker without a line end', 'a = <<EOF', 'malformed heredoc', 1],
    ['a character HCL has no use for', 'a = @', 'unexpected "@"', 1],
    ['a number where a key goes', '1 = 2', 'expected a key, found 1', 1],
    ['= where a key goes', '= 2', 'expected a key, found "="', 1],
    ['a key without a value at the end', 'a = 1 "x"', 'expected "=" or "{" after x, found the end of the text', 1],
    ['list items without a comma (a boolean)', 'l = [true true]', 'expected "," or "]", found true', 1],
    ['list items without a comma (a number)', 'a = [1 2]', 'expected "," or "]", found 2', 1],
    ['] as a value', 'a = ]', 'unexpected "]"', 1],
    ['= as a value', 'a = =', 'unexpected "="', 1],
    ['no value at the end', 'a = ', 'expected a value, found the end of the text', 1],
    ['a string broken by a line end', 'a = "x\ny"', 'unterminated string', 1],
    ['a word as a value, on its line', '\n\na = truex', 'expected a value, found "truex"', 3],
    ['a lone minus', 'a = -', 'unexpected "-"', 1],
    ['a block left open, at the end of the text', 'a {\n b = 1', 'missing "}"', 2],
    ['an object value left open', 'x = {', 'missing "}"', 1],
  ])('%s', (_name, text, message, line) => {
    let error: unknown;
    try {
      parseHcl(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HclError);
    expect(error).toMatchObject({ message: `line ${line}: ${message}`, line });
  });
});

describe('parseHcl nesting depth', () => {
  const blocks = (depth: number) => `${'a {\n'.repeat(depth)}${'}'.repeat(depth)}`;
  const lists = (depth: number) => `x = ${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = (depth: number) => `x = ${'{ a = '.repeat(depth)}1${' }'.repeat(depth)}`;

  it.each([
    ['blocks', blocks],
    ['lists', lists],
    ['objects as values', objects],
  ])('reads %s nested 200 levels deep', (_, text) => {
    expect(() => parseHcl(text(200))).not.toThrow();
  });

  it('reads the deepest block with its dotted path', () => {
    const { lines } = parseHcl(blocks(200));
    expect(lines.get(Array.from({ length: 200 }, () => 'a').join('.'))).toBe(200);
  });

  it.each([
    ['blocks (the line of the 201st "{")', blocks, 201],
    ['lists', lists, 1],
    ['objects as values', objects, 1],
    // a hostile file: an error at level 201, long before the stack (some 9,000 levels overflowed it)
    ['blocks, 50,000 levels', (depth: number) => blocks(depth * 250), 201],
  ])('refuses %s nested deeper, with the line of the opening that goes past', (_, text, line) => {
    const error = (() => {
      try {
        parseHcl(text(201));
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HclError);
    expect(error).toMatchObject({
      line,
      message: `line ${line}: nested more than 200 levels deep: no Consul configuration nests so deep; flatten it`,
    });
  });

  it('counts levels down and back up: two siblings 200 deep each are read', () => {
    expect(() => parseHcl(`${blocks(200)}\n${blocks(200)}\nx = ${'['.repeat(200)}${']'.repeat(200)}`)).not.toThrow();
  });
});
