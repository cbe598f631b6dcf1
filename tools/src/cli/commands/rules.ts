import { UsageError } from '../../model/errors.js';
import { RULE_CATALOG } from '../../validate/rule-catalog.js';
import { ruleGroup } from '../../model/rule-groups.js';
import type { RuleId } from '../../model/rule.js';
import { STAGE_RULES } from '../../validate/stage-rules.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

/** The Markdown table the README carries between its rule-catalog markers. */
export function rulesMarkdown(): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = RULE_CATALOG.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${escape(rule.summary)} | ${escape(rule.reason)} | ${escape(rule.fix)} |`);
  return ['| rule | default | checks | why | fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** A rule's group for `validate --rules`; stage findings (schema, YAML, build, spec) are always on. */
const groupOf = (id: RuleId): string => (STAGE_RULES.some((rule) => rule.id === id) ? 'always' : ruleGroup(id));

export async function rulesCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const format = args.values.format ?? 'text';
  if (format === 'json') io.out(`${JSON.stringify(RULE_CATALOG.map((rule) => ({ ...rule, group: groupOf(rule.id) })), null, 2)}\n`);
  else if (format === 'markdown') io.out(`${rulesMarkdown()}\n`);
  else if (format === 'text') {
    io.out(`${RULE_CATALOG.map((rule) => `${rule.id} (${rule.severity}, ${groupOf(rule.id)})\n  ${rule.summary}\n  why: ${rule.reason}\n  fix: ${rule.fix}`).join('\n\n')}\n`);
  } else throw new UsageError(`unknown --format "${format}" for rules: use text, json or markdown`);
  return 0;
}
