/**
 * The one "did you mean" of tools/src (spec keys, rule ids, Consul keys and flags, schema fields): the
 * candidate nearest to a mistyped name by Levenshtein distance, case and `-`/`_` ignored, when it is near
 * enough to be a typo. One threshold: at most a third of the shorter name's length (at least 1), or else
 * a shared start of 4 letters or more (a longer spelling: to-kubernetes for to-k8s).
 */

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] as number;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/-/g, '_');
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(lower, candidate.toLowerCase().replace(/-/g, '_'));
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.floor(Math.min(name.length, best.candidate.length) / 3));
  if (best.score <= limit) return best.candidate;
  // A longer spelling of the same start (to-kubernetes for to-k8s): the longest shared prefix of 4 or more.
  let prefixed: { candidate: string; length: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase().replace(/-/g, '_');
    let length = 0;
    while (length < lower.length && length < other.length && lower[length] === other[length]) length += 1;
    if (length >= 4 && (!prefixed || length > prefixed.length)) prefixed = { candidate, length };
  }
  return prefixed?.candidate;
}
