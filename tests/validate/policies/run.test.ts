/** runPolicies and violationFinding: severity overrides by tier and environment, rule groups, locations. */
import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import type { RenderedRuleId } from '../../../tools/src/model/rule.js';
import { severityOverrides } from '../../../tools/src/environments/severity.js';
import { violationFinding, type RenderedRule } from '../../../tools/src/validate/policies/rule.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { object } from '../../helpers/inline-rules.js';

const spec = (severity?: Record<string, string>) =>
  ({
    environments: [{ name: 'env', tier: 'staging', ...(severity ? { severity } : {}) }],
    tierSeverity: { staging: { 'image-pinned': 'warning', 'pod-non-root': 'off' } },
  }) as unknown as Spec;
const rule = (id: RenderedRuleId): RenderedRule => ({
  id,
  scope: 'rendered',
  severity: 'error',
  summary: 's',
  reason: 'r',
  fix: 'do this',
  check: (context) => context.resources.map((resource) => ({ resource, message: id })),
});
const plain = {
  ...object('v1', 'ConfigMap', 'plain'),
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', labels: { environment: 'env' } } },
};

describe('severityOverrides', () => {
  it("the tier's overrides, then the environment's own; nothing for an unknown environment or no spec", () => {
    expect(severityOverrides(spec(), 'env')).toEqual({ 'image-pinned': 'warning', 'pod-non-root': 'off' });
    expect(severityOverrides(spec({ 'image-pinned': 'info', 'zone-quorum': 'off' }), 'env')).toEqual({
      'image-pinned': 'info',
      'pod-non-root': 'off',
      'zone-quorum': 'off',
    });
    expect(severityOverrides(spec(), 'other')).toEqual({});
    expect(severityOverrides(undefined, 'env')).toEqual({});
    expect(severityOverrides({ environments: [{ name: 'env', tier: 'production' }], tierSeverity: {} } as unknown as Spec, 'env')).toEqual(
      {},
    );
  });
});

describe('runPolicies', () => {
  const rules = [rule('image-pinned'), rule('pod-non-root'), rule('zone-quorum')];

  it('applies overrides: a new severity, or off', () => {
    const findings = runPolicies([object('v1', 'ConfigMap', 'c')], spec(), rules);
    expect(findings.map((finding) => `${finding.rule} ${finding.severity}`)).toEqual(['image-pinned warning', 'zone-quorum error']);
  });

  it('Kubernetes rules see every object; Consul rules only Consul objects, and do not run without any', () => {
    expect(runPolicies([plain], spec(), rules).map((finding) => finding.rule)).toEqual(['image-pinned']);
    const both = runPolicies([plain, object('v1', 'ConfigMap', 'consul')], undefined, rules);
    expect(both.map((finding) => `${finding.rule} ${finding.resource?.name}`)).toEqual([
      'image-pinned plain',
      'image-pinned consul',
      'pod-non-root plain',
      'pod-non-root consul',
      'zone-quorum consul',
    ]);
  });

  it('a selection runs one group, or none', () => {
    const resources = [object('v1', 'ConfigMap', 'c')];
    expect(runPolicies(resources, undefined, rules, { selection: 'consul' }).map((finding) => finding.rule)).toEqual(['zone-quorum']);
    expect(runPolicies(resources, undefined, rules, { selection: 'kubernetes' }).map((finding) => finding.rule)).toEqual([
      'image-pinned',
      'pod-non-root',
    ]);
    expect(runPolicies(resources, undefined, rules, { selection: 'none' })).toEqual([]);
    expect(runPolicies(resources, undefined, rules, { selection: 'all' })).toHaveLength(3);
  });
});

describe('violationFinding', () => {
  const resource = {
    ...object('v1', 'ConfigMap', 'c'),
    origin: { file: 'base/c.yaml', line: 2 },
    lineOf: (path: string) => (path === '/data/x' ? 10 : undefined),
  };

  it('adds the rule id, severity and fix, the resource and its locations', () => {
    expect(violationFinding(rule('image-pinned'), { resource, path: '/data/x', message: 'm' })).toEqual({
      rule: 'image-pinned',
      severity: 'error',
      message: 'm',
      hint: 'do this',
      resource: resource.ref,
      path: '/data/x',
      location: { file: 'inline', line: 10 },
      origin: { file: 'base/c.yaml', line: 2 },
    });
  });

  it('an embedded line counts from the line of its value; an unknown path falls back to the resource line', () => {
    expect(violationFinding(rule('image-pinned'), { resource, path: '/data/x', embeddedLine: 3, message: 'm' })).toMatchObject({
      embeddedLine: 3,
      location: { line: 13 },
    });
    expect(violationFinding(rule('image-pinned'), { resource, path: '/data/y', embeddedLine: 3, message: 'm' }).location).toEqual({
      file: 'inline',
      line: 1,
    });
    expect(violationFinding(rule('image-pinned'), { resource, message: 'm' }).location).toEqual({ file: 'inline', line: 1 });
  });

  it('the violation severity beats the rule default, and an override beats both; no resource, no location', () => {
    expect(violationFinding(rule('image-pinned'), { message: 'm', severity: 'warning' })).toEqual({
      rule: 'image-pinned',
      severity: 'warning',
      message: 'm',
      hint: 'do this',
    });
    expect(violationFinding(rule('image-pinned'), { message: 'm', severity: 'warning' }, 'info').severity).toBe('info');
  });
});
