/**
 * The argument parser in process (tools/src/cli/args.ts): typed options or a UsageError, never an exit.
 * tests/cli/ spawns the built CLI for the same behaviour end to end; these call the parser itself.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandHelp, parseCli, positiveInteger, schemaBackend, USAGE } from '../../tools/src/cli/args.js';
import { UsageError } from '../../tools/src/model/errors.js';

/** The UsageError message `parseCli(argv)` throws. */
function usageMessage(argv: readonly string[]): string {
  try {
    parseCli(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`parseCli(${JSON.stringify(argv)}) did not throw`);
}

describe('parseCli', () => {
  it.each([
    ['no arguments: no command, no flags', [], { positionals: [], values: {} }],
    ['--debug alone: only debug', ['--debug'], { positionals: [], values: { debug: true } }],
    [
      'every global flag before any command',
      ['--help', '--debug', '--version'],
      { positionals: [], values: { debug: true, help: true, version: true } },
    ],
    ['-h is --help', ['-h'], { positionals: [], values: { help: true } }],
    ['help without a topic: the usage', ['help'], { positionals: [], values: { help: true } }],
    ['help with a command: its help', ['help', 'quorum'], { command: 'quorum', positionals: [], values: { help: true } }],
    [
      'a global flag before the command and the command options after it',
      ['--debug', 'quorum', '3', '--zones', '2'],
      { command: 'quorum', positionals: ['3'], values: { debug: true, zones: '2' } },
    ],
    [
      'short flags, repeatable options and a value',
      ['validate', '-q', '--rules', 'none', '-f', 'a', '-f', 'b'],
      { command: 'validate', positionals: [], values: { quiet: true, rules: 'none', file: ['a', 'b'] } },
    ],
    ['a global flag after the command', ['rules', '--help'], { command: 'rules', positionals: [], values: { help: true } }],
    ['--version after the command', ['quorum', '--version'], { command: 'quorum', positionals: [], values: { version: true } }],
    [
      '--debug after the command',
      ['generate', '--check', '--debug'],
      { command: 'generate', positionals: [], values: { check: true, debug: true } },
    ],
  ])('%s', (_name, argv, expected) => {
    expect(parseCli(argv)).toEqual(expected);
  });

  it('reads a global flag after `--` as a positional, not as the flag', () => {
    expect(parseCli(['validate', '--', '--help'])).toEqual({ command: 'validate', positionals: ['--help'], values: {} });
    expect(parseCli(['--debug', 'validate', '--', '--version'])).toEqual({
      command: 'validate',
      positionals: ['--version'],
      values: { debug: true },
    });
  });

  it('leaves out the global flags that are not given (no false values)', () => {
    expect(parseCli(['rules']).values).toStrictEqual({});
    expect(Object.keys(parseCli(['--debug', 'rules']).values)).toEqual(['debug']);
  });

  it('reads only the leading global flags as global: a command word stops them', () => {
    expect(parseCli(['--debug', 'quorum', '3']).values).toEqual({ debug: true });
  });

  it('refuses a command option before the command, naming where it goes, with the usage', () => {
    const message = usageMessage(['--quiet']);
    expect(message).toMatch(
      /^--quiet is not a global option: put a command first, for example `consul-gitops validate --quiet`\n\nUsage: consul-gitops/,
    );
    expect(message.endsWith(USAGE)).toBe(true);
  });

  it('refuses an unknown command with the list of commands and the usage', () => {
    const message = usageMessage(['nope']);
    expect(message).toBe(`unknown command "nope": use one of ${COMMAND_NAMES.join(', ')}\n\n${USAGE}`);
  });

  it('refuses help on an unknown command, without the usage', () => {
    expect(usageMessage(['help', 'nope'])).toBe(`unknown command "nope": use one of ${COMMAND_NAMES.join(', ')}`);
  });

  it('names the command that owns an option given to another (long and short)', () => {
    expect(usageMessage(['quorum', '3', '--check'])).toBe(
      'unknown option --check for quorum (--check is an option of generate); quorum takes --zones, --nodes, --format, --debug, -h/--help, --version. See `consul-gitops quorum --help`.',
    );
    expect(usageMessage(['quorum', '3', '-f', 'x'])).toMatch(/^unknown option -f for quorum \(-f is an option of validate\); /);
    expect(usageMessage(['quorum', '--check=yes'])).toMatch(/^unknown option --check for quorum \(--check is an option of generate\); /);
  });

  it('names every command that owns an option', () => {
    expect(usageMessage(['quorum', '--kustomize', 'k'])).toMatch(
      /^unknown option --kustomize for quorum \(--kustomize is an option of validate, render, diff, gate\); /,
    );
  });

  it('does not read a long option as a short one of the same letters, nor the other way round', () => {
    // --f is no option (the short one is -f); -zones is not --zones
    expect(usageMessage(['quorum', '--f'])).toMatch(/^unknown option --f for quorum; quorum takes /);
    expect(usageMessage(['validate', '-z'])).toBe(
      'unknown option -z for validate; validate takes -f/--file, --rules, --format, --kustomize, --render-timeout, --schema-backend, --schemas, --ignore-missing-schemas, --output, -q/--quiet, --debug, -h/--help, --version. See `consul-gitops validate --help`.',
    );
  });

  it('states a parse problem other than an unknown option in its first line, with the command', () => {
    expect(usageMessage(['quorum', '3', '--zones'])).toBe(
      "option '--zones <value>' argument missing (quorum). See `consul-gitops quorum --help`.",
    );
    // Node's message has more lines (a hint about --cluster=-XYZ): only the first is kept
    expect(usageMessage(['cluster', 'capture', '--cluster', '-bad'])).toBe(
      "option '--cluster' argument is ambiguous. (cluster). See `consul-gitops cluster --help`.",
    );
    expect(usageMessage(['validate', '--quiet=1'])).toBe(
      "option '-q, --quiet' does not take an argument (validate). See `consul-gitops validate --help`.",
    );
  });
});

describe('commandHelp', () => {
  it('lays out the synopsis, summary, options (labels aligned) and examples of a command', () => {
    expect(commandHelp('quorum')).toBe(
      [
        'Usage: consul-gitops quorum N [--zones Z] [--nodes K] [--format text|json]',
        '',
        'Quorum, tolerated failures, PDB value, drain margin, zone survival, node feasibility for N servers',
        '',
        'Options:',
        '      --zones Z   zones the servers spread over (adds zone survival)',
        '      --nodes K   schedulable nodes (adds anti-affinity feasibility)',
        '      --format F  text (default), json',
        '      --debug     print stack traces of internal errors',
        '  -h, --help      this help',
        '      --version   the tools version and the pinned kustomize, Consul and chart versions',
        '',
        'Examples:',
        '  consul-gitops quorum 5',
        '  consul-gitops quorum 5 --zones 2 --nodes 4 --format json',
        '',
        'Exit codes: 0 clean, 1 findings (or an invalid spec), 2 usage or environment problem.',
      ].join('\n'),
    );
  });

  it('wraps long lines at 100 columns, a bracketed group as one word, continuation lines indented', () => {
    const help = commandHelp('validate');
    const lines = help.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Usage: consul-gitops validate [DIR...] [-f FILE|DIR|-]... [--rules none|kubernetes|consul|all]',
      '         [--format F] [--kustomize PATH] [--render-timeout SECONDS] [--schema-backend B]',
      '         [--schemas DIR] [--ignore-missing-schemas] [--output FILE] [--quiet]',
    ]);
    expect(lines).toContain('  -f, --file FILE|DIR|-         check plain manifests instead of kustomizations: a file, a folder');
    expect(lines).toContain('                                (recursively: *.yaml, *.yml, *.json) or - for stdin (repeatable)');
    expect(lines).toContain('or check plain manifests (-f)');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('lists every command in the usage, each synopsis wrapped under the command', () => {
    for (const name of COMMAND_NAMES) expect(USAGE).toContain(`\n  ${name}`);
    expect(USAGE).toContain(
      '  validate [DIR...] [-f FILE|DIR|-]... [--rules none|kubernetes|consul|all] [--format F]\n        [--kustomize PATH]',
    );
  });
});

describe('positiveInteger', () => {
  it.each([
    ['1', 1, 1],
    ['1000', 1, 1000],
    ['0', 0, 0],
    ['007', 1, 7],
  ])('reads %s (minimum %d) as %d', (value, minimum, expected) => {
    expect(positiveInteger(value, 'N', minimum)).toBe(expected);
  });

  it('is undefined for an absent value', () => {
    expect(positiveInteger(undefined, 'N')).toBeUndefined();
  });

  it.each(['0', '1001', '-1', '1.5', '3x', 'x3', '', ' 3'])('refuses %j with the range and the value', (value) => {
    expect(() => positiveInteger(value, '--zones')).toThrow(
      new UsageError(`--zones must be a whole number from 1 to 1000 (got "${value}")`),
    );
  });

  it('refuses a value under a minimum other than 1, naming it', () => {
    expect(() => positiveInteger('1', 'N', 2)).toThrow('N must be a whole number from 2 to 1000 (got "1")');
  });
});

describe('schemaBackend', () => {
  it('gives the fallback for no value, and each known backend as given', () => {
    expect(schemaBackend(undefined, 'offline')).toBe('offline');
    expect(schemaBackend(undefined, 'auto')).toBe('auto');
    for (const name of ['auto', 'offline', 'kubeconform', 'api-server'] as const) expect(schemaBackend(name, 'offline')).toBe(name);
  });

  it('refuses another name, listing the backends', () => {
    expect(() => schemaBackend('Offline', 'auto')).toThrow(
      new UsageError('unknown --schema-backend "Offline": use auto, offline, kubeconform, api-server'),
    );
  });
});
