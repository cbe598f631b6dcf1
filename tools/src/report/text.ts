/**
 * For people: grouped by kustomization, each finding as a short block (what, where, fix), wrapped to
 * a width (100 columns unless told), infos that repeat an earlier overlay's collapsed to one line,
 * suppressed findings grouped under their reason, and a summary whose counts add up.
 */
import { formatLocation, formatRef, type Finding } from '../model/finding.js';
import type { Reporter } from './format.js';
import type { OverlayResult } from './result.js';
import { RESOURCE_STATUSES } from './status.js';
import type { RunReport, Summary } from './summary.js';
import { wrapWords } from './wrap.js';

const DEFAULT_WIDTH = 100;
const INDENT = '    ';

/** The words of `text` wrapped to `width` (see wrapWords). */
const wrap = (text: string, width: number, indent = INDENT, firstIndent = indent): string[] =>
  wrapWords(text.split(/\s+/).filter(Boolean), width, indent, firstIndent);

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function counts(findings: readonly Finding[]): string {
  const open = findings.filter((finding) => !finding.suppressed);
  return [
    plural(open.filter((finding) => finding.severity === 'error').length, 'error'),
    plural(open.filter((finding) => finding.severity === 'warning').length, 'warning'),
    plural(open.filter((finding) => finding.severity === 'info').length, 'info'),
    `${findings.length - open.length} suppressed`,
  ].join(', ');
}

function where(finding: Finding): string {
  const location = formatLocation(finding.origin ?? finding.location);
  const rendered = finding.origin && finding.location?.line ? ` (rendered line ${finding.location.line})` : '';
  const field = finding.path ? ` at ${finding.path}` : '';
  return location ? `${location}${rendered}${field}` : field.trim();
}

function headline(finding: Finding): string {
  const resource = formatRef(finding.resource);
  return `  ${finding.severity.padEnd(7)} ${finding.rule}${resource ? ` ${resource}` : ''}`;
}

function findingBlock(finding: Finding, width: number): string[] {
  const resource = formatRef(finding.resource);
  const lines = wrap(
    `${finding.rule}${resource ? ` ${resource}` : ''}: ${finding.message}`,
    width,
    INDENT,
    `  ${finding.severity.padEnd(7)} `,
  );
  const at = where(finding);
  if (at) lines.push(...wrap(at, width));
  if (finding.hint && finding.severity !== 'info') lines.push(...wrap(`fix: ${finding.hint}`, width, `${INDENT}     `, INDENT));
  return lines;
}

/** An info is the same check as an earlier one when rule, resource and message agree up to numbers. */
const infoKey = (finding: Finding): string => `${finding.rule}\0${formatRef(finding.resource)}\0${finding.message.replace(/\d+/g, '#')}`;

function overlayBlock(overlay: OverlayResult, width: number, seenInfos: Map<string, string>): string[] {
  if (overlay.notChecked) return [`skipped ${overlay.path}: not checked`, ...wrap(overlay.notChecked, width)];
  const env = overlay.environment ? ` (environment ${overlay.environment})` : '';
  const resources = overlay.resources > 0 || overlay.checked.length > 0 ? `${plural(overlay.resources, 'resource')}; ` : '';
  const lines = wrap(
    `${overlay.path}${env}: ${resources}${counts(overlay.findings)}`,
    width,
    INDENT,
    `${(overlay.ok ? 'ok' : 'FAILED').padEnd(7)} `,
  );
  for (const finding of overlay.findings.filter((item) => !item.suppressed)) {
    if (finding.severity === 'info') {
      const first = seenInfos.get(infoKey(finding));
      if (first !== undefined) {
        lines.push(`${headline(finding)}: as in ${first}`);
        continue;
      }
      seenInfos.set(infoKey(finding), overlay.path);
    }
    lines.push(...findingBlock(finding, width));
  }
  const byReason = new Map<string, Finding[]>();
  for (const finding of overlay.findings.filter((item) => item.suppressed)) {
    const reason = finding.suppressed?.reason ?? '';
    byReason.set(reason, [...(byReason.get(reason) ?? []), finding]);
  }
  for (const [reason, findings] of byReason) {
    lines.push(...wrap(`accepted (${plural(findings.length, 'finding')}): ${reason}`, width, INDENT, '  '));
    for (const finding of findings) {
      const at = formatLocation(finding.origin ?? finding.location);
      lines.push(
        ...wrap(`${finding.severity} ${finding.rule} ${formatRef(finding.resource)}${at ? ` (${at})` : ''}`, width, `${INDENT}  `, INDENT),
      );
    }
  }
  return lines;
}

/** "resources: 10 valid, 2 invalid": the statuses that occur; none when no resource was checked one by one. */
function statusLine(summary: Summary): string[] {
  const statuses = RESOURCE_STATUSES.filter((status) => summary.statuses[status] > 0).map(
    (status) => `${summary.statuses[status]} ${status}`,
  );
  return statuses.length > 0 ? [`resources: ${statuses.join(', ')}`] : [];
}

function renderText(result: RunReport, width = DEFAULT_WIDTH): string {
  const summary = result.summary;
  const seenInfos = new Map<string, string>();
  const lines = result.overlays.flatMap((overlay) => overlayBlock(overlay, width, seenInfos));
  const checked = result.overlays.filter((overlay) => !overlay.notChecked && overlay.path !== 'environments.yaml').length;
  const skipped = result.overlays.filter((overlay) => overlay.notChecked).length;
  lines.push(
    ...wrap(
      `${plural(checked, result.mode === 'files' ? 'input' : 'kustomization')} checked${skipped > 0 ? `, ${skipped} skipped` : ''}, ${plural(summary.resources, 'resource')}: ` +
        `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}, ${summary.suppressed} suppressed`,
      width,
      INDENT,
      '',
    ),
    ...statusLine(summary).flatMap((line) => wrap(line, width, INDENT, '')),
    ...wrap(
      `tools: ${result.mode === 'files' ? 'no render (files mode)' : `kustomize ${result.tool.kustomize}`}; schemas: ${result.tool.schemaBackend}, Kubernetes ${result.tool.kubernetesVersion}`,
      width,
      INDENT,
      '',
    ),
  );
  return `${lines.join('\n')}\n`;
}

export const textReporter: Reporter<RunReport> = {
  name: 'text',
  render: (result, options) => renderText(result, options?.width),
};
