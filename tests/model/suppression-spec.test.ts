/**
 * applySuppressions against the spec's acceptedRisks, field by field: which annotation entry the spec lists, the
 * texts of the errors and their hints, the hand-written ignore inside an environment, and resources that carry no
 * metadata or an annotation that is not text.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../tools/src/model/finding.js';
import type { ParsedResource } from '../../tools/src/model/resource.js';
import { applySuppressions, type SpecAcceptedRisk } from '../../tools/src/model/suppression.js';

function resource(annotations: Record<string, unknown>, kind = 'StatefulSet', name = 'consul-server'): ParsedResource {
  return {
    ref: { apiVersion: 'apps/v1', kind, name },
    object: { apiVersion: 'apps/v1', kind, metadata: { name, annotations } },
    location: { file: 'overlays/prod', line: 7, rendered: true },
    lineOf: () => undefined,
  };
}
const finding = (severity: Severity, message = 'something', name = 'consul-server'): Finding => ({
  rule: 'image-pinned',
  severity,
  message,
  resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name },
});
const accepted = (entries: unknown) => ({ 'consul-gitops/accepted-risks': JSON.stringify(entries) });
const ENTRY = { rule: 'image-pinned', severity: 'warning', match: 'tag', reason: 'digests come next release' };
const RISK: SpecAcceptedRisk = { rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-server', severity: 'warning', match: 'tag' };
const UNLISTED_HINT = 'list the risk under acceptedRisks in environments.yaml and run `consul-gitops generate` (it writes this annotation)';

describe('an accepted-risks entry is the spec entry when rule, kind, name, severity and match all agree', () => {
  const run = (risks: SpecAcceptedRisk[] | undefined, entry: object = ENTRY, target = resource(accepted([entry]))) =>
    applySuppressions([finding('warning', 'no tag')], [target], {
      environment: { name: 'prod', ...(risks ? { acceptedRisks: risks } : {}) },
    });

  it('listed: the finding is suppressed, nothing else is said', () => {
    expect(run([RISK])).toEqual([{ ...finding('warning', 'no tag'), suppressed: { reason: 'digests come next release' } }]);
    // one of several risks is enough
    expect(run([{ ...RISK, rule: 'pod-non-root' }, RISK]).map((entry) => entry.rule)).toEqual(['image-pinned']);
  });

  it('a name the overlay suffixed with -<env> is the spec name', () => {
    const target = resource(accepted([ENTRY]), 'StatefulSet', 'consul-server-prod');
    const result = applySuppressions([finding('warning', 'no tag', 'consul-server-prod')], [target], {
      environment: { name: 'prod', acceptedRisks: [RISK] },
    });
    expect(result.map((entry) => entry.suppressed?.reason)).toEqual(['digests come next release']);
  });

  it.each([
    ['another rule', { ...RISK, rule: 'pod-non-root' }],
    ['another kind', { ...RISK, kind: 'Deployment' }],
    ['another name', { ...RISK, name: 'consul-client' }],
    ['another severity', { ...RISK, severity: 'error' as const }],
    ['another match', { ...RISK, match: 'digest' }],
    ['no match', { rule: RISK.rule, kind: RISK.kind, name: RISK.name, severity: RISK.severity }],
  ])('unlisted with %s: the finding stays, and the entry is an error with its hint', (_name, risk) => {
    const result = run([risk]);
    expect(result[0]).toEqual(finding('warning', 'no tag'));
    expect(result[1]).toEqual({
      rule: 'suppression',
      severity: 'error',
      resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'consul-server' },
      location: { file: 'overlays/prod', line: 7, rendered: true },
      path: '/metadata/annotations/consul-gitops~1accepted-risks',
      message:
        'consul-gitops/accepted-risks accepts image-pinned (warning) on this resource, but environments.prod.acceptedRisks does not list it, so it accepts nothing: only the spec accepts a finding in an environment; list it there and run `consul-gitops generate`',
      hint: UNLISTED_HINT,
    });
  });

  it('an environment without acceptedRisks lists nothing', () => {
    expect(run(undefined).map((entry) => entry.rule)).toEqual(['image-pinned', 'suppression']);
  });
});

describe('the hand-written ignore inside an environment', () => {
  const prod = { name: 'prod' };

  it('without its reason it is still the environment error, naming the first rule it lists', () => {
    const [problem] = applySuppressions([], [resource({ 'consul-gitops/ignore': ', pod-non-root , image-pinned,' })], {
      environment: prod,
    });
    expect(problem?.path).toBe('/metadata/annotations/consul-gitops~1ignore');
    expect(problem?.message).toBe(
      'consul-gitops/ignore in environment prod accepts nothing: only acceptedRisks in environments.yaml accept a finding here; write environments.prod.acceptedRisks: - {rule: pod-non-root, kind: StatefulSet, name: consul-server, severity: <error|warning|info>, reason: "<why, 10+ characters>"}, run `consul-gitops generate` and remove the annotation',
    );
    expect(problem?.hint).toBe('list the risk under environments.prod.acceptedRisks in environments.yaml and run `consul-gitops generate`');
  });

  it('a namespaced object whose name ends in -<env> keeps its name (only cluster-scoped names lose the suffix)', () => {
    const [problem] = applySuppressions(
      [],
      [
        resource(
          { 'consul-gitops/ignore': 'image-pinned', 'consul-gitops/ignore-reason': 'a reason' },
          'StatefulSet',
          'consul-server-prod',
        ),
      ],
      { environment: prod },
    );
    expect(problem?.message).toContain('{rule: image-pinned, kind: StatefulSet, name: consul-server-prod, severity');
  });
});

describe('stale accepted risks', () => {
  it('the hint says where to remove the entry', () => {
    const [stale] = applySuppressions([], [resource(accepted([ENTRY]))], {
      environment: { name: 'prod', tier: 'production', acceptedRisks: [RISK] },
      checkedRules: new Set(['image-pinned']),
    });
    expect(stale?.hint).toBe('remove the entry from acceptedRisks in environments.yaml and run `consul-gitops generate`');
  });
});

describe('what the annotations can hold', () => {
  it('a resource without metadata has no suppression', () => {
    const bare: ParsedResource = { ...resource({}), object: { kind: 'StatefulSet' } };
    expect(applySuppressions([finding('error')], [bare])).toEqual([finding('error')]);
  });

  it('an accepted-risks value that is not text (a YAML list) is unreadable, whatever it holds', () => {
    const [problem] = applySuppressions([], [resource({ 'consul-gitops/accepted-risks': ['[]'] })]);
    expect(problem?.message).toBe('consul-gitops/accepted-risks is not a JSON list of {rule, severity, reason}');
    expect(problem?.hint).toBe(UNLISTED_HINT);
  });
});
