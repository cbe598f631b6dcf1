/**
 * Issue 23: what a hostile pull request can commit around the CLI's inputs and outputs. Each case runs
 * the built CLI in a temporary repository and asserts the one line the user sees.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoCopy } from '../generate/repo-copy.js';
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

describe('inputs that never end (attack 9)', () => {
  it('-f /dev/zero is a usage error, exit 2', async () => {
    const { code, stderr } = await run(['validate', '-f', '/dev/zero']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'consul-gitops: -f /dev/zero: is not a regular file or folder (a device, FIFO or socket): save the manifests to a file first',
    );
  });

  it('-f on a FIFO is a usage error at once, not a wait for a writer', async () => {
    execaSync('mkfifo', [join(repo, 'pipe.yaml')]);
    const { code, stderr } = await run(['validate', '-f', 'pipe.yaml'], { timeout: 20_000 });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^consul-gitops: -f pipe\.yaml: is not a regular file or folder \(a device, FIFO or socket\)/);
  });

  it('-f - on a standard input that stays open ends with exit 2 after the timeout', async () => {
    const child = execa('node', [CLI, 'validate', '-f', '-'], {
      cwd: repo,
      reject: false,
      stdin: 'pipe',
      env: { CI: 'true', CONSUL_GITOPS_STDIN_TIMEOUT: '1' },
      timeout: 30_000,
    });
    child.stdin?.write('apiVersion: v1\n'); // some data, then silence: the pipe is never closed
    const result = await child;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toBe(
      'consul-gitops: -f -: standard input sent nothing for 1 s and was not closed; pipe a finished stream in, or save it to a file (CONSUL_GITOPS_STDIN_TIMEOUT sets the limit in seconds)',
    );
    child.stdin?.destroy();
  });

  it('-f - still reads a standard input that ends', async () => {
    const { code, stdout } = await run(['validate', '-f', '-'], { input: CONFIG_MAP });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(stdin\)/);
  });
});

describe('a reader that goes away (generate | head, attack 9)', () => {
  it('ends quietly on EPIPE, finishes the job and releases the lock', async () => {
    const copy = await repoCopy();
    try {
      await rm(join(copy.dir, 'overlays/dev'), { recursive: true });
      const child = execa('node', [CLI, 'generate'], { cwd: copy.dir, reject: false, env: { CI: 'true' }, stdout: 'pipe' });
      child.stdout?.destroy(); // the reader is gone before the first line
      const result = await child;
      expect(String(result.stderr)).not.toMatch(/EPIPE|\n\s+at /);
      expect(result.exitCode).toBe(0);
      expect(existsSync(join(copy.dir, '.consul-gitops'))).toBe(false);
      expect(await copy.read('overlays/dev/kustomization.yaml')).toContain('Generated by consul-gitops');
    } finally {
      await copy.remove();
    }
  });
});
