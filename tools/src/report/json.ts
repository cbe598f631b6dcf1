import type { Reporter } from './format.js';

/** For machines: one stable shape for every finding. */
export const jsonReporter: Reporter = {
  name: 'json',
  render(result, summary) {
    const overlays = result.overlays.map((overlay) => ({
      path: overlay.path,
      environment: overlay.environment ?? null,
      ok: overlay.ok,
      resources: overlay.resources,
      ...(overlay.notChecked ? { notChecked: overlay.notChecked } : {}),
      findings: overlay.findings.map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        kind: finding.resource?.kind ?? null,
        name: finding.resource?.name ?? null,
        file: (finding.origin ?? finding.location)?.file ?? null,
        line: (finding.origin ?? finding.location)?.line ?? null,
        path: finding.path ?? null,
        rendered: finding.location ? { file: finding.location.file, line: finding.location.line ?? null } : null,
        hint: finding.hint ?? null,
        suppressed: finding.suppressed ?? null,
      })),
    }));
    return `${JSON.stringify({ overlays, summary, tool: result.tool }, null, 2)}\n`;
  },
};
