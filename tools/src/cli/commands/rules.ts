import { RULE_CATALOG } from '../../rule-catalog.js';
import { ruleGroup } from '../../model/rule-groups.js';
import type { RuleInfo } from '../../model/rule.js';
import { pickReporter, REPORTERS } from '../../report/reporter.js';
import { rulesTable } from '../../report/rules.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

/** The Markdown table docs/rules.md carries between its rule-catalog markers. */
export function rulesMarkdown(): string {
  return rulesTable(RULE_CATALOG);
}

/** A rule's group for `validate --rules`; stage, diff and Argo CD findings are always on. */
const groupOf = (rule: RuleInfo): string => (rule.scope === 'rendered' || rule.scope === 'kustomization' ? ruleGroup(rule.id) : 'always');

export function rulesCommand(args: CliArgs, io: CommandIo): number {
  const reporter = pickReporter('rules', REPORTERS.rules, args.values.format);
  io.out(reporter.render(RULE_CATALOG.map((rule) => ({ ...rule, group: groupOf(rule) }))));
  return 0;
}
