/**
 * Unified diff of two texts (what `generate --check` prints): `---`/`+++` headers with a/ and b/ paths,
 * `@@` hunks with 3 lines of context, `\ No newline at end of file` where it applies. Pure.
 * The edit script is a longest common subsequence of the lines between a common prefix and suffix;
 * generated files are small, and their changes local, so the quadratic middle stays small.
 */

type Line = string;
interface Edit {
  kind: ' ' | '-' | '+';
  text: Line;
  /** Old and new line counts before this edit. */
  oldBefore: number;
  newBefore: number;
}

const NO_NEWLINE = '\n\\ No newline at end of file';
/** Above this many cells the middle is shown as all removed, then all added (still a correct diff). */
const MAX_TABLE_CELLS = 16_000_000;

/** Lines of a text; a last line without a newline carries the marker, so it differs from one with it. */
function splitLines(text: string | undefined): Line[] {
  if (text === undefined || text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_NEWLINE;
  return lines;
}

function middleEdits(a: readonly Line[], b: readonly Line[]): ('=' | '-' | '+')[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE_CELLS) return [...Array<'-'>(n).fill('-'), ...Array<'+'>(m).fill('+')];
  // lcs[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..]
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const script: ('=' | '-' | '+')[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      script.push('=');
      i++;
      j++;
    } else if (j === m || (i < n && (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      script.push('-'); // removals before additions within a change, as diff and git print them
      i++;
    } else {
      script.push('+');
      j++;
    }
  }
  return script;
}

function lineEdits(oldLines: readonly Line[], newLines: readonly Line[]): Edit[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const script = [
    ...Array<'='>(prefix).fill('='),
    ...middleEdits(oldLines.slice(prefix, oldLines.length - suffix), newLines.slice(prefix, newLines.length - suffix)),
    ...Array<'='>(suffix).fill('='),
  ];
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  for (const step of script) {
    if (step === '=') edits.push({ kind: ' ', text: oldLines[i] ?? '', oldBefore: i++, newBefore: j++ });
    else if (step === '-') edits.push({ kind: '-', text: oldLines[i] ?? '', oldBefore: i++, newBefore: j });
    else edits.push({ kind: '+', text: newLines[j] ?? '', oldBefore: i, newBefore: j++ });
  }
  return edits;
}

function range(start: number, count: number): string {
  // GNU/git convention: an empty range names the line before it; a count of 1 is left out
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/** The hunks of a diff, each `@@ -old +new @@` followed by its lines. */
function hunks(edits: readonly Edit[], context = 3): string[] {
  const changed = edits.flatMap((edit, index) => (edit.kind === ' ' ? [] : [index]));
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    const start = Math.max(0, index - context);
    if (last && start <= last[1] + 1) last[1] = Math.min(edits.length - 1, index + context);
    else groups.push([start, Math.min(edits.length - 1, index + context)]);
  }
  return groups.map(([from, to]) => {
    const slice = edits.slice(from, to + 1);
    const first = slice[0];
    const oldCount = slice.filter((edit) => edit.kind !== '+').length;
    const newCount = slice.filter((edit) => edit.kind !== '-').length;
    const header = `@@ -${range(first?.oldBefore ?? 0, oldCount)} +${range(first?.newBefore ?? 0, newCount)} @@`;
    return [header, ...slice.map((edit) => `${edit.kind}${edit.text}`)].join('\n');
  });
}

/**
 * The unified diff that turns `before` into `after` for one repository-relative path; `undefined`
 * stands for a file that does not exist (created or removed). Empty when the texts are equal.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string {
  if (before === after) return '';
  const body = hunks(lineEdits(splitLines(before), splitLines(after)), context);
  const header = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`];
  return `${[...header, ...body].join('\n')}\n`;
}
