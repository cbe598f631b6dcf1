/** A diff run as data, and its reporters: text for terminals, markdown for PR comments, json, and sarif through the run reporter. */
import { formatLocation, isBlocking, type Finding } from '../model/finding.js';
import type { Reporter } from '../report/format.js';
import type { Reporters } from '../report/reporter.js';
import type { RunResult } from '../report/result.js';
import { sarifReporter } from '../report/sarif.js';
import { serverSummary, type EnvironmentImpact } from './consul-impact.js';
import type { ResourceDiff } from './resource-diff.js';
import type { ChangePlan } from './plan.js';
import { showChange, showValue } from './show-value.js';

export interface DiffReport {
  base: { ref: string; commit: string };
  environments: EnvironmentImpact[];
}

export interface DiffSummary {
  environments: number;
  changedEnvironments: number;
  resources: { added: number; removed: number; changed: number };
  errors: number;
  warnings: number;
  suppressed: number;
}

/** What diff's reporters print: the report, and the tools that made it (for SARIF). */
export interface DiffRun {
  report: DiffReport;
  tool: RunResult['tool'];
}

export function allFindings(report: DiffReport): Finding[] {
  return report.environments.flatMap((environment) => environment.findings);
}

function summarizeDiff(report: DiffReport): DiffSummary {
  const resources = report.environments.flatMap((environment) => environment.resources);
  const findings = allFindings(report);
  return {
    environments: report.environments.length,
    changedEnvironments: report.environments.filter((environment) => environment.status !== 'unchanged').length,
    resources: {
      added: resources.filter((item) => item.status === 'added').length,
      removed: resources.filter((item) => item.status === 'removed').length,
      changed: resources.filter((item) => item.status === 'changed').length,
    },
    errors: findings.filter(isBlocking).length,
    warnings: findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed).length,
    suppressed: findings.filter((finding) => finding.suppressed).length,
  };
}

const short = (commit: string): string => commit.slice(0, 12);

const refText = (diff: ResourceDiff): string => `${diff.ref.kind}/${diff.ref.namespace ? `${diff.ref.namespace}/` : ''}${diff.ref.name}`;

function summaryLine(summary: DiffSummary): string {
  const { added, removed, changed } = summary.resources;
  return `${summary.changedEnvironments} of ${summary.environments} environment(s) changed; resources: ${added} added, ${removed} removed, ${changed} changed; ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed`;
}

function findingText(finding: Finding): string {
  const mark = finding.suppressed ? ` [suppressed: ${finding.suppressed.reason}]` : '';
  const where = [finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '', finding.path ? `at ${finding.path}` : '']
    .filter(Boolean)
    .join(' ');
  return `${finding.severity.padEnd(7)} ${finding.rule.padEnd(21)} ${where}: ${finding.message}${mark}${finding.hint ? `\n          fix: ${finding.hint}` : ''}${finding.origin ? `\n          ${formatLocation(finding.origin)}` : ''}`;
}

function planHeading(plan: ChangePlan): string {
  return `plan for ${plan.change} (${plan.rule}, ${plan.accepted ? 'accepted in the spec: follow these steps during the sync' : 'not accepted: make the change in these steps instead'})`;
}

function planText(plan: ChangePlan): string[] {
  const lines = [`  ${planHeading(plan)}:`];
  plan.steps.forEach((step, index) => {
    lines.push(`    ${index + 1}. ${step.title}`, `       ${step.action}`);
    if (step.caution) lines.push(`       caution: ${step.caution}`);
  });
  return lines;
}

