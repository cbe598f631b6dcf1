/**
 * What the sync gate prints once a render may sync: the render less the suppression annotations
 * (consul-gitops/ignore, ignore-reason, accepted-risks), removed on the parsed documents. They document an
 * accepted risk for reviewers and the checks, and never reach the cluster. A ConfigMap value that merely looks
 * like an annotation is data, kept as is. Origin annotations never appear: the render is a plain
 * `kustomize build` (no buildMetadata).
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { SUPPRESSION_ANNOTATION_KEYS } from '../model/suppression.js';
import { readYamlStream } from '../parse/yaml-reader.js';

const SUPPRESSION_KEYS: ReadonlySet<unknown> = new Set(SUPPRESSION_ANNOTATION_KEYS);

/** A byte range of the source to cut: whole lines, from the start of one to the start of another. */
type Cut = [start: number, end: number];

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line that holds the byte before `offset` (just past its newline). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** The objects a document holds: itself, and the items of a v1 List. */
function objectsOf(document: Document.Parsed): YAMLMap[] {
  const root: unknown = document.contents;
  if (!isMap(root)) return [];
  const kind = root.get('kind', true);
  const items = root.get('items', true);
  return [root, ...(isScalar(kind) && kind.value === 'List' && isSeq(items) ? items.items.filter(isMap) : [])];
}

/**
 * Remove the suppression annotations from one parsed document, in place, and return the lines of
 * its source they occupied (an `annotations:` key left empty goes too). Pure apart from the edit.
 */
function removeSuppressions(document: Document.Parsed, text: string): Cut[] {
  const cuts: Cut[] = [];
  for (const object of objectsOf(document)) {
    const metadata = object.get('metadata', true);
    if (!isMap(metadata)) continue;
    const annotationsPair = metadata.items.find((pair) => isScalar(pair.key) && pair.key.value === 'annotations');
    const annotations = annotationsPair?.value;
    if (!annotationsPair || !isMap(annotations)) continue;
    const suppressions = annotations.items.filter((pair) => isScalar(pair.key) && SUPPRESSION_KEYS.has(pair.key.value));
    if (suppressions.length === 0) continue;
    for (const pair of suppressions) {
      const key = pair.key as Scalar;
      const value = pair.value as Node | null;
      const [keyStart = 0, keyEnd = 0] = key.range ?? [];
      cuts.push([lineStart(text, keyStart), lineEnd(text, value?.range?.[1] ?? keyEnd)]);
      annotations.delete(key.value);
    }
    if (annotations.items.length === 0) {
      const key = annotationsPair.key as Scalar;
      cuts.push([lineStart(text, key.range?.[0] ?? 0), lineEnd(text, annotations.range?.[1] ?? 0)]);
      metadata.delete('annotations');
    }
  }
  return cuts;
}

const SERIALIZE = { lineWidth: 0, indentSeq: false } as const;

/**
 * Remove the suppression annotation entries from kustomize's YAML output, structurally: each parsed
 * document's `metadata.annotations` loses the two keys (and the `annotations` key, left empty), and
 * everything else stays byte for byte as kustomize wrote it: the lines the removed entries occupied
 * in the source are cut out. The result is parsed again and compared with the edited documents;
 * should they ever differ, the edited documents are re-serialised instead, so what is printed is
 * always what was checked less exactly the suppressions. Text that does not parse is left as it is
 * (the checks have reported it). Pure.
 */
export function stripSuppressionAnnotations(yaml: string): string {
  const read = readYamlStream(yaml);
  if (read.some((document) => document.problems.length > 0 || !document.value().ok)) return yaml;
  const documents = read.map((document) => document.document);
  const cuts = documents.flatMap((document) => removeSuppressions(document, yaml)).sort(([a], [b]) => a - b);
  if (cuts.length === 0) return yaml;
  let output = '';
  let from = 0;
  for (const [start, end] of cuts) {
    if (start > from) output += yaml.slice(from, start);
    from = Math.max(from, end);
  }
  output += yaml.slice(from);
  const expected = read.map((document) => document.valueOrUndefined());
  const reparsed = readYamlStream(output);
  const same =
    reparsed.length === expected.length &&
    reparsed.every((document, index) => document.problems.length === 0 && isDeepStrictEqual(document.valueOrUndefined(), expected[index]));
  if (same) return output;
  return documents
    .map((document) => {
      document.directives.docStart = null;
      return document.toString(SERIALIZE);
    })
    .join('---\n');
}
