/** One JSON pointer segment for an object key or list index (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
