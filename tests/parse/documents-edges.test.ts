/** Control characters in a stream, and the lines of a kustomization whose key is written twice. */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../tools/src/parse/documents.js';
import { parseKustomization } from '../../tools/src/parse/kustomization.js';

const control = (yaml: string) =>
  parseRendered({ yaml, file: 'f', rendered: true }).findings.filter((finding) => finding.message.startsWith('control'));
const TAIL = ': YAML does not allow it, and kustomize and kubectl reject the file ("control characters are not allowed")';
const HINT = 'remove the character; to carry binary data, use a Secret or ConfigMap binaryData value in base64';

describe('control characters', () => {
  it('a NUL byte is named as one, at its line and column, as the first finding', () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: "x\u0000y"}\n';
    expect(parseRendered({ yaml, file: 'f', rendered: true }).findings[0]).toEqual({
      rule: 'yaml-parse',
      severity: 'error',
      message: `control character U+0000 (a NUL byte) at column 13${TAIL}`,
      hint: HINT,
      location: { file: 'f', line: 4, col: 13, rendered: true },
    });
  });

  it('DEL and U+FFFE by their code, four hex digits upper case; tab, CR and NEL are allowed', () => {
    expect(control('a: "\u007f"').map((finding) => [finding.message, finding.location])).toEqual([
      [`control character U+007F at column 5${TAIL}`, { file: 'f', line: 1, col: 5, rendered: true }],
    ]);
    expect(control('x: 1\n\n  \uFFFE').map((finding) => [finding.message, finding.location])).toEqual([
      [`control character U+FFFE at column 3${TAIL}`, { file: 'f', line: 3, col: 3, rendered: true }],
    ]);
    expect(control('a:\t"\r"\nb: "\u0085"\n')).toEqual([]);
  });
});

describe('parseKustomization', () => {
  it('a key written twice: the later one is read and its line kept, the duplicate named with both lines', () => {
    expect(parseKustomization('k/kustomization.yaml', 'resources:\n- a\n- b\nnamePrefix: x-\nresources:\n- c\n')).toEqual({
      path: 'k/kustomization.yaml',
      content: { resources: ['c'], namePrefix: 'x-' },
      // only the later list's entries: the first list's second entry (line 3) is not read, so it has no line
      lines: { resources: 5, 'resources/0': 6, namePrefix: 4 },
      duplicateKeys: [{ key: 'resources', line: 5, firstLine: 1 }],
    });
    // a later value that is no list leaves no entry line at all
    expect(parseKustomization('k', 'resources:\n- a\nresources: []\n')?.lines).toEqual({ resources: 3 });
  });

  it('no mapping, or invalid YAML: none; a key that is not text has no line', () => {
    expect(parseKustomization('k', '- a\n')).toBeUndefined();
    expect(parseKustomization('k', 'a: [\n')).toBeUndefined();
    expect(parseKustomization('k', '1: a\nb: 2\n')).toEqual({ path: 'k', content: { 1: 'a', b: 2 }, lines: { b: 2 } });
  });
});
