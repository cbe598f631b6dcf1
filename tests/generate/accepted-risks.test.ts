/** acceptedRisks -> suppression annotations: the patches, and what validate makes of them on the real repo. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { acceptedRiskPatches, baseResourceRefs, SUPPRESSION_ANNOTATIONS } from '../../tools/src/generate/accepted-risks.js';
import { baseFiles } from '../../tools/src/generate/base/index.js';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../../tools/src/validate/suppressions.js';
import type { EnvironmentSpec } from '../../tools/src/spec/types.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

describe('acceptedRiskPatches', () => {
  it('writes the annotation keys validate reads', () => {
    expect(SUPPRESSION_ANNOTATIONS).toEqual({ rules: IGNORE_ANNOTATION, reason: IGNORE_REASON_ANNOTATION });
  });

  it('one patch per resource; several rules share it, each reason prefixed with its rule', async () => {
    const spec = await repoSpec();
    const base = baseResourceRefs(baseFiles(spec));
    const env = {
      name: 'qa',
      acceptedRisks: [
        { rule: 'pdb-max-unavailable', kind: 'PodDisruptionBudget', name: 'consul-server', reason: 'three servers in qa' },
        { rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-server', reason: 'digest not resolved yet' },
        { rule: 'storage-class', kind: 'StatefulSet', name: 'consul-server', reason: 'qa shares the default class' },
      ],
    } as EnvironmentSpec;
    expect(acceptedRiskPatches(env, base, 'environments.yaml')).toEqual([
      {
        path: 'accepted-risk-poddisruptionbudget-consul-server.yaml',
        document: {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'consul-server', annotations: { [IGNORE_ANNOTATION]: 'pdb-max-unavailable', [IGNORE_REASON_ANNOTATION]: 'three servers in qa' } },
        },
      },
      {
        path: 'accepted-risk-statefulset-consul-server.yaml',
        document: {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: {
            name: 'consul-server',
            annotations: {
              [IGNORE_ANNOTATION]: 'image-pinned,storage-class',
              [IGNORE_REASON_ANNOTATION]: 'image-pinned: digest not resolved yet; storage-class: qa shares the default class',
            },
          },
        },
      },
    ]);
  });
});

describe('the committed spec accepts the known warnings', () => {
  it('validate shows prod image-pinned and staging pdb-max-unavailable as suppressed with their reasons, exit 0', async () => {
    let stdout = '';
    const io: CommandIo = { cwd: REPO_ROOT, env: { ...process.env, CI: 'true' }, isTty: false, out: (text) => void (stdout += text), err: () => undefined, writeFile: () => Promise.resolve() };
    const code = await main(['validate', 'overlays/prod', 'overlays/staging', '--format', 'json'], io);
    expect(code).toBe(0);
    type Finding = { rule: string; kind?: string; name?: string; severity: string; suppressed?: unknown };
    const report = JSON.parse(stdout) as { overlays: { path: string; findings: Finding[] }[] };
    const raw = await readFile(`${REPO_ROOT}/environments.yaml`, 'utf8');
    const environments = (parse(raw) as { environments: Record<string, { acceptedRisks?: { rule: string; kind: string; name: string }[] }> }).environments;
    for (const env of ['prod', 'staging']) {
      const findings = report.overlays.find((overlay) => overlay.path === `overlays/${env}`)?.findings ?? [];
      const accepted = environments[env]?.acceptedRisks ?? [];
      expect(accepted.length).toBeGreaterThan(0);
      for (const risk of accepted) {
        const matching = findings.filter((finding) => finding.rule === risk.rule && finding.kind === risk.kind && finding.name === risk.name);
        expect(matching.length, `${env}: ${risk.rule} on ${risk.kind}/${risk.name}`).toBeGreaterThan(0);
        for (const finding of matching) expect(finding.suppressed, JSON.stringify(finding)).toBeTruthy();
      }
      expect(findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed)).toEqual([]);
    }
  });
});
