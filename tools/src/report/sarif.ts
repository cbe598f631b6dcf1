import type { Reporter } from './format.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0 for code-scanning annotations; rule metadata from the catalog the caller passes. */
export const sarifReporter: Reporter = {
  name: 'sarif',
  render(result, _summary, options) {
    const results = result.overlays.flatMap((overlay) =>
      overlay.findings.map((finding) => {
        const where = finding.origin ?? finding.location;
        const file = where?.file && !where.file.includes('(rendered)') ? where.file : overlay.path;
        return {
          ruleId: finding.rule,
          level: LEVEL[finding.severity],
          message: {
            text: `${finding.resource ? `${finding.resource.kind}/${finding.resource.name}: ` : ''}${finding.message}${finding.path ? ` (at ${finding.path})` : ''}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: file },
                ...(where?.line && where.file === file ? { region: { startLine: where.line } } : {}),
              },
            },
          ],
          ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
        };
      }),
    );
    const sarif = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'consul-gitops',
              informationUri: 'https://github.com/example-org/consul-gitops',
              rules: (options?.rules ?? []).map((rule) => ({
                id: rule.id,
                shortDescription: { text: rule.summary },
                fullDescription: { text: rule.reason },
                help: { text: rule.fix },
                defaultConfiguration: { level: LEVEL[rule.severity] },
              })),
            },
          },
          results,
        },
      ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
  },
};
