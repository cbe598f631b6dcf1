/** `quorum` in process (tools/src/cli/commands/quorum.ts). */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { quorumCommand } from '../../../tools/src/cli/commands/quorum.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { quorumTable } from '../../../tools/src/model/quorum-math.js';
import { REPORTERS } from '../../../tools/src/report/reporter.js';
import { recordedIo } from '../../helpers/command-io.js';

const run = (argv: string[]): { code: number; out: string } => {
  const recorded = recordedIo('/');
  const code = quorumCommand(parseCli(['quorum', ...argv]), recorded.io);
  return { code, out: recorded.out() };
};

describe('quorum', () => {
  it('prints the table for N servers, with zones and nodes when given', () => {
    expect(run(['5', '--zones', '2', '--nodes', '4', '--format', 'json'])).toEqual({
      code: 0,
      out: REPORTERS.quorum.find((reporter) => reporter.name === 'json')!.render(quorumTable(5, 2, 4)),
    });
    expect(run(['3'])).toEqual({ code: 0, out: REPORTERS.quorum[0].render(quorumTable(3, undefined, undefined)) });
  });

  it('takes exactly one count', () => {
    const usage = new UsageError('usage: consul-gitops quorum N [--zones Z] [--nodes K] [--format text|json]');
    expect(() => run([])).toThrow(usage);
    expect(() => run(['3', '5'])).toThrow(usage);
  });

  it('names the value that is out of range', () => {
    expect(() => run(['3', '--zones', '0'])).toThrow('--zones must be a whole number from 1 to 1000 (got "0")');
    expect(() => run(['3', '--nodes', 'x'])).toThrow('--nodes must be a whole number from 1 to 1000 (got "x")');
    expect(() => run(['3', '--format', 'xml'])).toThrow(/unknown --format "xml" for quorum/);
  });
});
