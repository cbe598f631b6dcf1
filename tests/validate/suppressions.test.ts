import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPolicies } from '../../tools/src/validate/run-policies.js';
import { applySuppressions } from '../../tools/src/model/suppression.js';
import { renderResources, REPO_ROOT, repoSpec } from '../helpers/repo.js';

async function check(name: string) {
  const resources = await renderResources(join(REPO_ROOT, 'tests/fixtures/suppressions', name));
  return applySuppressions(runPolicies(resources, await repoSpec()), resources);
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

describe('accepted risks (consul-gitops/accepted-risks, generated from acceptedRisks)', () => {
  it('cover the severity they were written for: an error of the same rule on the same object is reported, naming the acceptance that does not cover it', async () => {
    const findings = await check('latest-not-covered');
    const latest = findings.filter(
      (finding) =>
        finding.rule === 'image-pinned' && finding.resource?.kind === 'Deployment' && finding.resource.name === 'consul-sync-catalog',
    );
    expect(latest).toHaveLength(1);
    expect(latest[0]?.severity).toBe('error');
    expect(latest[0]?.suppressed).toBeUndefined();
    expect(latest[0]?.message).toMatch(
      /latest.*\(not covered by the accepted risk for image-pinned on this resource, which accepts warning findings\)$/,
    );
    // The same acceptance still covers the warning it was written for, on the workloads that keep their tag.
    const server = findings.filter((finding) => finding.rule === 'image-pinned' && finding.resource?.kind === 'StatefulSet');
    expect(server.length).toBeGreaterThan(0);
    for (const finding of server) expect(finding.suppressed?.reason).toMatch(/^Tag pinned to a release version/);
  });

  it('give each suppressed finding its own reason when several risks share a resource', async () => {
    const findings = await check('own-reasons');
    const image = findings.find((finding) => finding.rule === 'image-pinned' && finding.resource?.kind === 'StatefulSet');
    const storage = findings.find((finding) => finding.rule === 'storage-class' && finding.resource?.kind === 'StatefulSet');
    expect(image?.suppressed?.reason).toBe('reason A: digest not resolved yet');
    expect(storage?.severity).toBe('error');
    expect(storage?.suppressed?.reason).toBe('reason B: migrating to fast-ssd this week');
  });

  it('with a message match, cover only findings whose message contains it', async () => {
    const findings = await check('match-miss');
    const image = findings.find((finding) => finding.rule === 'image-pinned' && finding.resource?.kind === 'StatefulSet');
    expect(image?.suppressed).toBeUndefined();
    expect(image?.message).toMatch(
      /\(not covered by the accepted risk for image-pinned on this resource, which accepts warning findings matching "some other message"\)$/,
    );
  });

  it('an annotation that is not the JSON list is a suppression error, and suppresses nothing', async () => {
    const findings = await check('unreadable-accepted');
    const problem = findings.find((finding) => finding.rule === 'suppression');
    expect(problem?.resource).toMatchObject({ kind: 'StatefulSet', name: 'consul-server' });
    expect(problem?.path).toBe('/metadata/annotations/consul-gitops~1accepted-risks');
    expect(problem?.message).toMatch(/consul-gitops\/accepted-risks is not a JSON list of \{rule, severity, reason\}/);
    expect(
      findings.find((finding) => finding.rule === 'image-pinned' && finding.resource?.kind === 'StatefulSet')?.suppressed,
    ).toBeUndefined();
  });
});
