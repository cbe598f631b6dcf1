/**
 * The fast parse path (js-yaml objects, positions on demand) and the positional path (`yaml` Documents with
 * source ranges) compared on one text: the same objects, refs, document lines, findings, and the same line
 * and scalar source for every JSON pointer (tests/parse/fast-path.test.ts, tests/parse/block-index.test.ts).
 */
import { expect } from 'vitest';
import { pointerSegment } from '../../tools/src/model/json.js';
import { parseRendered, parseWithPositions, type ParseOutput } from '../../tools/src/parse/documents.js';

/** Every JSON pointer in a value (objects and arrays, not their leaves' insides). */
function pointers(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pointers(item, `${prefix}/${index}`))];
  if (typeof value === 'object' && value !== null)
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pointers(item, `${prefix}/${pointerSegment(key)}`))];
  return [prefix];
}

const ODD_POINTERS = [
  '/nope',
  '/metadata/nope/deeper',
  '/spec/template/spec/containers/0',
  '/spec/template/spec/containers/00',
  '/spec/ports/',
  '/spec/ports/1.0',
  'spec',
  '/kind/x',
];

function comparable(output: ParseOutput) {
  return {
    findings: output.findings,
    resources: output.resources.map((resource) => ({
      ref: resource.ref,
      object: resource.object,
      location: resource.location,
      origin: resource.origin,
      lines: Object.fromEntries(pointers(resource.object).map((pointer) => [pointer, resource.lineOf(pointer)])),
      scalars: Object.fromEntries(pointers(resource.object).map((pointer) => [pointer, resource.scalarAt?.(pointer)])),
      // pointers that are not in the document, or that only yaml's Number() reading of a list index finds
      misses: Object.fromEntries(ODD_POINTERS.map((pointer) => [pointer, [resource.lineOf(pointer), resource.scalarAt?.(pointer)]])),
    })),
  };
}

export function expectSameParse(yaml: string, file: string): void {
  const fast = comparable(parseRendered({ yaml, file }));
  const positional = comparable(parseWithPositions({ yaml, file }));
  expect(fast, file).toEqual(positional);
}
