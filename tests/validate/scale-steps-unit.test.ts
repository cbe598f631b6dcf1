/**
 * scaleStepChecker's own branches, on one small spec each (tests/validate/scale-steps.test.ts walks every plan over
 * every tier and zone count, too long a file for the mutation run): what a step's commit is checked with (its server
 * count, its minNodes, its transitional acceptedRisks on top of the environment's), where its findings point, and that a
 * step asked twice is built once.
 */
import { describe, expect, it } from 'vitest';
import { scalePlanSteps } from '../../tools/src/diff/scale-step.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { scaleStepChecker } from '../../tools/src/validate/scale-steps.js';
import { SPEC_DEFAULTS } from '../helpers/spec-text.js';

function specOf(servers: number, minNodes: number, other = '') {
  return parseSpec(`${SPEC_DEFAULTS}  env:
    tier: production
    namespace: consul-env
    servers: ${servers}
    storage: { class: standard }
    zones: [zone-1, zone-2, zone-3]
    minNodes: ${minNodes}
${other}`);
}

const rules = (findings: readonly { rule: string }[]) => [...new Set(findings.map((finding) => finding.rule))].sort();

describe('scaleStepChecker', () => {
  it('is undefined for an environment the spec does not declare', () => {
    expect(scaleStepChecker(specOf(3, 3), 'nowhere')).toBeUndefined();
  });

  it('passes the steps that are valid at rest, with the step count in the spec the rules read', () => {
    const check = scaleStepChecker(specOf(3, 3), 'env')!;
    expect(check(3, { minNodes: 3, acceptedRisks: [] })).toEqual([]);
    expect(check(5, { minNodes: 5, acceptedRisks: [] })).toEqual([]);
  });

  it("reports an even step's spec problem as a spec finding of the spec file, and its rule findings", () => {
    const spec = specOf(3, 3);
    const check = scaleStepChecker(spec, 'env')!;
    const findings = check(4, { minNodes: 4, acceptedRisks: [] });
    expect(findings).toContainEqual({
      rule: 'spec',
      severity: 'error',
      message:
        'environments.env.servers: must be an odd number >= 3 for tier production (a transitional even count needs quorum-even-servers in acceptedRisks)',
      location: { file: spec.file },
    });
    expect(rules(findings)).toContain('quorum-even-servers');
  });

  it("accepts the step's transitional acceptedRisks on the objects they name", () => {
    const check = scaleStepChecker(specOf(3, 3), 'env')!;
    const [first] = scalePlanSteps(5, 3, 'env', { check, minNodes: 3 });
    expect(first?.to).toBe(4);
    expect(rules(first?.acceptedRisks ?? [])).toEqual(['quorum-even-servers', 'zone-quorum']);
    expect(
      check(4, { ...(first?.minNodes !== undefined ? { minNodes: first.minNodes } : {}), acceptedRisks: first?.acceptedRisks ?? [] }),
    ).toEqual([]);
  });

  it("checks the step with the change's minNodes, and with the environment's when the change has none", () => {
    const check = scaleStepChecker(specOf(3, 3), 'env')!;
    expect(check(5, { minNodes: 5, acceptedRisks: [] })).toEqual([]);
    expect(check(5, { acceptedRisks: [] })).not.toEqual([]);
  });

  it('builds a step asked twice once, and tells distinct steps apart', () => {
    const check = scaleStepChecker(specOf(3, 3), 'env')!;
    const four = check(4, { minNodes: 4, acceptedRisks: [] });
    expect(check(4, { minNodes: 4, acceptedRisks: [] })).toBe(four);
    expect(check(3, { minNodes: 3, acceptedRisks: [] })).toEqual([]);
    expect(four).not.toEqual([]);
  });

  it('locates the findings at the overlay as the step would render it: a typed rendered location, no line', () => {
    const check = scaleStepChecker(specOf(3, 3), 'env')!;
    const findings = check(4, { minNodes: 4, acceptedRisks: [] }).filter((finding) => finding.resource);
    expect(rules(findings)).toContain('quorum-even-servers');
    for (const finding of findings) {
      expect(finding.location).toEqual({ file: 'overlays/env', rendered: true });
      expect(finding.resource?.namespace).toBe('consul-env');
    }
  });
  it('checks the step against the spec with only its own environment changed', () => {
    const other = `  other:
    tier: development
    namespace: consul-other
    servers: 1
    storage: { class: standard }
`;
    const check = scaleStepChecker(specOf(3, 3, other), 'env')!;
    expect(check(5, { minNodes: 5, acceptedRisks: [] })).toEqual([]);
    expect(check(4, { minNodes: 4, acceptedRisks: [] })).not.toEqual([]);
  });
});
