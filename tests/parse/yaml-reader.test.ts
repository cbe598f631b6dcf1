/** parse/yaml-reader.ts: the one YAML reader and its policy (duplicate keys, alias and depth limits, positions on demand). */
import { describe, expect, it } from 'vitest';
import { stripSuppressionAnnotations } from '../../tools/src/pipeline/gate-manifests.js';
import { MAX_ALIAS_COUNT } from '../../tools/src/model/yaml-limits.js';
import { parseKustomization } from '../../tools/src/parse/kustomization.js';
import { readKeyLines, readYamlDocument, readYamlStream, readYamlValues } from '../../tools/src/parse/yaml-reader.js';

/** A valid kustomize Component whose anchor is used 150 times: past yaml's default alias limit (100), well under ours. */
const SHARED_ANCHOR_USES = 150;
const COMPONENT = [
  'apiVersion: kustomize.config.k8s.io/v1alpha1',
  'kind: Component',
  'x-team: &team { team: platform }',
  'x-labels:',
  ...Array.from({ length: SHARED_ANCHOR_USES }, (_, index) => `  - { pairs: *team, n${index}: 1 }`),
  '',
].join('\n');

/** The same sharing inside a ConfigMap, with a suppression annotation the gate removes. */
const CONFIG_MAP = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: shared',
  '  annotations:',
  '    consul-gitops/ignore: image-pinned',
  '    consul-gitops/ignore-reason: a test fixture, not deployed',
  'data:',
  '  a: &value hello',
  ...Array.from({ length: SHARED_ANCHOR_USES }, (_, index) => `  k${index}: *value`),
  '',
].join('\n');

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...'bcdefgh'.split('').map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`),
  '',
].join('\n');

describe('the one YAML reader', () => {
  it('reads a Component sharing one anchor 150 times (yaml’s default limit of 100 threw on it)', () => {
    const document = readYamlDocument(COMPONENT);
    expect(document.problems).toEqual([]);
    const value = document.value();
    expect(value.ok).toBe(true);
    expect((value as { value: { 'x-labels': unknown[] } }).value['x-labels']).toHaveLength(SHARED_ANCHOR_USES);
    expect(SHARED_ANCHOR_USES).toBeLessThan(MAX_ALIAS_COUNT);
  });

  it('the callers that kept yaml’s default limit now read that sharing: the gate and the kustomization reader (the base index reads objects, not YAML)', () => {
    const stripped = stripSuppressionAnnotations(CONFIG_MAP);
    expect(stripped).not.toContain('consul-gitops/ignore');
    expect(stripped).toContain('k149: *value');
    expect(parseKustomization('overlays/prod/local/kustomization.yaml', COMPONENT)?.content.kind).toBe('Component');
  });

  it('a key written twice is a problem at the later key, as the API server refuses it under strict field validation', () => {
    const document = readYamlDocument('a: 1\nb: 2\na: 3\n');
    expect(document.problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_KEY', line: 3, col: 1, tooDeep: false })]);
    expect(document.problems[0]?.message).toMatch(/^duplicate key in one mapping: /);
    expect(document.valueOrUndefined()).toBeUndefined();
  });

  it("duplicateKeys: 'last' reads a key written twice as its last value (kustomize, JSON.parse)", () => {
    const document = readYamlDocument('a: 1\nb: 2\na: 3\n', { duplicateKeys: 'last' });
    expect(document.problems).toEqual([]);
    expect(document.valueOrUndefined()).toEqual({ a: 3, b: 2 });
    expect(readKeyLines('{\n "a": 1,\n "b": {"c": [1, {"d": 2}]},\n "a": 3\n}\n', { duplicateKeys: 'last' })).toEqual(
      new Map([
        ['a', 4],
        ['b', 3],
        ['b.c', 3],
        ['b.c.1.d', 3],
      ]),
    );
  });

  it('an alias bomb is a limit message, not a throw; an alias before its anchor is named as such', () => {
    const bomb = readYamlDocument(BOMB).value();
    expect(bomb).toEqual({ ok: false, undefinedAlias: false, message: expect.stringMatching(/^too many YAML alias expansions/) });
    const early = readYamlDocument('a: *x\nb: &x 1\n');
    expect(early.value()).toEqual({ ok: false, undefinedAlias: true, message: expect.stringMatching(/^undefined alias \*x/) });
    expect(early.valueOrUndefined()).toBeUndefined();
  });

  it('a document nested past the parser’s stack is one "too deep" problem', () => {
    const deep = readYamlDocument(`${'['.repeat(4000)}${']'.repeat(4000)}\n`);
    expect(deep.problems.filter((problem) => problem.tooDeep)).toHaveLength(1);
    expect(deep.problems[0]?.message).toMatch(/too deep/);
  });

  it('positions on demand: start lines, the line of a pointer, the key path at an offset', () => {
    const text = 'a: 1\n---\nkind: ConfigMap\nmetadata:\n  name: x\n';
    const [first, second] = readYamlStream(text);
    expect(first?.line).toBe(1);
    expect(second?.line).toBe(2);
    expect(second?.lineOf('/metadata/name')).toBe(5);
    expect(second?.lineOf('/spec')).toBeUndefined();
    expect(second?.keyPathAt(text.indexOf('name'))).toEqual(['metadata', 'name']);
    expect(second?.position(text.indexOf('name'))).toEqual({ line: 5, col: 3 });
  });

  it('readYamlValues keeps the documents that read and leaves out the broken ones; an empty text has no document', () => {
    expect(readYamlValues('a: 1\n---\nb: 1\nb: 2\n---\nc: 3\n')).toEqual([{ a: 1 }, { c: 3 }]);
    expect(readYamlValues('a: 1\n---\n---\nc: 3\n')).toEqual([{ a: 1 }, null, { c: 3 }]);
    expect(readYamlStream('')).toEqual([]);
    expect(readYamlStream('# only a comment\n')).toEqual([]);
  });
  it('a problem carries yaml’s first line as its detail, its offset, line and column', () => {
    expect(readYamlDocument('a: 1\nb: 2\na: 3\n').problems).toEqual([
      {
        code: 'DUPLICATE_KEY',
        detail: 'Map keys must be unique',
        message: 'duplicate key in one mapping: Map keys must be unique',
        tooDeep: false,
        offset: 10,
        line: 3,
        col: 1,
      },
    ]);
  });

  it('keyPathAt names a map key starting at the offset, through lists and flow collections; any other offset has none', () => {
    const text = 'a:\n  - x: 1\n    y: [1, {z: 2}]\n  - 5\nb: c\n';
    const document = readYamlDocument(text);
    const at = (offset: number) => document.keyPathAt(offset);
    expect(at(0)).toEqual(['a']);
    expect(at(text.indexOf('x:'))).toEqual(['a', '0', 'x']);
    expect(at(text.indexOf('y:'))).toEqual(['a', '0', 'y']);
    expect(at(text.indexOf('z:'))).toEqual(['a', '0', 'y', '1', 'z']);
    expect(at(text.indexOf('b:'))).toEqual(['b']);
    // inside a key, on a value, on a list item, past the end
    for (const offset of [1, text.indexOf(' 1\n'), text.indexOf('5'), text.indexOf('c\n'), text.length])
      expect(at(offset), String(offset)).toBeUndefined();
    expect(readYamlDocument('just text\n').keyPathAt(0)).toBeUndefined();
  });

  it('keyPathAt: a key right after a block list or mapping is its own, not searched for inside them (their range ends where it starts)', () => {
    for (const text of ['a:\n  - 1\na: 2\n', 'a:\n  b: 1\n\n  c: 2\na: 3\n', 'x:\n  a:\n    - 1\n  a: 2\n']) {
      const document = readYamlDocument(text);
      const [problem] = document.problems;
      expect(problem?.code).toBe('DUPLICATE_KEY');
      expect(document.keyPathAt(problem!.offset), text).toEqual(text.startsWith('x') ? ['x', 'a'] : ['a']);
    }
  });

  it('lineOf the whole document is its first line; of a list item, the item', () => {
    const document = readYamlDocument('\n\na:\n  - 1\n  - 2\n');
    expect([document.lineOf(''), document.lineOf('/a/1'), document.lineOf('/a/2')]).toEqual([3, 5, undefined]);
  });

  it('keyPathAt passes over an entry without a value; lineOf passes over a key that is not text', () => {
    expect(readYamlDocument('a:\nb: 1\n').keyPathAt(3)).toEqual(['b']);
    const document = readYamlDocument('x:\n  ? [a]\n  : 1\n  b: 2\n');
    expect(document.lineOf('/x/b')).toBe(4);
    expect(readKeyLines('? [a]\n: {c: 1}\n')).toEqual(new Map([['.c', 2]]));
  });

  it('readKeyLines: list entries by index, keys that are not text left out', () => {
    expect(readKeyLines('? [a]\n: 1\nb:\n  - c: 1\n  - d: [e]\n')).toEqual(
      new Map([
        ['b', 3],
        ['b.0.c', 4],
        ['b.1.d', 5],
      ]),
    );
  });
});
