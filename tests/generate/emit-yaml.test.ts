/**
 * generate/emit-yaml.ts writes what yaml's stringify writes with the same options, byte for byte: on every document
 * the generator writes (the committed spec and variants), every committed and fixture YAML document, and arbitrary
 * JSON-like values with nasty strings. Where it is not sure it returns undefined and toYaml asks yaml, so the check
 * is `emitYaml(value) ?? stringify(value)` against `stringify(value)`; the committed tree must not need yaml at all.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, parse, parseAllDocuments, stringify } from 'yaml';
import { parseSpec } from '../../tools/src/environments/load.js';
import { emitYaml, NOT_STRING, YAML_OPTIONS } from '../../tools/src/generate/emit-yaml.js';
import { generate } from '../../tools/src/generate/index.js';
import { REPO_ROOT } from '../helpers/repo.js';

/** What yaml writes: the reference. */
const reference = (value: unknown): string => stringify(value, YAML_OPTIONS);

/** What toYaml writes for one (already ordered) document. */
const written = (value: unknown): string => emitYaml(value) ?? reference(value);

function isJsonLike(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonLike);
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isJsonLike);
}

/** A parsed document's value; undefined for one with errors or too many aliases (a fixture's alias bomb). */
function valueOf(document: Document): unknown {
  if (document.errors.length > 0) return undefined;
  try {
    return document.toJS() as unknown;
  } catch {
    return undefined;
  }
}

/** The JSON-like values of a YAML text's documents; a document that does not parse, or holds more than JSON, is left out. */
function documentsOf(text: string): unknown[] {
  return [...parseAllDocuments(text)].map(valueOf).filter(isJsonLike);
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const specText = await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8');

/** The committed spec with other branches of the generator taken: a digest, a plugin sync gate, tolerations, a datacenter. */
function variantSpecText(): string {
  const input = parse(specText) as { environments: Record<string, Record<string, unknown>> };
  const { dev, prod } = input.environments;
  if (!dev || !prod) throw new Error('environments.yaml has no dev or prod environment');
  dev.clientTolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }];
  prod.images = { consul: `hashicorp/consul:1.22.7@sha256:${'4f'.repeat(32)}` };
  prod.syncGate = 'plugin';
  prod.datacenter = 'dc-east';
  return JSON.stringify(input);
}

describe.each([
  ['the committed spec', () => generate(parseSpec(specText))],
  ['the committed spec with local components', () => generate(parseSpec(specText), { localComponents: new Set(['dev', 'prod']) })],
  ['a variant spec (digest, plugin gate, tolerations, datacenter)', () => generate(parseSpec(variantSpecText()))],
])('every document generated from %s', (_name, tree) => {
  const files = [...tree()].filter(([path]) => path.endsWith('.yaml'));

  it('is written by emitYaml, exactly as yaml writes it, and the file is those documents after its banner', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const [path, text] of files) {
      const documents = documentsOf(text);
      for (const document of documents) {
        expect(emitYaml(document), path).toBeDefined();
        expect(emitYaml(document), path).toBe(reference(document));
      }
      expect(documents.map(written).join('---\n'), path).toBe(text.slice(text.indexOf('\n') + 1));
    }
  });
});

describe.each([
  ['committed under base/, overlays/ and argocd/', ['base', 'overlays', 'argocd'], true],
  ['under tests/fixtures', ['tests/fixtures'], false],
])('every YAML document %s', (_name, dirs, allFast) => {
  it(allFast ? 'is written by emitYaml, exactly as yaml writes it' : 'is written exactly as yaml writes it', async () => {
    const paths = (await Promise.all(dirs.map(yamlFilesUnder))).flat();
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      for (const document of documentsOf(await readFile(path, 'utf8'))) {
        if (allFast) expect(emitYaml(document), path).toBeDefined();
        expect(written(document), path).toBe(reference(document));
      }
    }
  });
});

