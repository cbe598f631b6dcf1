/** Shell scripts split into commands and words as sh would, the invocations of a program in them, and the script a shell runs. */
import { describe, expect, it } from 'vitest';
import { invocationsOf, SHELL_PROGRAM, shellCommands, shellScriptOf } from '../../tools/src/parse/shell-words.js';

const words = (script: string): string[][] => shellCommands(script).map((command) => command.words);

describe('shellCommands', () => {
  it.each([
    ['blanks and tabs between words', 'a  b\t\tc ', [['a', 'b', 'c']]],
    ['newline, ;, |, || and && end a command; a single & does not', 'a\nb;c|d||e&&f&g', [['a'], ['b'], ['c'], ['d'], ['e'], ['f&g']]],
    ['empty commands are dropped', ';;\n\n a ;; b', [['a'], ['b']]],
    ['a backslash keeps the next character; backslash-newline joins lines', 'a\\ b c\\\nd \\;', [['a b', 'cd', ';']]],
    ['single quotes keep everything up to the next one', "'a \"b\" $c \\d' x'y'z", [['a "b" $c \\d', 'xyz']]],
    ['an unclosed single quote runs to the end', "a 'b c", [['a', 'b c']]],
    ['an empty quoted word is a word', 'a \'\' "" b', [['a', '', '', 'b']]],
    [
      'double quotes: \\" \\\\ \\$ \\` are escapes, backslash-newline vanishes, any other backslash stays',
      '"a\\"b\\\\c\\$d\\`e\\\nf\\ng"',
      [['a"b\\c$d`ef\\ng']],
    ],
    ['an unclosed double quote runs to the end', 'a "b c', [['a', 'b c']]],
    ['a backslash last in an unclosed double quote stays a backslash', 'a "b\\', [['a', 'b\\']]],
    ['a backslash last in the script adds nothing', 'a b\\', [['a', 'b']]],
    ['only $( starts a substitution: a ( after another character is text, and ; in it still ends the command', 'a(b;c)', [['a(b'], ['c)']]],
    ['$(...) stays whole, nested parentheses and separators in it', 'echo $(a $(b; c) | d)x y', [['echo', '$(a $(b; c) | d)x', 'y']]],
    ['an unclosed $( runs to the end', 'echo $(a b', [['echo', '$(a b']]],
    ['$VAR and ${VAR} are kept as written', 'echo $A ${B}', [['echo', '$A', '${B}']]],
    ['a # at the start of a word is a comment to the end of the line; inside a word it is text', 'a#b # c d\ne', [['a#b'], ['e']]],
    ['a comment ends the command before it', 'a # c\n', [['a']]],
  ])('%s', (_name, script, expected) => {
    expect(words(script)).toEqual(expected);
  });

  it('no script, no commands', () => {
    expect(shellCommands('')).toEqual([]);
    expect(shellCommands(' \n# only a comment')).toEqual([]);
  });
});

describe('invocationsOf', () => {
  it('the words after the program, by name or by path, and after its subcommand when one is asked for', () => {
    const script = ['exec', '/bin/consul', 'agent', '-a', 'consul', 'members', 'consulx', 'agent', 'my-consul', 'agent'];
    expect(invocationsOf(script, 'consul')).toEqual([script.slice(2), script.slice(5)]);
    expect(invocationsOf(script, 'consul', 'agent')).toEqual([script.slice(3)]);
    expect(invocationsOf(script, 'consul', 'members')).toEqual([script.slice(6)]);
    expect(invocationsOf(script, 'consul', 'leave')).toEqual([]);
  });
});

describe('shellScriptOf', () => {
  it.each([
    ['sh -c SCRIPT', ['sh', '-c', 'echo hi'], [], { text: 'echo hi', index: 2 }],
    ['the script in args', ['/bin/bash'], ['-ec', 'echo hi', 'name'], { text: 'echo hi', index: 2 }],
    ['flags before -c', ['ash', '-e', '-x', '-c', 'run'], [], { text: 'run', index: 4 }],
    ['dash, zsh, ksh', ['/usr/bin/dash', '-c', 's'], [], { text: 's', index: 2 }],
  ])('%s', (_name, command, args, expected) => {
    expect(shellScriptOf(command, args)).toEqual(expected);
  });

  it.each([
    ['an exec-form command', ['consul', '-c', 'x']],
    ['a shell running a script file (no -c)', ['sh', '-e', 'script.sh']],
    ['a shell with flags only', ['sh', '-c']],
    ['a shell with flags only, -c among them', ['sh', '-c', '-x']],
    ['a program whose name only ends like a shell', ['fish', '-c', 'x']],
    ['no command', []],
  ])('none for %s', (_name, command) => {
    expect(shellScriptOf(command, [])).toBeUndefined();
  });

  it('SHELL_PROGRAM names the shells by name or path, nothing that only contains one', () => {
    expect(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', '/bin/sh', 'busybox/sh'].filter((name) => SHELL_PROGRAM.test(name))).toHaveLength(8);
    expect(['shell', 'bashx', 'fish', 'csh-', 'sh.exe'].filter((name) => SHELL_PROGRAM.test(name))).toEqual([]);
  });
});
