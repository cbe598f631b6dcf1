/**
 * The order of a recursive listing: paths compared segment by segment (`a/b.yaml` before `a.yaml`, as a
 * depth-first walk that sorts each folder lists them), so `fs.readdir({ recursive: true })` replaces a
 * hand-written walker without changing what comes first.
 */
export function byPathSegments(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const order = (left[index] as string).localeCompare(right[index] as string);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}
