/** validate reads the spec from wherever it runs, and holds the committed tree to what the spec generates. */
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/repo.js';
import { repoCopy, type RepoCopy } from '../generate/repo-copy.js';

let copy: RepoCopy;
beforeAll(async () => {
  copy = await repoCopy();
}, 60_000);
afterAll(async () => copy?.remove());

const validateIn = async (cwd: string, args: string[] = []) => {
  const result = await execa('node', [CLI, 'validate', '--format', 'json', ...args], { cwd, reject: false, env: { CI: 'true' } });
  return {
    code: result.exitCode,
    report: JSON.parse(String(result.stdout)) as {
      overlays: { path: string; findings: { rule: string; message: string; file: string | null; hint: string | null }[] }[];
    },
  };
};

describe('validate inside an overlay folder', () => {
  it('finds environments.yaml upwards and checks that overlay, against its declared environment (exit 0)', async () => {
    const { code, report } = await validateIn(join(copy.dir, 'overlays/staging'));
    expect(code).toBe(0);
    expect(report.overlays.map((overlay) => overlay.path)).toEqual(['overlays/staging']);
    expect(report.overlays[0]?.findings.filter((finding) => finding.rule === 'environment-label')).toEqual([]);
  }, 60_000);
});

describe('generate-drift', () => {
  it('is silent on the committed tree', async () => {
    const { code, report } = await validateIn(copy.dir, ['overlays/dev']);
    expect(code).toBe(0);
    expect(report.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.rule === 'generate-drift')).toEqual([]);
  }, 60_000);

  it('reports a spec edited without generate as one finding on environments.yaml, naming the files and the fix', async () => {
    const spec = await copy.read('environments.yaml');
    await copy.write('environments.yaml', spec.replace(/(\n {2}prod:\n(?: {4}.*\n)*? {4}servers: )5\n/, '$17\n'));
    try {
      const { code, report } = await validateIn(copy.dir);
      expect(code).toBe(1);
      const drift = report.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.rule === 'generate-drift');
      expect(drift).toHaveLength(1);
      expect(drift[0]).toMatchObject({ file: 'environments.yaml' });
      expect(drift[0]?.message).toMatch(
        /^\d+ generated file\(s\) are not what environments\.yaml generates: .*overlays\/prod\/kustomization\.yaml \(differs\)/,
      );
      expect(drift[0]?.hint).toMatch(/consul-gitops generate/);
      // validating only dev: prod's drift is not dev's finding
      const dev = await validateIn(copy.dir, ['overlays/dev']);
      expect(dev.report.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.rule === 'generate-drift')).toEqual([]);
    } finally {
      await copy.write('environments.yaml', spec);
    }
  }, 120_000);

  it('reports a hand edit of a generated file', async () => {
    const path = 'overlays/prod/server-storage.yaml';
    const text = await copy.read(path);
    await copy.write(path, text.replace('storage: 50Gi', 'storage: 60Gi'));
    try {
      const { report } = await validateIn(copy.dir, ['overlays/prod']);
      const drift = report.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.rule === 'generate-drift');
      expect(drift.map((finding) => finding.message)).toEqual([expect.stringMatching(/overlays\/prod\/server-storage\.yaml \(differs\)/)]);
    } finally {
      await copy.write(path, text);
    }
  }, 60_000);
});
