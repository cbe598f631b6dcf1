/** Word wrapping for everything printed for people: the text report and the CLI's help. */

/**
 * `words` filled into lines of at most `width` columns: the first line starts with `firstIndent`, the
 * others with `indent`. A word longer than a line stays whole on its own line.
 */
export function wrapWords(words: readonly string[], width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
