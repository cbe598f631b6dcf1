import { formatLocation, type Finding } from '../model/finding.js';
import type { Reporter } from './format.js';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function findingText(finding: Finding): string {
  return `${finding.rule}: ${finding.message} (${formatLocation(finding.origin ?? finding.location)})`;
}

/** One testsuite per overlay, one testcase per resource; overlay-wide findings get their own case. */
export const junitReporter: Reporter = {
  name: 'junit',
  render(result, summary) {
    const suites = result.overlays.map((overlay) => {
      const cases: string[] = [];
      const byResource = new Map<string, Finding[]>();
      const general: Finding[] = [];
      for (const finding of overlay.findings) {
        if (finding.resource) {
          const key = `${finding.resource.kind}/${finding.resource.name}`;
          byResource.set(key, [...(byResource.get(key) ?? []), finding]);
        } else general.push(finding);
      }
      const testcase = (name: string, findings: Finding[]): string => {
        const errors = findings.filter((finding) => finding.severity === 'error' && !finding.suppressed);
        const others = findings.filter((finding) => !errors.includes(finding));
        const failure = errors.length
          ? `<failure message="${escapeXml(errors[0] ? errors[0].message : '')}" type="${escapeXml(errors.map((finding) => finding.rule).join(','))}">${escapeXml(errors.map(findingText).join('\n'))}</failure>`
          : '';
        const out = others.length
          ? `<system-out>${escapeXml(others.map((finding) => `${finding.severity}${finding.suppressed ? ' (suppressed)' : ''} ${findingText(finding)}`).join('\n'))}</system-out>`
          : '';
        return `    <testcase classname="${escapeXml(overlay.path)}" name="${escapeXml(name)}">${failure}${out}</testcase>`;
      };
      for (const ref of overlay.checked) {
        const key = `${ref.kind}/${ref.name}`;
        cases.push(testcase(key, byResource.get(key) ?? []));
        byResource.delete(key);
      }
      for (const [key, findings] of byResource) cases.push(testcase(key, findings));
      if (general.length || overlay.checked.length === 0) cases.push(testcase('(overlay)', general));
      const failures = cases.filter((text) => text.includes('<failure')).length;
      return `  <testsuite name="${escapeXml(overlay.path)}" tests="${cases.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="consul-gitops validate" tests="${summary.resources}" failures="${summary.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
  },
};
