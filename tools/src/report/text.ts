import { formatLocation, formatRef, type Finding } from '../model/finding.js';
import type { Reporter } from './reporter.js';

function findingLine(finding: Finding): string {
  const where = formatLocation(finding.origin ?? finding.location);
  const rendered = finding.origin && finding.location?.line ? ` (rendered line ${finding.location.line})` : '';
  const field = finding.path ? ` at ${finding.path}` : '';
  const suppressed = finding.suppressed ? ` [suppressed: ${finding.suppressed.reason}]` : '';
  const resource = formatRef(finding.resource);
  return `  ${finding.severity.padEnd(7)} ${finding.rule.padEnd(30)} ${resource ? `${resource}: ` : ''}${finding.message}${suppressed}${where ? `\n          ${where}${rendered}${field}` : ''}${finding.hint && !finding.suppressed && finding.severity !== 'info' ? `\n          fix: ${finding.hint}` : ''}`;
}

/** For people: grouped by overlay, one entry per finding, a one-line summary at the end. */
export const textReporter: Reporter = {
  name: 'text',
  render(result, summary) {
    const lines: string[] = [];
    for (const overlay of result.overlays) {
      if (overlay.notChecked) {
        lines.push(`${'skipped'.padEnd(6)} ${overlay.path}: not checked: ${overlay.notChecked}`);
        continue;
      }
      const env = overlay.environment ? ` (environment ${overlay.environment})` : '';
      const status = overlay.ok ? 'ok' : 'FAILED';
      const counts = `${overlay.resources} resources, ${overlay.findings.filter((f) => f.severity === 'error' && !f.suppressed).length} errors, ${overlay.findings.filter((f) => f.severity === 'warning' && !f.suppressed).length} warnings`;
      lines.push(`${status.padEnd(6)} ${overlay.path}${env}: ${counts}`);
      for (const finding of overlay.findings) lines.push(findingLine(finding));
    }
    lines.push(
      `${summary.overlays} overlay(s), ${summary.resources} resources: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed` +
        ` [kustomize ${result.tool.kustomize}; schemas: ${result.tool.schemaBackend}, Kubernetes ${result.tool.kubernetesVersion}]`,
    );
    return `${lines.join('\n')}\n`;
  },
};
