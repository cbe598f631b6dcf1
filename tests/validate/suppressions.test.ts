import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPolicies } from '../../tools/src/validate/policies/run.js';
import { RULE_CATALOG } from '../../tools/src/validate/rule-catalog.js';
import { applySuppressions } from '../../tools/src/validate/suppressions.js';
import { renderResources, REPO_ROOT, repoSpec } from '../helpers/repo.js';

const known = new Set(RULE_CATALOG.map((rule) => rule.id));

async function check(name: string) {
  const resources = await renderResources(join(REPO_ROOT, 'tests/fixtures/suppressions', name));
  return applySuppressions(runPolicies(resources, await repoSpec()), resources, known);
}

describe('suppressions', () => {
  it('with a reason: the finding stays, marked suppressed with the reason, and no longer blocks', async () => {
    const findings = await check('with-reason');
    const pdb = findings.filter((finding) => finding.rule === 'pdb-max-unavailable');
    expect(pdb).toHaveLength(1);
    expect(pdb[0]?.suppressed?.reason).toBe('drill: we accept losing quorum during drains this week');
    expect(findings.filter((finding) => finding.rule === 'suppression')).toEqual([]);
  });

  it('without a reason: the finding is not suppressed and the suppression is an error', async () => {
    const findings = await check('without-reason');
    expect(findings.find((finding) => finding.rule === 'pdb-max-unavailable')?.suppressed).toBeUndefined();
    const problem = findings.find((finding) => finding.rule === 'suppression');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toMatch(/without consul-gitops\/ignore-reason/);
  });

  it('naming an unknown rule: an error that names it, and nothing is suppressed', async () => {
    const findings = await check('unknown-rule');
    expect(findings.find((finding) => finding.rule === 'pdb-max-unavailable')?.suppressed).toBeUndefined();
    expect(findings.find((finding) => finding.rule === 'suppression')?.message).toMatch(/unknown rule\(s\) pdb-max-unavailabel/);
  });
});
