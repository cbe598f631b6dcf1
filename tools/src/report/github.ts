import { sourceFile } from '../model/finding.js';
import type { Reporter } from './format.js';
import type { RunReport } from './summary.js';

/** Workflow commands escape %, CR and LF in messages, and also : and , in properties. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: `::error file=..,line=..,title=..::message`. */
export const githubReporter: Reporter<RunReport> = {
  name: 'github',
  render(result) {
    const summary = result.summary;
    const lines = result.overlays.flatMap((overlay) =>
      overlay.findings
        .filter((finding) => !finding.suppressed)
        .map((finding) => {
          const command = finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice';
          const where = finding.origin ?? finding.location;
          const source = sourceFile(where);
          const properties = [
            `file=${escapeProperty(source || overlay.path)}`,
            ...(where?.line && source ? [`line=${where.line}`] : []),
            `title=${escapeProperty(finding.rule)}`,
          ];
          const resource = finding.resource ? `${finding.resource.kind}/${finding.resource.name}: ` : '';
          return `::${command} ${properties.join(',')}::${escapeData(`${resource}${finding.message}${finding.hint ? ` (fix: ${finding.hint})` : ''}`)}`;
        }),
    );
    lines.push(
      `consul-gitops: ${summary.overlays} overlay(s), ${summary.resources} resources, ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed`,
    );
    return `${lines.join('\n')}\n`;
  },
};
