import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../tools/src/cli/commands/rules.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { quorumTable } from '../../tools/src/model/quorum-math.js';
// @ts-expect-error: plain JavaScript module without types
import { parityMarkdown } from '../../tools/scripts/parity-verdicts.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('carries the rule table generated from the catalog (run `npm run docs` to update it)', () => {
    const table = /<!-- rules:start -->\n([\s\S]*)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(table).toBe(rulesMarkdown());
  });

  it('carries the api-server parity figures computed from the committed verdicts and known disagreements (`npm run docs`)', () => {
    const block = /<!-- parity:start -->\n([\s\S]*)\n<!-- parity:end -->/.exec(readme)?.[1];
    expect(block).toBe(parityMarkdown(REPO_ROOT));
  });

  it('lists every rule id once', () => {
    const ids = RULE_CATALOG.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(readme).toContain(`| \`${id}\` |`);
  });

  it('its quorum table holds the figures quorum-math computes (the generated PDB is what generate writes)', () => {
    const rows = [...readme.matchAll(/^\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map((row) =>
      row.slice(1).map(Number),
    );
    expect(rows.map((row) => row[0])).toEqual([1, 3, 5, 7]);
    for (const [n, ...figures] of rows) {
      const table = quorumTable(n!);
      expect(figures, `n=${n}`).toEqual([
        table.quorum,
        table.faultTolerance,
        table.seedPdbMaxUnavailable,
        table.recommendedPdbMaxUnavailable,
        table.drainMargin,
      ]);
    }
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm ci && npx nx run tools:validate');
    expect(readme).toContain('npm ci && npm test');
  });
});