describe('emitYaml', () => {
  it("quotes by the tests of yaml's own core schema for text that reads back as null, a bool or a number", () => {
    const { tags, compat } = new Document(null, YAML_OPTIONS).schema;
    const schemaTests = [...tags, ...(compat ?? [])].flatMap((tag) =>
      tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [tag.test] : [],
    );
    expect(NOT_STRING.map(String)).toEqual(schemaTests.map(String));
  });

  it.each([
    ['a string that reads as a bool, a number or null is double-quoted', { a: 'true', b: '8500', c: '1e3', d: '0x1F', e: '~', f: '' }],
    ['a string with only double quotes is single-quoted, with both or only single quotes double-quoted', ['say "hi"', "it's", `"it's"`]],
    ['an indicator first, ": " or " #" inside, a blank or ":" last is quoted', ['- a', '*a', 'a: b', 'a #b', 'a ', 'a:', '?', '@a', '%a']],
    ['a plain string keeps ":" or "#" not followed or preceded by a blank, and unicode', ['a:b', 'a#b', 'http://x#y', 'é 😀', 'a\u2028b']],
    ['keys are quoted by the same rules', { true: 1, '8500': 2, 'a: b': 3, "it's": 4, 'app.kubernetes.io/name': 5, '': 6 }],
    [
      'a multi-line string is a literal block: clip with one final newline, strip with none',
      { a: 'x\ny\n', b: 'x\n\n  y', c: ['{\n  "a": 1\n}\n'] },
    ],
    [
      'empty collections are flow, non-empty ones go on the next lines, one step in',
      { a: [], b: {}, c: [[1, [2]], { d: [] }], e: [{ f: { g: null } }] },
    ],
    ['numbers as JSON writes them, and -0', [0, -0, 1.5, -2, 1e21, 5e-7, Number.MAX_SAFE_INTEGER]],
  ])('%s', (_name, value) => {
    expect(emitYaml(value)).toBeDefined();
    expect(emitYaml(value)).toBe(reference(value));
  });

  it.each([
    ['a non-finite number', [Number.NaN, Infinity]],
    ['a control character (yaml escapes it)', ['a\rb']],
    ['a lone surrogate', ['\ud800']],
    ['a document marker at a line start, also after U+2028', [{ a: '--- x' }, { a: '...' }, { '\u2028%': null }]],
    ['a block ending in blanks or several newlines (kept chomping)', [{ a: 'x\ny ' }, { a: 'x\n\n' }, { a: 'x\n  ' }]],
    ['a block starting with a blank (indentation indicator)', [{ a: ' x\ny' }, { a: '\nx' }]],
    ['a key with a newline, or longer than 1024 characters', [{ 'a\nb': 1 }, { ['k'.repeat(1025)]: 1 }]],
    ['undefined, a Date or a Map', [[undefined], { a: new Date(0) }, new Map([['a', 1]])]],
    ['a string alone (depth-0 rules)', ['a']],
  ])('leaves %s to yaml', (_name, values) => {
    for (const value of values) expect(emitYaml(value)).toBeUndefined();
  });
});

/** Pieces of strings yaml treats specially: indicators, blanks, quotes, markers, escapes, scalar-looking words. */
const PIECES = [
  ...[' ', '\t', '\n', '\r', ':', ': ', ' #', '#', '- ', '-', '?', '? ', '"', "'", '\\', '---', '...', '%', '@', '`'],
  ...['{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '=', '<<', '~', '0', '1', '.', 'e', 'E', '+', 'x', 'o', '_'],
  ...['true', 'False', 'TRUE', 'yes', 'No', 'on', 'null', 'Null', 'NULL', '.inf', '-.Inf', '.nan', '.NaN', '0x1F', '0o17'],
  ...['1e3', '2024-01-01', '12:30:00', '\u0085', '\u2028', '\u2029', '\u00a0', '\ufeff', '\ud800', '\x7f', '\x00', '\x1b', 'a', 'é', '😀'],
];
const nastyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '-', '---', '...', '- a', 'a: b', 'a #b', '"', "'", '\n', 'a\n', '\na', 'a\n\n', 'a \nb'),
  fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 0.1)).map(String),
);
const simpleLine = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][\w./@=+-]*(?: [\w./@=+-]+)*$/),
  fc.constantFrom('true', 'null', '8500', '1.5', '0x1F', '', 'a: b', "it's", 'say "hi"'),
);
const simpleString = fc.oneof(
  simpleLine,
  fc.stringMatching(/^[A-Za-z{][\w "{}:,]*(?:\n[\w "{}:,]*)*\n?$/).filter((text) => /[^ \n]\n?$/.test(text)),
);

/** JSON-like values with strings from `text`, keys from `key`; `leaf` adds other scalars. */
const jsonLike = (text: fc.Arbitrary<string>, key: fc.Arbitrary<string>, leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      text,
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

describe('on arbitrary JSON-like values', () => {
  it('emitYaml or, where it gives up, yaml writes exactly what yaml writes', () => {
    const leaf = fc.oneof(fc.double(), fc.integer(), fc.constant(undefined));
    fc.assert(
      fc.property(jsonLike(nastyString, nastyString, leaf), (value) => {
        expect(written(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('emitYaml itself writes maps, sequences, finite numbers and simple strings (a test that fails without it)', () => {
    const leaf = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
    fc.assert(
      fc.property(jsonLike(simpleString, simpleLine, leaf), (value) => {
        fc.pre(typeof value !== 'string');
        expect(emitYaml(value)).toBe(reference(value));
      }),
      { numRuns: 1000 },
    );
  });
});
