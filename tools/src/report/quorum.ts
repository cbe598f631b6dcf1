/** `consul-gitops quorum N`: the quorum table as aligned rows for people, or as JSON. */
import type { QuorumTable } from '../model/quorum-math.js';
import type { Reporter } from './format.js';

function rows(table: QuorumTable): [string, string][] {
  const n = table.servers;
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
  return rows;
}

const quorumText: Reporter<QuorumTable> = {
  name: 'text',
  render(table) {
    const lines = rows(table);
    const width = Math.max(...lines.map(([label]) => label.length));
    return `${lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
  },
};

const quorumJson: Reporter<QuorumTable> = {
  name: 'json',
  render: (table) => `${JSON.stringify(table, null, 2)}\n`,
};

export const QUORUM_REPORTERS = [quorumText, quorumJson] as const;
