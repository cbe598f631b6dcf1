// The hand-made mutant list of `npm run mutate:rules` (tools/scripts/rule-mutants.json): where a mutant's
// `find` text is in its source file, and whether every mutant still applies. `find` matches whatever the
// whitespace between its characters, so a reformat (Prettier wrapping a long line) does not orphan a mutant.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A global pattern for `find` that allows any whitespace (or none) between its non-blank characters. */
export function findPattern(find) {
  const characters = [...find].filter((character) => !/\s/.test(character));
  return new RegExp(characters.map((character) => character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s*'), 'g');
}

/** How many times `find` occurs in `text`, whitespace aside. */
export function occurrences(text, find) {
  return [...text.matchAll(findPattern(find))].length;
}

/** `text` with the one occurrence of `find` replaced by `replace`. */
export function applyMutant(text, find, replace) {
  const pattern = findPattern(find);
  pattern.lastIndex = 0;
  return text.replace(new RegExp(pattern.source), () => replace);
}

/** Every mutant must apply cleanly before anything runs: exactly one match, a real change, a file under tools/src. */
export function checkMutants(list, root) {
  const problems = [];
  const seen = new Set();
  for (const [index, mutant] of list.mutants.entries()) {
    const where = `mutant ${index} (${mutant.rule}: ${mutant.description})`;
    for (const field of ['rule', 'file', 'find', 'replace', 'description'])
      if (typeof mutant[field] !== 'string') problems.push(`${where}: ${field} is missing`);
    if (typeof mutant.file !== 'string' || typeof mutant.find !== 'string') continue;
    if (!mutant.file.startsWith('tools/src/')) problems.push(`${where}: ${mutant.file} is not under tools/src`);
    const path = join(root, mutant.file);
    if (!existsSync(path)) {
      problems.push(`${where}: ${mutant.file} does not exist`);
      continue;
    }
    const count = occurrences(readFileSync(path, 'utf8'), mutant.find);
    if (count !== 1) problems.push(`${where}: find occurs ${count} times in ${mutant.file}, not once`);
    if (mutant.find === mutant.replace) problems.push(`${where}: replace equals find`);
    const key = `${mutant.rule}\0${mutant.description}`;
    if (seen.has(key)) problems.push(`${where}: the same rule and description twice`);
    seen.add(key);
  }
  return problems;
}
