import { isMap, isSeq, type Document, type Node } from 'yaml';

/** The YAML node at a JSON pointer inside a parsed document, keeping its source range. */
export function nodeAt(document: Document, pointer: string): Node | undefined {
  let node: unknown = document.contents;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node)) node = node.get(Number(segment), true);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node as Node;
}