function formatText(report: DiffReport): string {
  const lines = [`consul-gitops diff: ${report.base.ref} (${short(report.base.commit)}) -> working tree`];
  for (const environment of report.environments) {
    lines.push('', `== ${environment.environment} (${environment.path}): ${environment.status} ==`);
    if (environment.before || environment.after)
      lines.push(...serverSummary(environment.before, environment.after).map((line) => `  ${line}`));
    for (const rollout of environment.rollouts) lines.push(`  ${rollout}`);
    for (const finding of environment.findings) lines.push(`  ${findingText(finding)}`);
    for (const plan of environment.plans) lines.push(...planText(plan));
    for (const diff of environment.resources) {
      lines.push(`  ${diff.status.padEnd(7)} ${refText(diff)}`);
      for (const change of diff.changes) {
        const sign = change.type === 'added' ? '+' : change.type === 'removed' ? '-' : '~';
        const detail =
          change.type === 'added'
            ? showValue(change.after)
            : change.type === 'removed'
              ? showValue(change.before)
              : showChange(change.before, change.after, 60).join(' -> ');
        lines.push(`    ${sign} ${change.path}: ${detail}`);
      }
    }
  }
  lines.push('', summaryLine(summarizeDiff(report)));
  return `${lines.join('\n')}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function formatMarkdown(report: DiffReport): string {
  const summary = summarizeDiff(report);
  const lines = [`## Consul impact against ${code(report.base.ref)} (${short(report.base.commit)})`, '', summaryLine(summary), ''];
  const impacted = report.environments.filter((environment) => environment.status !== 'unchanged');
  if (impacted.length > 0) {
    lines.push(
      '| environment | change | servers | storage | PDB | Consul image | security |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const environment of impacted) {
      const facts = serverSummary(environment.before, environment.after).map((line) => cell(line.slice(line.indexOf(':') + 2)));
      lines.push(`| ${cell(environment.environment)} | ${environment.status} | ${facts.join(' | ')} |`);
    }
    lines.push('');
  }
  const rollouts = report.environments.flatMap((environment) => environment.rollouts.map((rollout) => ({ environment, rollout })));
  if (rollouts.length > 0) {
    lines.push('### Rollouts', '');
    for (const { environment, rollout } of rollouts) lines.push(`- ${cell(environment.environment)}: ${rollout}`);
    lines.push('');
  }
  const findings = report.environments.flatMap((environment) => environment.findings.map((finding) => ({ environment, finding })));
  if (findings.length > 0) {
    lines.push('### Findings', '');
    for (const { environment, finding } of findings) {
      const icon = finding.suppressed
        ? 'suppressed'
        : finding.severity === 'error'
          ? ':x: error'
          : finding.severity === 'warning'
            ? ':warning: warning'
            : 'info';
      const resource = finding.resource ? ` ${code(`${finding.resource.kind}/${finding.resource.name}`)}` : '';
      lines.push(
        `- **${icon}** ${code(finding.rule)} ${environment.environment}${resource}${finding.path ? ` at ${code(finding.path)}` : ''}: ${finding.message}${finding.suppressed ? ` (accepted: ${finding.suppressed.reason})` : ''}${finding.hint ? `. Fix: ${finding.hint}` : ''}`,
      );
    }
    lines.push('');
  }
  const plans = report.environments.flatMap((environment) => environment.plans.map((plan) => ({ environment, plan })));
  if (plans.length > 0) {
    lines.push('### Plans', '');
    for (const { environment, plan } of plans) {
      lines.push(`**${cell(environment.environment)}**: ${planHeading(plan)}`, '');
      plan.steps.forEach((step, index) => {
        lines.push(`${index + 1}. ${step.title}: ${step.action}${step.caution ? `. **Caution:** ${step.caution}` : ''}`);
      });
      lines.push('');
    }
  }
  for (const environment of impacted) {
    lines.push(`### ${environment.environment} (${code(environment.path)}): ${environment.status}`, '');
    for (const diff of environment.resources) {
      if (diff.changes.length === 0) {
        lines.push(`- ${diff.status} ${code(refText(diff))}`);
        continue;
      }
      lines.push(
        `<details><summary>${diff.status} ${code(refText(diff))}: ${diff.changes.length} field(s)</summary>`,
        '',
        '| field | before | after |',
        '| --- | --- | --- |',
      );
      for (const change of diff.changes)
        lines.push(
          `| ${code(change.path)} | ${cell(change.type === 'added' ? '' : showChange(change.before, change.after, 80)[0])} | ${cell(change.type === 'removed' ? '' : showChange(change.before, change.after, 80)[1])} |`,
        );
      // a blank line ends the HTML block: a list item right after </details> would print as raw text
      lines.push('', '</details>', '');
    }
    lines.push('');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function formatJson(report: DiffReport): string {
  return `${JSON.stringify({ ...report, summary: summarizeDiff(report) }, null, 2)}\n`;
}

/**
 * A diff as a run result: one entry per environment with its findings, so that the run reporters
 * (SARIF for code scanning) carry diff's error findings too. The findings point at the overlay, where
 * a pull request changes them.
 */
export function diffRunResult(report: DiffReport, tool: RunResult['tool']): RunResult {
  return {
    overlays: report.environments.map((environment) => ({
      path: environment.path,
      environment: environment.environment,
      ok: !environment.findings.some(isBlocking),
      resources: environment.resources.length,
      findings: environment.findings,
      checked: environment.resources.map((diff) => ({
        kind: diff.ref.kind,
        name: diff.ref.name,
        ...(diff.ref.namespace ? { namespace: diff.ref.namespace } : {}),
      })),
    })),
    tool,
  };
}

const diffText: Reporter<DiffRun> = { name: 'text', render: (run) => formatText(run.report) };
const diffMarkdown: Reporter<DiffRun> = { name: 'markdown', render: (run) => formatMarkdown(run.report) };
const diffJson: Reporter<DiffRun> = { name: 'json', render: (run) => formatJson(run.report) };
/** SARIF for code scanning: the run reporter over the diff as a run result (diffRunResult). */
const diffSarif: Reporter<DiffRun> = {
  name: 'sarif',
  render: (run, options) => sarifReporter.render(diffRunResult(run.report, run.tool), options),
};

/** diff's formats in the reporter registry (report/reporter.ts), the default first. */
export const DIFF_REPORTERS: Reporters<DiffRun> = [diffText, diffMarkdown, diffJson, diffSarif];
