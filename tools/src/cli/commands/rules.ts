import { UsageError } from '../../model/errors.js';
import { RULE_CATALOG } from '../../rule-catalog.js';
import { ruleGroup } from '../../model/rule-groups.js';
import type { RuleInfo } from '../../model/rule.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

/** The Markdown table docs/rules.md carries between its rule-catalog markers. */
export function rulesMarkdown(): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = RULE_CATALOG.map(
    (rule) => `| \`${rule.id}\` | ${rule.severity} | ${escape(rule.summary)} | ${escape(rule.reason)} | ${escape(rule.fix)} |`,
  );
  return ['| rule | default | checks | why | fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** A rule's group for `validate --rules`; stage, diff and Argo CD findings are always on. */
const groupOf = (rule: RuleInfo): string => (rule.scope === 'rendered' || rule.scope === 'kustomization' ? ruleGroup(rule.id) : 'always');

export async function rulesCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const format = args.values.format ?? 'text';
  if (format === 'json')
    io.out(
      `${JSON.stringify(
        RULE_CATALOG.map((rule) => ({ ...rule, group: groupOf(rule) })),
        null,
        2,
      )}\n`,
    );
  else if (format === 'markdown') io.out(`${rulesMarkdown()}\n`);
  else if (format === 'text') {
    io.out(
      `${RULE_CATALOG.map((rule) => `${rule.id} (${rule.severity}, ${groupOf(rule)})\n  ${rule.summary}\n  why: ${rule.reason}\n  fix: ${rule.fix}`).join('\n\n')}\n`,
    );
  } else throw new UsageError(`unknown --format "${format}" for rules: use text, json or markdown`);
  return 0;
}
