/** `rules` in process (tools/src/cli/commands/rules.ts): the catalog with each rule's group. */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { rulesCommand, rulesMarkdown } from '../../../tools/src/cli/commands/rules.js';
import { ruleGroup } from '../../../tools/src/model/rule-groups.js';
import { RULE_CATALOG } from '../../../tools/src/rule-catalog.js';
import { recordedIo } from '../../helpers/command-io.js';

describe('rules', () => {
  it('lists every rule with its group: the rule groups for rendered and kustomization rules, always for the others', () => {
    const recorded = recordedIo('/');
    expect(rulesCommand(parseCli(['rules', '--format', 'json']), recorded.io)).toBe(0);
    const rules = JSON.parse(recorded.out()) as { id: string; scope: string; group: string }[];
    expect(rules.map((rule) => rule.id)).toEqual(RULE_CATALOG.map((rule) => rule.id));
    for (const rule of rules) {
      expect(rule.group).toBe(rule.scope === 'rendered' || rule.scope === 'kustomization' ? ruleGroup(rule.id as never) : 'always');
    }
    expect(new Set(rules.filter((rule) => rule.scope === 'stage').map((rule) => rule.group))).toEqual(new Set(['always']));
    expect(rules.some((rule) => rule.scope === 'kustomization' && rule.group !== 'always')).toBe(true);
  });

  it('prints text by default', () => {
    const recorded = recordedIo('/');
    rulesCommand(parseCli(['rules']), recorded.io);
    expect(recorded.out()).toContain(RULE_CATALOG[0]!.id);
    expect(() => JSON.parse(recorded.out()) as unknown).toThrow();
  });

  it('renders the Markdown table of the catalog', () => {
    const table = rulesMarkdown();
    for (const rule of RULE_CATALOG) expect(table).toContain(rule.id);
    expect(table.startsWith('|')).toBe(true);
  });
});
