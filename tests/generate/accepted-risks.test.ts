/** acceptedRisks -> suppression annotations: the patches, and what validate makes of them on the real repo. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { acceptedRiskPatches, baseResourceRefs } from '../../tools/src/generate/accepted-risks.js';
import { baseObjects } from '../../tools/src/generate/base/index.js';
import { generate } from '../../tools/src/generate/index.js';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { ACCEPTED_RISKS_ANNOTATION } from '../../tools/src/model/suppression.js';
import type { EnvironmentSpec } from '../../tools/src/environments/types.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

describe('acceptedRiskPatches', () => {
  it('names every object the generated base/ files hold, in file order (taken from the objects they are written from)', async () => {
    const spec = await repoSpec();
    const written = [...generate(spec)]
      .filter(([path]) => path.startsWith('base/') && !path.endsWith('/kustomization.yaml'))
      .flatMap(([, text]) =>
        parseAllDocuments(text).map((document) => document.toJS() as { apiVersion: string; kind: string; metadata: { name: string } }),
      )
      .map((object) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name }));
    expect(written.length).toBeGreaterThan(10);
    expect(baseResourceRefs(baseObjects(spec))).toEqual(written);
  });

  it('one patch per resource; each risk keeps its own rule, severity, match and reason (JSON, sorted)', async () => {
    const spec = await repoSpec();
    const base = baseResourceRefs(baseObjects(spec));
    const env = {
      name: 'qa',
      acceptedRisks: [
        {
          rule: 'pdb-max-unavailable',
          kind: 'PodDisruptionBudget',
          name: 'consul-server',
          severity: 'warning',
          reason: 'three servers in qa',
        },
        { rule: 'storage-class', kind: 'StatefulSet', name: 'consul-server', severity: 'error', reason: 'qa shares the default class' },
        {
          rule: 'image-pinned',
          kind: 'StatefulSet',
          name: 'consul-server',
          severity: 'warning',
          match: 'no digest',
          reason: 'digest not\n  resolved yet',
        },
      ],
    } as EnvironmentSpec;
    const patches = acceptedRiskPatches(env, base, 'environments.yaml');
    expect(patches.map((patch) => patch.path)).toEqual([
      'accepted-risk-poddisruptionbudget-consul-server.yaml',
      'accepted-risk-statefulset-consul-server.yaml',
    ]);
    const annotation = (index: number): unknown =>
      JSON.parse(
        (patches[index]?.document as { metadata: { annotations: Record<string, string> } }).metadata.annotations[
          ACCEPTED_RISKS_ANNOTATION
        ] ?? 'null',
      );
    expect(patches[1]?.document).toMatchObject({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'consul-server' } });
    expect(annotation(0)).toEqual([{ rule: 'pdb-max-unavailable', severity: 'warning', reason: 'three servers in qa' }]);
    expect(annotation(1)).toEqual([
      { rule: 'image-pinned', severity: 'warning', match: 'no digest', reason: 'digest not resolved yet' },
      { rule: 'storage-class', severity: 'error', reason: 'qa shares the default class' },
    ]);
  });

  it('a resource base/ does not have is a spec error naming the entry', async () => {
    const spec = await repoSpec();
    const env = {
      name: 'qa',
      acceptedRisks: [
        { rule: 'image-pinned', kind: 'StatefulSet', name: 'consul-serverr', severity: 'warning', reason: 'a typo in the name' },
      ],
    } as EnvironmentSpec;
    expect(() => acceptedRiskPatches(env, baseResourceRefs(baseObjects(spec)), 'environments.yaml')).toThrow(
      /base\/ has no StatefulSet named "consul-serverr"/,
    );
  });
});

describe('the committed spec accepts the known warnings', () => {
  it('validate shows prod image-pinned and staging pdb-max-unavailable as suppressed with their reasons, exit 0', async () => {
    let stdout = '';
    const io: CommandIo = {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: 'true' },
      isTty: false,
      out: (text) => void (stdout += text),
      err: () => undefined,
      writeFile: () => Promise.resolve(),
    };
    const code = await main(['validate', 'overlays/prod', 'overlays/staging', '--format', 'json'], io);
    expect(code).toBe(0);
    type Finding = { rule: string; kind?: string; name?: string; severity: string; suppressed?: unknown };
    const report = JSON.parse(stdout) as { overlays: { path: string; findings: Finding[] }[] };
    const raw = await readFile(`${REPO_ROOT}/environments.yaml`, 'utf8');
    const environments = (
      parse(raw) as { environments: Record<string, { acceptedRisks?: { rule: string; kind: string; name: string }[] }> }
    ).environments;
    for (const env of ['prod', 'staging']) {
      const findings = report.overlays.find((overlay) => overlay.path === `overlays/${env}`)?.findings ?? [];
      const accepted = environments[env]?.acceptedRisks ?? [];
      expect(accepted.length).toBeGreaterThan(0);
      for (const risk of accepted) {
        const matching = findings.filter(
          (finding) => finding.rule === risk.rule && finding.kind === risk.kind && finding.name === risk.name,
        );
        expect(matching.length, `${env}: ${risk.rule} on ${risk.kind}/${risk.name}`).toBeGreaterThan(0);
        for (const finding of matching) expect(finding.suppressed, JSON.stringify(finding)).toBeTruthy();
      }
      expect(findings.filter((finding) => finding.severity === 'warning' && !finding.suppressed)).toEqual([]);
    }
  });
});
