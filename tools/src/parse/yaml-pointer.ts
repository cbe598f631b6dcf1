import { isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';
import { pointerKeys } from '../model/json.js';

/** The YAML node at a JSON pointer inside a parsed document, keeping its source range. */
function nodeAt(document: Document, pointer: string): Node | undefined {
  let node: unknown = document.contents;
  for (const segment of pointerKeys(pointer)) {
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node)) node = node.get(Number(segment), true);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node as Node;
}

/** The source of the scalar at a JSON pointer: plain or quoted, and its text as written. */
export function scalarSourceAt(document: Document, pointer: string): { plain: boolean; text: string } | undefined {
  const node = nodeAt(document, pointer);
  if (!isScalar(node)) return undefined;
  const text = typeof node.source === 'string' ? node.source : String(node.value);
  return { plain: node.type === 'PLAIN', text };
}

/**
 * The node whose first line names a JSON pointer in a report: for a mapping entry its key (a block
 * mapping or list value starts on the line after its key: `label:` is the line to fix, not `app: x`),
 * otherwise the node itself. Undefined when the pointer is not in the document.
 */
export function lineNodeAt(document: Document, pointer: string): Node | undefined {
  if (!pointer) return nodeAt(document, pointer);
  const parent = nodeAt(document, pointer.slice(0, pointer.lastIndexOf('/')));
  if (!isMap(parent)) return nodeAt(document, pointer);
  const key = pointerKeys(pointer).at(-1) ?? '';
  const pair = parent.items.find((item) => (isScalar(item.key) ? String(item.key.value) === key : item.key === key));
  if (!pair) return undefined;
  return isNode(pair.key) && pair.key.range ? pair.key : isNode(pair.value) ? pair.value : undefined;
}
