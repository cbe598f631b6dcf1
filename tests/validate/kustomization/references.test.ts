/** pinnedCommit and lineOf: the remote pins and key lines the kustomization-file rules stand on. */
import { describe, expect, it } from 'vitest';
import { lineOf, pinnedCommit } from '../../../tools/src/validate/kustomization/references.js';
import type { KustomizationFile } from '../../../tools/src/validate/kustomization/file.js';

const SHA = '3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291';

describe('pinnedCommit', () => {
  it.each([
    ['a ref query of 40 hex digits', `https://github.com/example-org/extras//monitoring?ref=${SHA}`, SHA],
    ['a version query', `https://github.com/example-org/extras//monitoring?timeout=90&version=${SHA}`, SHA],
    ['a commit in a raw file URL', `https://raw.githubusercontent.com/example-org/extras/${SHA}/cm.yaml`, SHA],
    ['a tag', 'https://github.com/example-org/extras//monitoring?ref=v1.2.3', undefined],
    ['a commit under another query key', `https://github.com/example-org/extras//monitoring?depth=${SHA}`, undefined],
    ['ref= that is not in the query', `github.com/example-org/extras//monitoring&ref=${SHA}`, undefined],
  ])('%s', (_name, reference, expected) => {
    expect(pinnedCommit(reference)).toBe(expected);
  });
});

describe('lineOf', () => {
  const file = (lines: Record<string, number>) => ({ path: 'kustomization.yaml', content: {}, lines }) as KustomizationFile;
  it("is the key's line, else the fallback's, else no line key at all", () => {
    expect(lineOf(file({ 'resources/1': 4, resources: 2 }), 'resources/1', 'resources')).toStrictEqual({ line: 4 });
    expect(lineOf(file({ resources: 2 }), 'resources/1', 'resources')).toStrictEqual({ line: 2 });
    expect(lineOf(file({}), 'resources/1', 'resources')).toStrictEqual({});
  });
});
