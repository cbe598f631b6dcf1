/**
 * What the sync gate prints (tools/src/pipeline/gate-manifests.ts): the render less the suppression annotations,
 * byte for byte otherwise. tests/cmp/gate.test.ts holds the same function against real renders through the CLI.
 */
import { describe, expect, it } from 'vitest';
import { stripSuppressionAnnotations } from '../../tools/src/pipeline/gate-manifests.js';

describe('stripSuppressionAnnotations', () => {
  it.each([
    {
      behaviour: 'leaves a stream as it is when one of its documents does not parse, even after good ones',
      input: 'metadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: a\n---\nkey: [unclosed\n',
    },
    {
      behaviour: 'keeps an empty annotations map that held no suppression',
      input: 'metadata:\n  annotations: {}\n  name: a\n',
    },
    {
      behaviour: 'skips an annotations key whose value is not a map',
      input: 'metadata:\n  annotations: x\n  name: a\n',
    },
  ])('$behaviour', ({ input }) => {
    expect(stripSuppressionAnnotations(input)).toBe(input);
  });

  // the spacing is not what the YAML library writes, so only a byte-exact cut keeps it (a re-serialisation would not)
  it('cuts a block scalar reason up to the end of its last line, and a plain value up to its newline, byte for byte', () => {
    const input =
      'kind: A\nmetadata:\n    annotations:\n        consul-gitops/ignore: x\n        consul-gitops/ignore-reason: |\n            long reason\n        keep:   "1"\n    name:   a\n';
    expect(stripSuppressionAnnotations(input)).toBe('kind: A\nmetadata:\n    annotations:\n        keep:   "1"\n    name:   a\n');
  });

  it('cuts a suppression with a comment after its value up to its newline, byte for byte', () => {
    const input = 'kind: A\nmetadata:\n    annotations:\n        consul-gitops/ignore: x   # why\n        keep:   "1"\n    name:   a\n';
    expect(stripSuppressionAnnotations(input)).toBe('kind: A\nmetadata:\n    annotations:\n        keep:   "1"\n    name:   a\n');
  });

  it('cuts a suppression that ends the text without a newline, byte for byte', () => {
    const input = 'kind: A\nmetadata:\n    name:   a\n    annotations:\n        keep:   "1"\n        consul-gitops/ignore: x';
    expect(stripSuppressionAnnotations(input)).toBe('kind: A\nmetadata:\n    name:   a\n    annotations:\n        keep:   "1"\n');
  });

  it('strips the suppressions of the map items of a List and keeps its other items', () => {
    const input = 'kind: List\nitems:\n- 1\n- metadata:\n    annotations:\n      consul-gitops/ignore: x\n    name: a\n';
    expect(stripSuppressionAnnotations(input)).toBe('kind: List\nitems:\n- 1\n- metadata:\n    name: a\n');
  });

  it.each([
    {
      behaviour: 'returns a render without suppressions unchanged',
      input: 'kind: A\nmetadata:\n  annotations:\n    a: "1"\n  name: a\n',
      expected: 'kind: A\nmetadata:\n  annotations:\n    a: "1"\n  name: a\n',
    },
    {
      behaviour: 'drops an annotations key whose only entries are suppressions, with folded continuation lines',
      input:
        "kind: A\nmetadata:\n  annotations:\n    consul-gitops/ignore: x\n    consul-gitops/ignore-reason: 'long\n      reason'\n  name: a\nspec: {}\n",
      expected: 'kind: A\nmetadata:\n  name: a\nspec: {}\n',
    },
    {
      behaviour: 'removes the accepted-risks annotation too',
      input: 'metadata:\n  annotations:\n    consul-gitops/accepted-risks: x\n    keep: "1"\n  name: a\n',
      expected: 'metadata:\n  annotations:\n    keep: "1"\n  name: a\n',
    },
    {
      behaviour: 'keeps other annotations and their order',
      input:
        'metadata:\n  annotations:\n    a: "1"\n    consul-gitops/ignore: x\n    consul-gitops/ignore-reason: y\n    z: "2"\n  name: a\n',
      expected: 'metadata:\n  annotations:\n    a: "1"\n    z: "2"\n  name: a\n',
    },
    {
      behaviour: 'removes the last entry of a document that does not end in a newline',
      input: 'metadata:\n  name: a\n  annotations:\n    a: "1"\n    consul-gitops/ignore: x',
      expected: 'metadata:\n  name: a\n  annotations:\n    a: "1"\n',
    },
    {
      behaviour: 'removes a suppression whose value is empty',
      input: 'metadata:\n  annotations:\n    consul-gitops/ignore:\n    a: "1"\n  name: a\n',
      expected: 'metadata:\n  annotations:\n    a: "1"\n  name: a\n',
    },
    {
      behaviour: 'leaves the same text inside a ConfigMap value alone',
      input: 'data:\n  notes: |\n    consul-gitops/ignore: x\nmetadata:\n  name: a\n',
      expected: 'data:\n  notes: |\n    consul-gitops/ignore: x\nmetadata:\n  name: a\n',
    },
    {
      behaviour: 'leaves a suppression key outside metadata.annotations alone (labels, spec)',
      input: 'metadata:\n  labels:\n    consul-gitops/ignore: x\n  name: a\nspec:\n  annotations:\n    consul-gitops/ignore: y\n',
      expected: 'metadata:\n  labels:\n    consul-gitops/ignore: x\n  name: a\nspec:\n  annotations:\n    consul-gitops/ignore: y\n',
    },
    {
      behaviour: 'handles the items of a List, indented deeper',
      input:
        'kind: List\nitems:\n- kind: A\n  metadata:\n    annotations:\n      consul-gitops/ignore: x\n      consul-gitops/ignore-reason: y\n    name: a\n',
      expected: 'kind: List\nitems:\n- kind: A\n  metadata:\n    name: a\n',
    },
    {
      behaviour: 'leaves the items of a document that is not a List alone',
      input: 'kind: Other\nitems:\n- metadata:\n    annotations:\n      consul-gitops/ignore: x\n    name: a\n',
      expected: 'kind: Other\nitems:\n- metadata:\n    annotations:\n      consul-gitops/ignore: x\n    name: a\n',
    },
    {
      behaviour: 'skips objects whose metadata or annotations are not maps, and documents that are not maps',
      input:
        'metadata: x\n---\nmetadata:\n  annotations: [a]\n---\n- a\n---\nmetadata:\n  annotations:\n    consul-gitops/ignore: x\n    b: c\n',
      expected: 'metadata: x\n---\nmetadata:\n  annotations: [a]\n---\n- a\n---\nmetadata:\n  annotations:\n    b: c\n',
    },
    {
      behaviour: 'removes the suppressions of every document and keeps the separators',
      input:
        'kind: A\nmetadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: a\n---\nkind: B\nmetadata:\n  annotations:\n    consul-gitops/ignore-reason: y\n    keep: k\n  name: b\n',
      expected: 'kind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  annotations:\n    keep: k\n  name: b\n',
    },
    {
      behaviour: 'removes the keys in quoted form, keeps a flow-style map equal (re-serialised)',
      input: 'metadata:\n  annotations: {"consul-gitops/ignore": x, a: b}\n  name: a\n',
      expected: 'metadata:\n  annotations: { a: b }\n  name: a\n',
    },
    {
      behaviour: 're-serialises every document, without a document start marker, when cutting lines would change another value',
      input: '---\nmetadata:\n  annotations: {"consul-gitops/ignore": x, a: b}\n  name: a\n---\nkind: B\n',
      expected: 'metadata:\n  annotations: { a: b }\n  name: a\n---\nkind: B\n',
    },
    {
      behaviour: 'cuts the line of a flow-style annotations map that holds only suppressions, keeping the document markers',
      input: '---\nmetadata:\n  annotations: {"consul-gitops/ignore": x}\n  name: a\n---\nkind: B\n',
      expected: '---\nmetadata:\n  name: a\n---\nkind: B\n',
    },
    {
      behaviour: 'leaves text that does not parse as it is',
      input: 'metadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: [a\n',
      expected: 'metadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: [a\n',
    },
    {
      behaviour: 'leaves text with a duplicate key as it is',
      input: 'metadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: a\n  name: b\n',
      expected: 'metadata:\n  annotations:\n    consul-gitops/ignore: x\n  name: a\n  name: b\n',
    },
  ])('$behaviour', ({ input, expected }) => expect(stripSuppressionAnnotations(input)).toBe(expected));
});
