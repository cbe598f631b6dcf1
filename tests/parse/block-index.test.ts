/**
 * The block index (lines and scalar sources of plain block YAML without a positional parse) and the fast parse
 * path on inline texts: the same answers as the positional path (tests/helpers/same-parse.ts). The same
 * comparison on every fixture, source and render of the repository is tests/parse/fast-path.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { blockEntry, indexBlockYaml } from '../../tools/src/parse/block-index.js';
import { splitDocuments } from '../../tools/src/parse/documents.js';
import { expectSameParse } from '../helpers/same-parse.js';

describe('fast path = positional path, on inline cases', () => {
  it.each([
    ['a syntax error in the second document', 'a: 1\n---\nkind: ConfigMap\nmetadata: {name: x\n'],
    ['duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n'],
    ['a List', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - 3\n'],
    ['a document that is not a mapping', '- a\n- b\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n'],
    [
      'comments, --- with content, ... end markers and empty documents',
      '# head\n--- # c\n\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n...\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
    ],
    [
      'an implicit document after ...',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n...\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
    ],
    ['anchors and aliases', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a, labels: {x: y}}\ndata:\n  copy: *m\n'],
    ['merge keys stay plain keys (YAML 1.2 core)', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  <<: {b: c}\n'],
    [
      'YAML 1.1 words stay strings, numbers and nulls as in 1.2 core',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {on: yes, off: no, n: ~, o: 0o17, h: 0x1F, f: .inf, t: 2001-12-14, v: 1.10}\n',
    ],
    ['block scalars holding --- indented', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  s: |\n    ---\n    x\n'],
    [
      'CRLF line ends',
      'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: b}\r\n',
    ],
    ['a directive', '%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n'],
    ['a tag', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: !custom c}\n'],
    ['JSON', '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n'],
  ])('%s', (_name, yaml) => {
    expectSameParse(yaml, 'case.yaml');
  });
});
describe('splitDocuments', () => {
  it('cuts at --- and ..., keeping each document first line', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n...\nc: 3\n')).toEqual([
      { text: 'a: 1', line: 1 },
      { text: '---\nb: 2', line: 2 },
      { text: 'c: 3\n', line: 5 },
    ]);
    expect(splitDocuments('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
  });
});

describe('the block index (lines without a positional parse)', () => {
  const SHAPES = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: a # a comment',
    '  annotations:',
    "    quoted: 'it''s'",
    '    double: "x y"',
    '    escaped: "a\\tb"',
    '    folded: "a long value that kustomize',
    '      wraps over two lines"',
    "    single-folded: 'one",
    "      two'",
    '    "quoted/key": v',
    '    on-word: "true"',
    '  labels: {}',
    'data:',
    '  00-agent.json: |',
    '    {"a": 1}',
    '',
    '    # not a comment: block scalar text',
    '  empty:',
    '  plain: a plain value',
    '  continued: a plain value',
    '    over two lines',
    '  mode: 0644',
    'spec:',
    '  list:',
    '  - name: first',
    '    ports:',
    '    - 1',
    '    - containerPort: 2',
    '      name: "p"',
    '  - second',
    '  -   third',
    '  nested:',
    '    - x',
    '    - why: z',
    '  none: []',
    '',
  ].join('\n');

  it('gives the positional parse its lines and scalar sources on the shapes it reads', () => {
    expect(indexBlockYaml(SHAPES)).toBeDefined();
    expectSameParse(SHAPES, 'shapes.yaml');
    expectSameParse(`---\n# head\n${SHAPES}---\n${SHAPES}`, 'two.yaml');
  });

  it('records what it knows: key lines, item lines, quoted and plain sources, and leaves the rest to the parser', () => {
    const index = indexBlockYaml(SHAPES)!;
    expect(blockEntry(index, '')).toEqual({ line: 1, scalar: null });
    expect(blockEntry(index, '/metadata/name')).toEqual({ line: 4, scalar: { plain: true, text: 'a' } });
    expect(blockEntry(index, '/metadata/annotations/quoted')).toEqual({ line: 6, scalar: { plain: false, text: "it's" } });
    expect(blockEntry(index, '/metadata/annotations/escaped')).toEqual({ line: 8 });
    expect(blockEntry(index, '/metadata/annotations/folded')).toEqual({ line: 9 });
    expect(blockEntry(index, '/metadata/annotations/quoted~1key')).toEqual({ line: 13, scalar: { plain: true, text: 'v' } });
    expect(blockEntry(index, '/data/00-agent.json')).toEqual({ line: 17 });
    expect(blockEntry(index, '/data/empty')).toEqual({ line: 21, scalar: { plain: true, text: '' } });
    expect(blockEntry(index, '/data/continued')).toEqual({ line: 23 });
    expect(blockEntry(index, '/spec/list/0/ports/1/name')).toEqual({ line: 32, scalar: { plain: false, text: 'p' } });
    expect(blockEntry(index, '/spec/list/2')).toEqual({ line: 34, scalar: { plain: true, text: 'third' } });
    expect(blockEntry(index, '/spec/nested/1/why')).toEqual({ line: 37, scalar: { plain: true, text: 'z' } });
    expect(blockEntry(index, '/spec/missing')).toBeUndefined();
    expect(blockEntry(index, '/spec/list/01')).toBe('unknown');
    expect(blockEntry(index, 'spec')).toBe('unknown');
  });

  it.each([
    ['a flow mapping', 'a: {b: c}\n'],
    ['an anchor', 'a: &x b\n'],
    ['an alias', 'a: *x\n'],
    ['a tag', 'a: !t b\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a key YAML reads as a boolean', 'true: a\n'],
    ['a key YAML reads as a number', '8500: a\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a list item on the line below its dash', '-\n  a: 1\n'],
    ['a list in a list on one line', '- - a\n'],
    ['text after a quoted scalar', 'a: "b" c\n'],
    ['a continued plain scalar that holds a key', 'a: 1\n  b: 2\n'],
    ['a document that is a scalar', 'just text\n'],
  ])('gives no index for %s (the positional parse answers)', (_name, yaml) => {
    expect(indexBlockYaml(yaml)).toBeUndefined();
  });
});
