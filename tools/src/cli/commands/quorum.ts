import { UsageError } from '../../model/errors.js';
import { quorumTable } from '../../model/quorum-math.js';
import { positiveInteger, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export async function quorumCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [count, ...extra] = args.positionals;
  if (count === undefined || extra.length > 0)
    throw new UsageError('usage: consul-gitops quorum N [--zones Z] [--nodes K] [--format text|json]');
  const n = positiveInteger(count, 'N') as number;
  const table = quorumTable(n, positiveInteger(args.values.zones, '--zones'), positiveInteger(args.values.nodes, '--nodes'));
  const format = args.values.format ?? 'text';
  if (format === 'json') {
    io.out(`${JSON.stringify(table, null, 2)}\n`);
    return 0;
  }
  if (format !== 'text') throw new UsageError(`unknown --format "${format}" for quorum: use text or json`);
  const rows: [string, string][] = [
    ['servers (n)', String(table.servers)],
    ['quorum (floor(n/2)+1)', String(table.quorum)],
    ['failures tolerated (floor((n-1)/2))', String(table.faultTolerance)],
    ['seed PDB maxUnavailable (floor(n/2)-1)', String(table.seedPdbMaxUnavailable)],
    [
      'generated PDB maxUnavailable',
      `${table.recommendedPdbMaxUnavailable}${n === 1 ? ' (1 server: never evicted voluntarily)' : n === 3 ? ' (3 servers: no value avoids a warning; 0 blocks drains)' : ''}`,
    ],
    ['drain margin (failures survivable during a drain)', String(table.drainMargin)],
  ];
  if (table.zones) {
    rows.push([`placement over ${table.zones.count} zone(s)`, table.zones.placement.join(' / ')]);
    rows.push([
      'servers left after losing the largest zone',
      `${table.zones.survivorsAfterWorstLoss} ${table.zones.survives ? '>=' : '<'} quorum ${table.quorum} (${table.zones.survives ? 'survives' : 'LOSES quorum'})`,
    ]);
  }
  if (table.nodes) {
    rows.push([
      `nodes (${table.nodes.count}) for required host anti-affinity`,
      table.nodes.feasible
        ? `enough (${table.nodes.spareNodes} spare: ${table.nodes.spareNodes > 0 ? 'a drained server restarts elsewhere' : 'a drained server stays Pending until its node returns'})`
        : `TOO FEW: ${table.nodes.pendingServers} server(s) stay Pending`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  io.out(`${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`);
  return 0;
}
