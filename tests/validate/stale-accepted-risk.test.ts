/**
 * Through the CLI in a copy of the repository: an accepted risk of the spec that no longer matches a
 * finding is reported at the overlay (an error in production), so a leftover entry cannot hide a later
 * real finding; a risk of a rule the run did not check is left alone.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-stale-'));
  for (const path of ['environments.yaml', 'environments.schema.json', 'base', 'overlays', 'argocd'])
    await cp(join(REPO_ROOT, path), join(root, path), { recursive: true });
  const spec = await readFile(join(root, 'environments.yaml'), 'utf8');
  // pod-non-root passes on the server StatefulSet: accepting it is a leftover.
  const stale =
    '      - { rule: pod-non-root, kind: StatefulSet, name: consul-server, severity: error, reason: "a risk fixed long ago" }\n';
  const at = spec.indexOf('    acceptedRisks:\n', spec.indexOf('  prod:')) + '    acceptedRisks:\n'.length;
  await writeFile(join(root, 'environments.yaml'), `${spec.slice(0, at)}${stale}${spec.slice(at)}`);
  const generated = await execa('node', [CLI, 'generate'], { cwd: root, reject: false });
  expect(generated.exitCode, generated.stderr).toBe(0);
}, 120_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

const validate = (...args: string[]) =>
  execa('node', [CLI, 'validate', '--format', 'json', ...args, 'overlays/prod'], { cwd: root, reject: false });

describe('a stale accepted risk', () => {
  it('is an error in production, at the StatefulSet, naming the spec entry to remove', async () => {
    const run = await validate();
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as {
      overlays: { findings: { rule: string; severity: string; message: string; resource?: { kind: string } }[] }[];
    };
    const stale = report.overlays
      .flatMap((overlay) => overlay.findings)
      .filter((finding) => finding.message.includes('matches no finding'));
    expect(stale).toEqual([
      expect.objectContaining({
        rule: 'suppression',
        severity: 'error',
        message: expect.stringMatching(
          /^the accepted risk pod-non-root \(error findings\) on this resource matches no finding: remove it from environments\.prod\.acceptedRisks/,
        ),
      }),
    ]);
  }, 120_000);

  it('is not judged when its rule did not run (--rules consul leaves pod-non-root out)', async () => {
    const run = await validate('--rules', 'consul');
    expect(run.stdout).not.toContain('matches no finding');
  }, 120_000);
});
