import { UsageError } from '../../model/errors.js';
import { quorumTable } from '../../model/quorum-math.js';
import { pickReporter, REPORTERS } from '../../report/reporter.js';
import { positiveInteger, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export function quorumCommand(args: CliArgs, io: CommandIo): number {
  const [count, ...extra] = args.positionals;
  if (count === undefined || extra.length > 0)
    throw new UsageError('usage: consul-gitops quorum N [--zones Z] [--nodes K] [--format text|json]');
  const n = positiveInteger(count, 'N') as number;
  const table = quorumTable(n, positiveInteger(args.values.zones, '--zones'), positiveInteger(args.values.nodes, '--nodes'));
  io.out(pickReporter('quorum', REPORTERS.quorum, args.values.format).render(table));
  return 0;
}
