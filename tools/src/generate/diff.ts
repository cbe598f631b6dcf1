/**
 * Unified diff of two texts (what `generate --check` prints): `---`/`+++` headers with a/ and b/ paths,
 * `@@` hunks with 3 lines of context, `\ No newline at end of file` where it applies. Pure.
 * jsdiff (`diff`) computes and formats it; only the paths are ours (/dev/null for a missing side).
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * The unified diff that turns `before` into `after` for one repository-relative path; `undefined`
 * stands for a file that does not exist (created or removed). Empty when the texts are equal.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string {
  if (before === after) return '';
  const from = before === undefined ? '/dev/null' : `a/${path}`;
  const to = after === undefined ? '/dev/null' : `b/${path}`;
  return createTwoFilesPatch(from, to, before ?? '', after ?? '', undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
}
