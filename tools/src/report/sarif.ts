import type { Log, ReportingDescriptor, Result } from 'sarif';
import { sourceFile } from '../model/finding.js';
import type { Reporter } from './format.js';
import type { RunResult } from './result.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const satisfies Record<string, Result.level>;

/**
 * SARIF 2.1.0 for code-scanning annotations, typed by @types/sarif: rule metadata from the catalog the
 * caller passes, the tool's name, version and informationUri from the tools package.json. A finding in a
 * render points at its overlay (a render is no file a viewer can open).
 */
export const sarifReporter: Reporter<RunResult> = {
  name: 'sarif',
  render(result, options) {
    const results = result.overlays.flatMap((overlay) =>
      overlay.findings.map((finding): Result => {
        const where = finding.origin ?? finding.location;
        const source = sourceFile(where);
        return {
          ruleId: finding.rule,
          level: LEVEL[finding.severity],
          message: {
            text: `${finding.resource ? `${finding.resource.kind}/${finding.resource.name}: ` : ''}${finding.message}${finding.path ? ` (at ${finding.path})` : ''}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: source || overlay.path },
                ...(where?.line && source ? { region: { startLine: where.line } } : {}),
              },
            },
          ],
          ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
        };
      }),
    );
    const rules = (options?.rules ?? []).map((rule): ReportingDescriptor => ({
      id: rule.id,
      shortDescription: { text: rule.summary },
      fullDescription: { text: rule.reason },
      help: { text: rule.fix },
      defaultConfiguration: { level: LEVEL[rule.severity] },
    }));
    const tool = options?.tool;
    const sarif: Log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'consul-gitops',
              ...(tool ? { version: tool.version } : {}),
              ...(tool?.homepage ? { informationUri: tool.homepage } : {}),
              rules,
            },
          },
          results,
        },
      ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
  },
};
