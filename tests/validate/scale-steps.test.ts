/**
 * Every plan `diff` prints for a server count change is a sequence of commits that each pass validate:
 * for every n -> m (1 <= n, m <= 9) between counts valid at rest, over 1 to 5 zones and in every tier,
 * each step's commit (its server count, minNodes and transitional accepted risks) is generated in
 * memory and checked again, independently of the plan that chose it.
 */
import { describe, expect, it } from 'vitest';
import { scalePlanSteps } from '../../tools/src/diff/scale-step.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { TIERS, type Tier } from '../../tools/src/environments/types.js';
import { scaleStepChecker } from '../../tools/src/validate/scale-steps.js';
import { SPEC_DEFAULTS } from '../helpers/spec-text.js';

const COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const ZONES = [1, 2, 3, 4, 5];

function specOf(tier: Tier, zones: number, servers: number) {
  const zoneList = Array.from({ length: zones }, (_, index) => `zone-${index + 1}`).join(', ');
  return parseSpec(`${SPEC_DEFAULTS}  env:
    tier: ${tier}
    namespace: consul-env
    servers: ${servers}
    storage: { class: standard }
    zones: [${zoneList}]
    minNodes: ${servers}
`);
}

describe.each(TIERS.flatMap((tier) => ZONES.map((zones) => ({ tier, zones }))))('$tier over $zones zone(s)', ({ tier, zones }) => {
  const check = scaleStepChecker(specOf(tier, zones, 3), 'env')!;
  const validAtRest = COUNTS.filter((n) => check(n, { minNodes: n, acceptedRisks: [] }).length === 0);

  it('has counts that are valid at rest (else the table below proves nothing), but none over 2 zones outside development', () => {
    // Over two zones the loss of the larger one always takes a majority: zone-quorum refuses every count.
    if (zones === 2 && tier !== 'development') expect(validAtRest).toEqual([]);
    else expect(validAtRest.length).toBeGreaterThan(1);
  });

  it('every step of every plan between them passes validate with what the step says to commit', () => {
    for (const from of validAtRest) {
      for (const to of validAtRest) {
        if (from === to) continue;
        const head = scaleStepChecker(specOf(tier, zones, to), 'env')!;
        const steps = scalePlanSteps(from, to, 'env', { check: head, minNodes: to });
        expect(steps.at(-1)?.to).toBe(to);
        for (const step of steps) {
          const label = `${from} -> ${to}: step to ${step.to}`;
          expect(step.blocked, label).toEqual([]);
          const again = head(step.to, {
            ...(step.minNodes !== undefined ? { minNodes: step.minNodes } : {}),
            acceptedRisks: step.acceptedRisks ?? [],
          });
          expect(
            again.map((finding) => `${finding.rule}: ${finding.message}`),
            label,
          ).toEqual([]);
          if (step.to === to) expect(step.acceptedRisks, `${label}: the last step accepts nothing`).toEqual([]);
        }
      }
    }
  });
});

describe('a step that no transitional acceptance fixes', () => {
  it('is marked blocked, with the finding, and says so in its caution', () => {
    const head = scaleStepChecker(specOf('production', 3, 5), 'env')!;
    const refusing = (servers: number, change: Parameters<typeof head>[1]) => [
      ...head(servers, change),
      ...(servers === 4
        ? [{ rule: 'image-pinned' as const, severity: 'error' as const, message: 'a stand-in blocking finding', location: { file: 'x' } }]
        : []),
    ];
    const [first] = scalePlanSteps(5, 3, 'env', { check: refusing, minNodes: 5 });
    expect(first?.blocked).toEqual(['image-pinned: a stand-in blocking finding']);
    expect(first?.caution).toMatch(
      /this step's commit fails validate, and no transitional acceptance fixes it: image-pinned: a stand-in blocking finding/,
    );
  });

  it('5 -> 3 over 3 zones accepts zone-quorum and quorum-even-servers for the 4-server step only', () => {
    const head = scaleStepChecker(specOf('production', 3, 3), 'env')!;
    const steps = scalePlanSteps(5, 3, 'env', { check: head, minNodes: 3 });
    expect(steps.map((step) => [step.to, (step.acceptedRisks ?? []).map((risk) => risk.rule).sort()])).toEqual([
      [4, ['quorum-even-servers', 'zone-quorum']],
      [3, []],
    ]);
    expect(steps[1]?.action).toMatch(/remove the transitional acceptedRisks entries of the step before/);
  });
});

describe("a step's findings", () => {
  it('locate the overlay as the step would render it: a typed rendered location, no marker in the file name and no line', () => {
    const head = scaleStepChecker(specOf('production', 3, 3), 'env')!;
    const findings = head(4, { minNodes: 4, acceptedRisks: [] }).filter((finding) => finding.resource);
    expect(findings.map((finding) => finding.rule)).toContain('quorum-even-servers');
    for (const finding of findings) expect(finding.location).toEqual({ file: 'overlays/env', rendered: true });
  });
});
