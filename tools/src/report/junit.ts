import { createRequire } from 'node:module';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { formatLocation, isBlocking, type Finding } from '../model/finding.js';
import type { Reporter } from './format.js';
import type { ResourceStatus } from './status.js';
import type { OverlayReport, RunReport } from './summary.js';

/**
 * xmlbuilder2, loaded on the first JUnit report: it is some 750 kB of the CLI bundle (a DOM and readers), and
 * every other run of the CLI would load it at start (tools/scripts/bundle-cli.mjs keeps it out of the bundle).
 */
let builder: typeof import('xmlbuilder2') | undefined;
const xmlbuilder2 = (): typeof import('xmlbuilder2') =>
  (builder ??= createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2'));

function findingText(finding: Finding): string {
  return `${finding.rule}: ${finding.message} (${formatLocation(finding.origin ?? finding.location)})`;
}

/** One testcase: a resource (with its status when it was checked) or the overlay itself, and its findings. */
interface TestCase {
  name: string;
  status?: ResourceStatus;
  findings: Finding[];
}

/** The overlay's cases: every checked resource, then resources only findings name, then the overlay's own findings. */
function testCases(overlay: OverlayReport): TestCase[] {
  const byResource = new Map<string, Finding[]>();
  const general: Finding[] = [];
  for (const finding of overlay.findings) {
    if (finding.resource) {
      const key = `${finding.resource.kind}/${finding.resource.name}`;
      byResource.set(key, [...(byResource.get(key) ?? []), finding]);
    } else general.push(finding);
  }
  const cases: TestCase[] = [];
  for (const resource of overlay.resourceResults) {
    const key = `${resource.kind}/${resource.name}`;
    cases.push({ name: key, status: resource.status, findings: byResource.get(key) ?? [] });
    byResource.delete(key);
  }
  for (const [key, findings] of byResource) cases.push({ name: key, findings });
  if (general.length || overlay.checked.length === 0) cases.push({ name: '(overlay)', findings: general });
  return cases;
}

const failed = (testCase: TestCase): boolean => testCase.findings.some(isBlocking);
const skipped = (testCase: TestCase): boolean => !failed(testCase) && testCase.status === 'skipped';

function addCase(suite: XMLBuilder, classname: string, testCase: TestCase): void {
  const element = suite.ele('testcase', { classname, name: testCase.name });
  const errors = testCase.findings.filter(isBlocking);
  const others = testCase.findings.filter((finding) => !errors.includes(finding));
  if (errors.length > 0)
    element
      .ele('failure', { message: errors[0]?.message ?? '', type: errors.map((finding) => finding.rule).join(',') })
      .txt(errors.map(findingText).join('\n'));
  else if (skipped(testCase)) element.ele('skipped', { message: 'not checked against a schema in full (schema-missing)' });
  if (others.length > 0)
    element
      .ele('system-out')
      .txt(others.map((finding) => `${finding.severity}${finding.suppressed ? ' (suppressed)' : ''} ${findingText(finding)}`).join('\n'));
}

/**
 * One testsuite per overlay, one testcase per resource; overlay-wide findings get their own case. A case
 * fails on a blocking finding and is skipped when the resource's status is; the counts come from the cases.
 * Characters XML cannot carry (a control character a message quotes) become U+FFFD, so the file always parses.
 */
export const junitReporter: Reporter<RunReport> = {
  name: 'junit',
  render(result) {
    const suites = result.overlays.map((overlay) => ({ path: overlay.path, cases: testCases(overlay) }));
    const count = (cases: readonly TestCase[], test: (testCase: TestCase) => boolean): number => cases.filter(test).length;
    const all = suites.flatMap((suite) => suite.cases);
    const root = xmlbuilder2()
      .create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' })
      .ele('testsuites', {
        name: 'consul-gitops validate',
        tests: String(all.length),
        failures: String(count(all, failed)),
        skipped: String(count(all, skipped)),
      });
    for (const suite of suites) {
      const element = root.ele('testsuite', {
        name: suite.path,
        tests: String(suite.cases.length),
        failures: String(count(suite.cases, failed)),
        errors: '0',
        skipped: String(count(suite.cases, skipped)),
      });
      for (const testCase of suite.cases) addCase(element, suite.path, testCase);
    }
    return `${root.end({ prettyPrint: true })}\n`;
  },
};
