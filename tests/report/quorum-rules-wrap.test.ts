/** The quorum table and the rule catalog as each format prints them, and the word wrapping every text output shares. */
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../tools/src/model/rule.js';
import { quorumTable } from '../../tools/src/model/quorum-math.js';
import { QUORUM_REPORTERS } from '../../tools/src/report/quorum.js';
import { RULES_REPORTERS, type ListedRule } from '../../tools/src/report/rules.js';
import { wrapWords } from '../../tools/src/report/wrap.js';

const [quorumText] = QUORUM_REPORTERS;
const rows = (...lines: [string, string][]): string => `${lines.map(([label, value]) => `${label.padEnd(49)}  ${value}`).join('\n')}\n`;
const TOP = (n: string, quorum: string, tolerated: string, seed: string): [string, string][] => [
  ['servers (n)', n],
  ['quorum (floor(n/2)+1)', quorum],
  ['failures tolerated (floor((n-1)/2))', tolerated],
  ['seed PDB maxUnavailable (floor(n/2)-1)', seed],
];

describe('quorum text', () => {
  it('1 server: never evicted; no zones or nodes asked, no rows for them', () => {
    expect(quorumText.render(quorumTable(1))).toBe(
      rows(
        ...TOP('1', '1', '0', '0'),
        ['generated PDB maxUnavailable', '0 (1 server: never evicted voluntarily)'],
        ['drain margin (failures survivable during a drain)', '0'],
      ),
    );
  });

  it('3 servers over 2 zones lose quorum with the larger zone; nodes without a spare keep a drained server Pending', () => {
    expect(quorumText.render(quorumTable(3, 2, 3))).toBe(
      rows(
        ...TOP('3', '2', '1', '0'),
        ['generated PDB maxUnavailable', '1 (3 servers: no value avoids a warning; 0 blocks drains)'],
        ['drain margin (failures survivable during a drain)', '0'],
        ['placement over 2 zone(s)', '2 / 1'],
        ['servers left after losing the largest zone', '1 < quorum 2 (LOSES quorum)'],
        ['nodes (3) for required host anti-affinity', 'enough (0 spare: a drained server stays Pending until its node returns)'],
      ),
    );
  });

  it('5 servers over 3 zones survive; a spare node takes a drained server', () => {
    expect(quorumText.render(quorumTable(5, 3, 6))).toBe(
      rows(
        ...TOP('5', '3', '2', '1'),
        ['generated PDB maxUnavailable', '1'],
        ['drain margin (failures survivable during a drain)', '1'],
        ['placement over 3 zone(s)', '2 / 2 / 1'],
        ['servers left after losing the largest zone', '3 >= quorum 3 (survives)'],
        ['nodes (6) for required host anti-affinity', 'enough (1 spare: a drained server restarts elsewhere)'],
      ),
    );
  });
});

describe('rules formats', () => {
  const rules: ListedRule[] = [
    {
      id: 'a-rule' as RuleId,
      scope: 'rendered',
      severity: 'error',
      summary: 'sum | pipe',
      reason: 'why | x',
      fix: 'fix | y',
      group: 'always',
    },
    { id: 'b' as RuleId, scope: 'rendered', severity: 'info', summary: 's', reason: 'r', fix: 'f', group: 'g' },
  ]; // made-up ids: the reporters print any rule as they are given it
  const [text, json, markdown] = RULES_REPORTERS;

  it('text: a block per rule (id, severity, group, summary, why, fix), blank lines between', () => {
    expect(text.render(rules)).toBe(
      'a-rule (error, always)\n  sum | pipe\n  why: why | x\n  fix: fix | y\n\nb (info, g)\n  s\n  why: r\n  fix: f\n',
    );
  });

  it('json: the entries as they are, indented by two', () => {
    expect(json.render(rules)).toBe(`${JSON.stringify(rules, null, 2)}\n`);
  });

  it('markdown: the table with every | in a text escaped', () => {
    expect(markdown.render(rules)).toBe(
      [
        '| rule | default | checks | why | fix |',
        '| --- | --- | --- | --- | --- |',
        '| `a-rule` | error | sum \\| pipe | why \\| x | fix \\| y |',
        '| `b` | info | s | r | f |',
        '',
      ].join('\n'),
    );
  });
});

describe('wrapWords', () => {
  it('fills a line up to the width exactly, and starts the next with the indent', () => {
    expect(wrapWords(['aaa', 'bbb', 'cc'], 10, '..', '>')).toEqual(['>aaa bbb', '..cc']);
    expect(wrapWords(['aaa', 'bbb', 'c'], 10, '..', '>')).toEqual(['>aaa bbb c']);
  });

  it('a word longer than a line stays whole on its own line; the first indent defaults to the indent', () => {
    expect(wrapWords(['a', 'longerthanthewidth', 'b'], 6, '  ')).toEqual(['  a', '  longerthanthewidth', '  b']);
    expect(wrapWords(['longerthanthewidth'], 6, '  ', '')).toEqual(['longerthanthewidth']);
  });

  it('no words: one line holding the first indent', () => {
    expect(wrapWords([], 10, '  ', '>')).toEqual(['>']);
  });
});
