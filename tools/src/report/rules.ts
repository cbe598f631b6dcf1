/** `consul-gitops rules`: the rule catalog for people (text), machines (json) and docs/rules.md (markdown). */
import type { RuleInfo } from '../model/rule.js';
import type { Reporter } from './format.js';

/** A rule as `consul-gitops rules` lists it: its catalog entry and its group for `validate --rules`. */
export interface ListedRule extends RuleInfo {
  group: string;
}

const rulesText: Reporter<readonly ListedRule[]> = {
  name: 'text',
  render: (rules) =>
    `${rules.map((rule) => `${rule.id} (${rule.severity}, ${rule.group})\n  ${rule.summary}\n  why: ${rule.reason}\n  fix: ${rule.fix}`).join('\n\n')}\n`,
};

const rulesJson: Reporter<readonly ListedRule[]> = {
  name: 'json',
  render: (rules) => `${JSON.stringify(rules, null, 2)}\n`,
};

/** The Markdown table docs/rules.md carries between its rule-catalog markers (without the last newline). */
export function rulesTable(rules: readonly RuleInfo[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = rules.map(
    (rule) => `| \`${rule.id}\` | ${rule.severity} | ${escape(rule.summary)} | ${escape(rule.reason)} | ${escape(rule.fix)} |`,
  );
  return ['| rule | default | checks | why | fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const rulesMarkdownReporter: Reporter<readonly ListedRule[]> = {
  name: 'markdown',
  render: (rules) => `${rulesTable(rules)}\n`,
};

export const RULES_REPORTERS = [rulesText, rulesJson, rulesMarkdownReporter] as const;
