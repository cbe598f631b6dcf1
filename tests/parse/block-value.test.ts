/**
 * blockValue (tools/src/parse/block-index.ts): the value of a plain block YAML document exactly as js-yaml reads
 * it, or none, and then the caller reads it with js-yaml. Inline cases for each shape it reads and each it leaves
 * to js-yaml, and a property over generated documents. The same comparison on every fixture, source and render of
 * the repository is in tests/parse/fast-path.test.ts.
 */
import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { blockValue, indexBlockYaml, literalScalar } from '../../tools/src/parse/block-index.js';
import { parseRendered } from '../../tools/src/parse/documents.js';

/** js-yaml's value, strictly: the same types (-0, NaN, null), and the keys in the same order. */
function expectJsYamlValue(text: string): void {
  const read = blockValue(text);
  expect(read, text).toBeDefined();
  const reference = load(text);
  expect(read!.value).toStrictEqual(reference);
  expect(JSON.stringify(read!.value)).toBe(JSON.stringify(reference));
}

describe('blockValue reads, as js-yaml does', () => {
  it('plain scalars of every YAML 1.2 core type, and the YAML 1.1 words and forms that stay strings', () => {
    const text = [
      'int: 1',
      'negativeZero: -0',
      'octal: 0o17',
      'hex: 0x1F',
      'leadingZero: 0755',
      'plus: +1',
      'float: 1.10',
      'exponent: 1e3',
      'infinity: .inf',
      'minusInfinity: -.Inf',
      'nan: .NaN',
      'tilde: ~',
      'nullWord: null',
      'NullWord: NULL',
      'trueWord: True',
      'falseWord: FALSE',
      'notAWord: tRue',
      'yes11: yes',
      'on11: on',
      'timestamp11: 2001-12-14',
      'underscore11: 1_000',
      'binary11: 0b101',
      'sexagesimal11: 12:30',
      'dotted: .5.5',
      'path: /var/lib/consul',
      'url: https://consul.example:8501/v1',
      'words: plain text with spaces # and a comment',
      'mergeWord: <<',
      '',
    ].join('\n');
    expectJsYamlValue(text);
    const value = blockValue(text)!.value as Record<string, unknown>;
    expect(Object.is(value.negativeZero, -0)).toBe(true);
    expect(value.yes11).toBe('yes');
    expect(value.leadingZero).toBe(755);
  });

  it('quoted scalars: single with a doubled quote, double without and with escapes, quoted keys', () => {
    expectJsYamlValue(
      [
        "single: 'it''s # not a comment'",
        'double: "a: b # not a comment"',
        'escaped: "tab\\there\\u00e9\\n"',
        'escapedAgain: "tab\\there\\u00e9\\n"',
        '"quoted key": 1',
        "'single key': 2",
        '"10": ten',
        '"2": two',
        'empty: ""',
        '',
      ].join('\n'),
    );
  });

  it('empty values, empty flow collections, lists at their key indentation and deeper, lists of maps', () => {
    expectJsYamlValue(
      [
        'nothing:',
        'emptyMap: {}',
        'emptyList: []',
        'atKey:',
        '- a',
        '- b: 1',
        '  c:',
        '    - x',
        '    - {}',
        'deeper:',
        '  - name: one',
        '    ports:',
        '    - containerPort: 8500',
        '      name: http',
        '  - name: two',
        '# a comment between entries',
        'last: 1',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['literal, clip', '|'],
    ['literal, strip', '|-'],
    ['folded, clip', '>'],
    ['folded, strip', '>-'],
  ])('a block scalar (%s): inside, in a list item, with blank lines, and as the last value', (_name, indicator) => {
    const block = (indent: string) => [`${indent}line one`, `${indent}  more indented`, '', `${indent}line three`, ''].join('\n');
    const text = `data:\n  config.hcl: ${indicator}\n${block('    ')}  other: 1\nitems:\n- ${indicator}\n${block('  ')}last: ${indicator}\n${block('  ')}`;
    expectJsYamlValue(text);
    // the last value with the stream's line break after it, and without one (the stream's end)
    expectJsYamlValue(`last: ${indicator}\n  a\n  b\n`);
    expectJsYamlValue(`last: ${indicator}\n  a\n  b`);
  });

  it('scalars folded over several lines (kustomize wraps long ones): double-quoted with escapes, single-quoted, plain', () => {
    expectJsYamlValue(
      [
        'spec:',
        '  command:',
        '  - "consul agent \\',
        '    -data-dir=/consul/data \\n  -hcl=\\"x\\"',
        '',
        '    -retry-join=a"',
        "  single: 'one ''two''",
        "    three'",
        '  plain: one two',
        '    three four',
        '',
        '    five',
        '  after: 1',
        '',
      ].join('\n'),
    );
  });

  it('literal block scalars read here: leading blank lines, blank lines of fewer spaces than the indentation, trailing spaces', () => {
    const body = ['', '  ', '    x  ', '', '     y', '  ', ''];
    expect(literalScalar(body, false)).toBe('\n\nx  \n\n y\n');
    expect(literalScalar(body, true)).toBe('\n\nx  \n\n y');
    for (const indicator of ['|', '|-']) expectJsYamlValue(`a: ${indicator}\n\n  \n    x  \n\n     y\n  \n\nb: ${indicator}\n  only\n`);
  });

  it('literal block scalars left to js-yaml, still its value: a blank line of more spaces than the indentation, only blank lines', () => {
    expect(literalScalar(['  x', '     ', '  y'], false)).toBeUndefined();
    expect(literalScalar(['', '  '], true)).toBeUndefined();
    expect(literalScalar(['    x', '  y'], false)).toBeUndefined();
    expectJsYamlValue('a: |\n  x\n     \n  y\nb: 1\n');
    expectJsYamlValue('a: |-\n\n  \nb: 1\n');
  });

  it('a leading --- line and comments', () => {
    expectJsYamlValue('# head\n---\n# before\napiVersion: v1 # trailing\nkind: ConfigMap\n');
  });

  it('through parseRendered: a block scalar at the end of a document that is not the stream last keeps its line break', () => {
    const stream = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n    x\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  b: |-\n    y\n';
    const values = parseRendered({ yaml: stream, file: 's.yaml' }).resources.map((resource) => resource.object);
    expect(values).toStrictEqual(stream.split('---\n').map((text) => load(text)));
    expect((values[0] as { data: { a: string } }).data.a).toBe('x\n');
  });
});

describe('blockValue leaves to js-yaml (no value) what it does not read exactly', () => {
  it.each([
    ['a keep indicator', 'a: |+\n  x\n\nb: 1\n', true],
    ['an indentation indicator', 'a: |2\n    x\nb: 1\n', true],
    ['a quoted scalar continued at its owner indentation (js-yaml: deficient indentation)', 'a:\n  b: "one\n  two"\n', true],
    ['a comment before the lines a plain scalar folds in (js-yaml: bad indentation)', 'a: one # c\n  two\nb: 1\n', true],
    ['__proto__ as a key (it would set the prototype of a plain object)', '__proto__: x\n', true],
    ['an escape js-yaml refuses', 'a: "\\q"\n', true],
    ['a duplicate key', 'a: 1\na: 2\n', false],
    ['a non-empty flow collection', 'a: {b: 1}\n', false],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n', false],
    ['a tag', 'a: !!str 1\n', false],
    ['a tab', 'a:\n\t- 1\n', false],
    ['a carriage return', 'a: 1\r\n', false],
    ['a document that is a scalar', 'just text\n', false],
    ['an empty document', '# only a comment\n', false],
    ['a --- line with content', '--- {a: 1}\n', false],
  ])('%s', (_name, text, indexed) => {
    expect(blockValue(text)).toBeUndefined();
    // the positions of the shapes that only the value leaves out are still indexed
    expect(indexBlockYaml(text) !== undefined).toBe(indexed);
  });

  it('the same documents still parse through the fast path with js-yaml, to the same objects', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: |+\n    x\n\n  b: "one\n    two"\n';
    expect(parseRendered({ yaml: text, file: 'k.yaml' }).resources[0]?.object).toStrictEqual(load(text));
  });
});

describe('blockValue on generated documents', () => {
  /** Keys and strings as manifests hold them, and some that YAML must quote or write as a block scalar. */
  const text = fc.oneof(
    fc.stringMatching(/^[a-z][a-zA-Z0-9.-]{0,12}$/),
    fc.constantFrom(
      'yes',
      'on',
      'true',
      '1',
      '0755',
      '1e3',
      '.inf',
      '~',
      'null',
      'a: b',
      '# c',
      '- d',
      "it's",
      'x\ny\n',
      ' lead',
      'trail ',
    ),
    fc.string({ maxLength: 12 }),
  );
  const leaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(text, tie('node'), { maxKeys: 5 }),
    ),
  })).node;

  const sameAsJsYaml = (object: Record<string, unknown>): boolean => {
    const yaml = stringify(object);
    const value = blockValue(yaml);
    if (value === undefined) return false;
    expect(value.value).toStrictEqual(load(yaml));
    expect(JSON.stringify(value.value)).toBe(JSON.stringify(load(yaml)));
    return true;
  };

  it('reads what `yaml` writes as js-yaml reads it, whenever it reads it at all', () => {
    fc.assert(
      fc.property(fc.dictionary(text, tree, { minKeys: 1, maxKeys: 6 }), (object) => void sameAsJsYaml(object)),
      { numRuns: 400 },
    );
  });

  it('reads most documents of manifest-like keys and values (a reader that gave up on everything would pass the property)', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9.-]{0,12}$/);
    const value = fc.oneof(key, fc.integer(), fc.boolean(), fc.constant('multi\nline\n'));
    const manifest = fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 4 }), fc.array(value, { maxLength: 3 })), {
      minKeys: 1,
      maxKeys: 6,
    });
    // a fixed seed: the share read is a figure of this reader, not of the draw
    const samples = fc.sample(manifest, { numRuns: 200, seed: 20261207 });
    expect(samples.filter(sameAsJsYaml).length).toBeGreaterThan(190);
  });
});
