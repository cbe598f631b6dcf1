/**
 * Issue 23, attacks 8 and 10: a kustomization that reads a directory outside the repository, directly or
 * through a committed symbolic link, or pulls a remote base the spec does not allow, is refused before
 * kustomize runs (kustomize-boundary). kustomize itself always runs as Argo CD runs it: `build DIR`,
 * no flag that lifts its load restrictor or enables plugins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoCopy, type RepoCopy } from '../generate/repo-copy.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

const RECORDING = join(REPO_ROOT, 'tests/fixtures/bin/recording-kustomize.sh');
const REMOTE = 'https://github.com/example-org/consul-extras//monitoring?ref=3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291';

let repo: RepoCopy;
let outside: string;
let log: string;

beforeEach(async () => {
  repo = await repoCopy();
  outside = await mkdtemp(join(tmpdir(), 'consul-gitops-outside-'));
  await writeFile(join(outside, 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
  await writeFile(join(outside, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-outside\n');
  log = join(repo.dir, 'kustomize-calls.log');
});
afterEach(async () => {
  await repo.remove();
  await rm(outside, { recursive: true, force: true });
});

async function validate(dir: string, kustomize = RECORDING) {
  const result = await execa('node', [CLI, 'validate', dir, '--format', 'json', '--kustomize', kustomize], {
    cwd: repo.dir,
    reject: false,
    env: { CI: 'true', RECORDING_KUSTOMIZE_LOG: log },
  });
  const report = JSON.parse(String(result.stdout)) as {
    overlays: { findings: { rule: string; message: string; file?: string; line?: number }[] }[];
  };
  const all = report.overlays.flatMap((overlay) => overlay.findings);
  const findings = all.filter((finding) => finding.rule === 'kustomize-boundary');
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { code: result.exitCode, findings, all, calls, stderr: String(result.stderr) };
}

async function addResource(dir: string, entry: string): Promise<void> {
  const file = join(dir, 'kustomization.yaml');
  await repo.write(file, (await repo.read(file)).replace(/^resources:\n/m, `resources:\n  - ${entry}\n`));
}

describe('kustomize-boundary', () => {
  it('refuses a directory base outside the repository, naming the entry, and never runs kustomize', async () => {
    await addResource('overlays/dev', outside);
    const { code, findings, calls } = await validate('overlays/dev');
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({
        file: 'overlays/dev/kustomization.yaml',
        message: `resources entry ${outside} resolves to ${outside}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
      }),
    ]);
    expect(calls).toEqual([]);
  });

  it('refuses a committed symbolic link inside the repository that leads out', async () => {
    await symlink(outside, join(repo.dir, 'overlays/dev/extras'));
    await addResource('overlays/dev', 'extras');
    const { findings, calls } = await validate('overlays/dev');
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^resources entry extras resolves to .*, outside the repository/),
    ]);
    expect(calls).toEqual([]);
  });

  it('refuses a remote base the spec does not allow, without its credentials in the message, and fetches nothing', async () => {
    await addResource('overlays/dev', REMOTE.replace('https://', 'https://user:s3cret@'));
    const { findings, calls } = await validate('overlays/dev');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(
      /^resources entry https:\/\/\*\*\*@github\.com\/example-org\/.* is a remote base, and no remoteBases prefix/,
    );
    expect(JSON.stringify(findings)).not.toContain('s3cret');
    expect(calls).toEqual([]);
  });

  it('lets a remote base through when remoteBases lists its prefix, and kustomize runs as Argo CD runs it', async () => {
    await repo.write('environments.yaml', `${await repo.read('environments.yaml')}remoteBases:\n  - https://github.com/example-org/\n`);
    await addResource('overlays/dev', REMOTE);
    const { findings, all, calls } = await validate('overlays/dev');
    expect(findings).toEqual([]);
    expect(all.map((finding) => finding.rule)).toContain('generate-drift'); // the report was read, and holds other findings
    // only `build DIR`: no --load-restrictor LoadRestrictionsNone, no --enable-alpha-plugins / --enable-exec / --enable-helm
    expect(calls).toEqual([`build ${join(repo.dir, 'overlays/dev')}`]);
  });

  it('keeps kustomize-boundary quiet for the repository as it is', async () => {
    const { findings, calls } = await validate('overlays/prod');
    expect(findings).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('refuses the same tree in `render` and `gate`, before kustomize runs', async () => {
    await addResource('overlays/dev', outside);
    const env = { CI: 'true', RECORDING_KUSTOMIZE_LOG: log, KUSTOMIZE: RECORDING };
    const rendered = await execa('node', [CLI, 'render', 'overlays/dev'], { cwd: repo.dir, reject: false, env });
    expect(rendered.exitCode).not.toBe(0);
    expect(String(rendered.stderr)).toMatch(
      /kustomize build overlays\/dev refused \(kustomize-boundary\): overlays\/dev\/kustomization\.yaml:\d+: resources entry/,
    );
    const gated = await execa('node', [CLI, 'gate'], { cwd: join(repo.dir, 'overlays/dev'), reject: false, env });
    expect(gated.exitCode).not.toBe(0);
    expect(String(gated.stdout)).toBe('');
    expect(String(gated.stderr)).toMatch(/kustomize-boundary/);
    expect(existsSync(log)).toBe(false);
  });

  it('spec: a remoteBases prefix without an org path, or with credentials, is a spec error', async () => {
    for (const prefix of ['https://github.com/', 'https://user:pw@github.com/org/']) {
      await repo.write(
        'environments.yaml',
        `${(await repo.read('environments.yaml')).replace(/remoteBases:[\s\S]*$/, '')}remoteBases:\n  - ${prefix}\n`,
      );
      const { code, stderr } = await repo.run(['generate', '--check']);
      expect(code).toBe(1);
      expect(stderr).toMatch(/environments\.yaml:\d+: remoteBases\.0: /);
    }
  });
});

it('the trust root is the folder of environments.yaml, else of .git', async () => {
  const { trustRoot } = await import('../../tools/src/validate/kustomization/boundary.js');
  const bare = await mkdtemp(join(tmpdir(), 'consul-gitops-bare-'));
  try {
    await mkdir(join(bare, 'a', 'b'), { recursive: true });
    expect(trustRoot(join(bare, 'a', 'b'))).toBeUndefined();
    await mkdir(join(bare, '.git'));
    expect(trustRoot(join(bare, 'a', 'b'))).toBe(bare);
    await writeFile(join(bare, 'a', 'environments.yaml'), '');
    expect(trustRoot(join(bare, 'a', 'b'))).toBe(join(bare, 'a'));
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
});
