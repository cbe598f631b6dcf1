import type { Reporter } from './format.js';
import type { RunReport } from './summary.js';

/** For machines: one stable shape for every finding, and each checked resource with its status. */
export const jsonReporter: Reporter<RunReport> = {
  name: 'json',
  render(result) {
    const summary = result.summary;
    const overlays = result.overlays.map((overlay) => ({
      path: overlay.path,
      environment: overlay.environment ?? null,
      ok: overlay.ok,
      resources: overlay.resources,
      ...(overlay.notChecked ? { notChecked: overlay.notChecked } : {}),
      checked: overlay.resourceResults.map((resource) => ({
        kind: resource.kind,
        name: resource.name,
        namespace: resource.namespace ?? null,
        status: resource.status,
      })),
      findings: overlay.findings.map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        kind: finding.resource?.kind ?? null,
        name: finding.resource?.name ?? null,
        file: (finding.origin ?? finding.location)?.file ?? null,
        line: (finding.origin ?? finding.location)?.line ?? null,
        // file and line are a place in the render output (the overlay's kustomize build), not a file on disk
        fileRendered: (finding.origin ?? finding.location)?.rendered ?? false,
        path: finding.path ?? null,
        rendered: finding.location ? { file: finding.location.file, line: finding.location.line ?? null } : null,
        hint: finding.hint ?? null,
        suppressed: finding.suppressed ?? null,
      })),
    }));
    return `${JSON.stringify({ overlays, summary, tool: result.tool }, null, 2)}\n`;
  },
};
