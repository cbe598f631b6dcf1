/** How a diff prints a value: on one line, cut to a limit; a changed pair cut where it differs. */
export function showValue(value: unknown, limit = 100): string {
  const text = value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > limit ? `${line.slice(0, limit - 3)}...` : line;
}

/**
 * Both sides of a changed value, cut to `limit` around their first difference: a long ConfigMap
 * entry that changes near its end must not print the same prefix twice.
 */
export function showChange(before: unknown, after: unknown, limit: number): [string, string] {
  const whole = (value: unknown): string =>
    (value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s*\n\s*/g, ' ');
  const [from, to] = [whole(before), whole(after)];
  if (from.length <= limit && to.length <= limit) return [from, to];
  let first = 0;
  while (first < from.length && first < to.length && from[first] === to[first]) first += 1;
  const start = Math.max(0, first - Math.floor(limit / 3));
  const cut = (text: string): string =>
    `${start > 0 ? '...' : ''}${text.slice(start, start + limit)}${start + limit < text.length ? '...' : ''}`;
  return [cut(from), cut(to)];
}
