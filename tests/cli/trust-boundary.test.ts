/**
 * Issue 23: what a hostile pull request can commit around the CLI's inputs and outputs. Each case runs
 * the built CLI in a temporary repository and asserts the one line the user sees.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/repo.js';

let repo: string;
let outside: string;

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: web\ndata:\n  a: b\n';

async function run(args: string[], options: { input?: string; timeout?: number } = {}) {
  const result = await execa('node', [CLI, ...args], {
    cwd: repo,
    reject: false,
    env: { CI: 'true' },
    timeout: options.timeout ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'consul-gitops-boundary-'));
  outside = await mkdtemp(join(tmpdir(), 'consul-gitops-outside-'));
  await mkdir(join(repo, 'app'));
  await writeFile(join(repo, 'app', 'kustomization.yaml'), 'resources:\n  - web.yaml\n');
  await writeFile(join(repo, 'app', 'web.yaml'), CONFIG_MAP);
  await writeFile(join(outside, 'victim'), 'keep me\n');
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('--output never writes through a committed link (attack 8)', () => {
  it('refuses a folder link that leaves the repository', async () => {
    await symlink(outside, join(repo, 'dist'));
    const { code, stderr } = await run(['render', 'app', '--output', 'dist/app.yaml']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `consul-gitops: --output dist/app.yaml: dist is a symbolic link to ${outside}, outside the repository; a report is never written through a link: remove it (git rm dist) or write elsewhere`,
    );
  });

  it('refuses a link at the output path itself, even one inside the repository', async () => {
    await symlink('app/web.yaml', join(repo, 'report.txt'));
    const { code, stderr } = await run(['validate', 'app', '--output', 'report.txt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^consul-gitops: --output report\.txt: report\.txt is a symbolic link to app\/web\.yaml; a report is never written/,
    );
    expect(await readFile(join(repo, 'app', 'web.yaml'), 'utf8')).toBe(CONFIG_MAP);
  });

  it('refuses a link to a file outside', async () => {
    await mkdir(join(repo, 'dist'));
    await symlink(join(outside, 'victim'), join(repo, 'dist', 'app.yaml'));
    const { code, stderr } = await run(['render', 'app', '--output', 'dist/app.yaml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^consul-gitops: --output dist\/app\.yaml: dist\/app\.yaml is a symbolic link to .*victim, outside the repository/,
    );
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('keep me\n');
  });

  it('still writes an ordinary file, and a path the user names outside the repository', async () => {
    expect((await run(['render', 'app', '--output', 'dist/app.yaml'])).code).toBe(0);
    expect(await readFile(join(repo, 'dist', 'app.yaml'), 'utf8')).toContain('name: web');
    expect((await run(['render', 'app', '--output', join(outside, 'app.yaml')])).code).toBe(0);
    expect(await readFile(join(outside, 'app.yaml'), 'utf8')).toContain('name: web');
  });
});
