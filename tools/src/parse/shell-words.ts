/**
 * Split a POSIX shell script into simple commands and their words, the way sh would before running
 * them: quotes removed, backslash-newline joined, `;`, `&&`, `||`, `|` and newlines ending a command.
 * Parameter expansions (`$VAR`, `${VAR}`, `$(cmd)`) are kept as written: they exist only at run time.
 */

export interface ShellCommand {
  words: string[];
}

export function shellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | undefined;
  const flushWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const flushCommand = () => {
    flushWord();
    if (words.length > 0) commands.push({ words });
    words = [];
  };
  for (let index = 0; index < script.length; index += 1) {
    const char = script[index] ?? '';
    const next = script[index + 1] ?? '';
    if (char === '\\') {
      if (next === '\n') {
        index += 1;
        continue;
      }
      word = (word ?? '') + next;
      index += 1;
    } else if (char === "'") {
      const end = script.indexOf("'", index + 1);
      const stop = end === -1 ? script.length : end;
      word = (word ?? '') + script.slice(index + 1, stop);
      index = stop;
    } else if (char === '"') {
      let value = '';
      index += 1;
      while (index < script.length && script[index] !== '"') {
        const current = script[index] ?? '';
        // an escape needs a next character: ''.includes('') is true, and a last backslash read undefined as text
        if (current === '\\' && index + 1 < script.length && '"\\$`\n'.includes(script[index + 1] ?? '')) {
          if (script[index + 1] !== '\n') value += script[index + 1];
          index += 2;
          continue;
        }
        value += current;
        index += 1;
      }
      word = (word ?? '') + value;
    } else if (char === '$' && next === '(') {
      // Command substitution: keep it whole, nested parentheses included.
      let depth = 0;
      let end = index;
      for (; end < script.length; end += 1) {
        if (script[end] === '(') depth += 1;
        else if (script[end] === ')' && --depth === 0) break;
      }
      word = (word ?? '') + script.slice(index, end + 1);
      index = end;
    } else if (char === '#' && word === undefined) {
      while (index < script.length && script[index] !== '\n') index += 1;
      flushCommand();
    } else if (char === '\n' || char === ';' || char === '|' || (char === '&' && next === '&')) {
      if ((char === '|' && next === '|') || (char === '&' && next === '&')) index += 1;
      flushCommand();
    } else if (char === ' ' || char === '\t') {
      flushWord();
    } else {
      word = (word ?? '') + char;
    }
  }
  flushCommand();
  return commands;
}

/** The words after `program sub` in a script or an exec-form command line (exec and paths allowed). */
export function invocationsOf(words: readonly string[], program: string, subcommand?: string): string[][] {
  const found: string[][] = [];
  words.forEach((word, index) => {
    if (word !== program && !word.endsWith(`/${program}`)) return;
    if (subcommand === undefined) found.push(words.slice(index + 1));
    else if (words[index + 1] === subcommand) found.push(words.slice(index + 2));
  });
  return found;
}

/** Programs that take a script: `sh -c SCRIPT` and its relatives. */
export const SHELL_PROGRAM = /(^|\/)(sh|bash|ash|dash|zsh|ksh)$/;

/**
 * The script a container runs through a shell (`sh -ec SCRIPT`, the script in command or in args),
 * with its index in command + args; undefined for an exec-form command.
 */
export function shellScriptOf(command: readonly string[], args: readonly string[]): { text: string; index: number } | undefined {
  const words = [...command, ...args];
  if (!SHELL_PROGRAM.test(words[0] ?? '')) return undefined;
  const index = words.findIndex((word, position) => position > 0 && !word.startsWith('-'));
  if (index === -1 || !words.slice(1, index).some((word) => word.includes('c'))) return undefined;
  return { text: words[index] ?? '', index };
}
