/** `consul-gitops diff` as a user runs it, on a temporary git repository with a branch. */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGV, REPO_ROOT } from '../helpers/repo.js';
import { createTempWorkspace, type TempWorkspace } from '../nx/temp-workspace.js';

let workspace: TempWorkspace;

async function diff(args: string[]) {
  const result = await execa('node', [...CLI_ARGV, 'diff', ...args], { cwd: workspace.root, reject: false, env: { CI: 'true' } });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function edit(path: string, from: RegExp, to: string): Promise<void> {
  const file = join(workspace.root, path);
  const text = await readFile(file, 'utf8');
  if (!from.test(text)) throw new Error(`${path}: ${from} not found`);
  await writeFile(file, text.replace(from, to));
}

/** The records of running diffs under the git directory (one per run, removed when it ends). */
const recordDir = (): string => join(workspace.root, '.git/consul-gitops-diff');
const records = async (): Promise<string[]> => (await readdir(recordDir()).catch(() => [] as string[])).sort();
const worktrees = async (): Promise<number> => (await workspace.git('worktree', 'list')).split('\n').filter(Boolean).length;
const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  workspace = await createTempWorkspace();
}, 120_000);
afterAll(async () => workspace?.remove());

describe('consul-gitops diff', () => {
  it('exits 0 with no resource changes when nothing changed', async () => {
    const { code, stdout, stderr } = await diff(['--base', 'HEAD']);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/0 of 3 environment\(s\) changed; resources: 0 added, 0 removed, 0 changed; 0 error\(s\)/);
    expect(await worktrees()).toBe(1);
  });

  it('shows 5 -> 7 servers and the storage class change, the latter as an error, and exits 1', async () => {
    await workspace.git('checkout', '-q', '-b', 'grow-prod');
    await edit('overlays/prod/kustomization.yaml', /count: 5/, 'count: 7');
    await edit('overlays/prod/server-storage.yaml', /storageClassName: premium-ssd/, 'storageClassName: fast-ssd');
    await workspace.commit('prod: 7 servers on fast-ssd');
    const { code, stdout } = await diff(['--base', 'main']);
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('servers: 5 (quorum 3, tolerates 2 failures) -> 7 (quorum 4, tolerates 3 failures)');
    expect(stdout).toContain('storage: data: premium-ssd 50Gi -> data: fast-ssd 50Gi');
    expect(stdout).toMatch(
      /error\s+storage-class-change\s+StatefulSet\/consul-server at \/spec\/volumeClaimTemplates\/0\/spec\/storageClassName: storage class of server claim data changes from premium-ssd to fast-ssd/,
    );
    expect(stdout).toContain('~ /spec/replicas: 5 -> 7');
    expect(stdout).toMatch(/== dev \(overlays\/dev\): unchanged ==/);
    expect(await worktrees()).toBe(1);
  }, 60_000);

  it('prints the same impact as markdown and as json', async () => {
    const markdown = await diff(['--base', 'main', '--format', 'markdown', 'overlays/prod']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^## Consul impact against `main`/);
    expect(markdown.stdout).toContain('| prod | changed | 5 (quorum 3, tolerates 2 failures) -> 7 (quorum 4, tolerates 3 failures) |');
    expect(markdown.stdout).toMatch(/- \*\*:x: error\*\* `storage-class-change` prod `StatefulSet\/consul-server`/);
    const json = await diff(['--base', 'main', '--format', 'json', 'overlays/prod']);
    const report = JSON.parse(json.stdout) as {
      environments: { environment: string; before: { replicas: number }; after: { replicas: number } }[];
      summary: { errors: number };
    };
    expect(
      report.environments.map((environment) => [environment.environment, environment.before.replicas, environment.after.replicas]),
    ).toEqual([['prod', 5, 7]]);
    expect(report.summary.errors).toBe(1);
    // SARIF for code scanning: diff's error finding too, with its rule's metadata, at the overlay.
    const sarif = await diff(['--base', 'main', '--format', 'sarif', 'overlays/prod']);
    expect(sarif.code).toBe(1);
    const run = (
      JSON.parse(sarif.stdout) as {
        runs: { tool: { driver: { informationUri: string; rules: { id: string }[] } }; results: Record<string, any>[] }[];
      }
    ).runs[0]!;
    // the tool's page is tools/package.json's homepage
    expect(run.tool.driver.informationUri).toBe('https://github.com/example-org/consul-gitops');
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 'storage-class-change',
        level: 'error',
        message: {
          text: expect.stringMatching(
            /^StatefulSet\/consul-server: storage class of server claim data changes from premium-ssd to fast-ssd/,
          ),
        },
      }),
    ]);
    expect(run.tool.driver.rules.map((rule) => rule.id)).toContain('storage-class-change');
  }, 60_000);

  it('accepts the storage change once the StatefulSet carries a suppression with a reason, and exits 0', async () => {
    await edit(
      'overlays/prod/server-storage.yaml',
      / {2}name: consul-server\n/,
      '  name: consul-server\n  annotations:\n    consul-gitops/ignore: storage-class-change\n    consul-gitops/ignore-reason: migrated with the orphan-delete runbook\n',
    );
    const { code, stdout } = await diff(['--base', 'main', 'overlays/prod']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/storage-class-change .*\[suppressed: migrated with the orphan-delete runbook\]/);
  }, 60_000);

  it('shows a new overlay as added and a deleted one as removed', async () => {
    await workspace.git('mv', 'overlays/dev', 'overlays/sandbox');
    const { stdout } = await diff(['--base', 'main']);
    expect(stdout).toMatch(/== dev \(overlays\/dev\): removed ==/);
    expect(stdout).toMatch(/== dev \(overlays\/sandbox\): added ==/);
    await workspace.git('mv', 'overlays/sandbox', 'overlays/dev');
  }, 60_000);

  it.each([
    {
      behaviour: 'an unknown ref is a usage error naming the fetch fix',
      args: ['--base', 'no-such-branch'],
      message: /--base no-such-branch: no such commit in this clone. Fetch it first/,
    },
    { behaviour: 'a missing --base is a usage error', args: [], message: /--base is required/ },
    {
      behaviour: 'an unknown format is a usage error',
      args: ['--base', 'main', '--format', 'html'],
      message: /unknown --format "html" for diff: use one of text, markdown, json, sarif/,
    },
  ])('$behaviour (exit 2, no stack)', async ({ args, message }) => {
    const { code, stderr } = await diff(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    noStack(stderr);
    expect(await worktrees()).toBe(1);
  });

  // kustomize that takes a minute, so the signal lands for sure before the run ends.
  const slow = join(REPO_ROOT, 'tests/fixtures/bin/slow-kustomize.sh');
  const waitFor = async (ready: () => Promise<boolean>): Promise<void> => {
    for (let waited = 0; waited < 30_000 && !(await ready()); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it.each([
    {
      moment: 'as soon as the worktree is registered (git may still be checking it out)',
      // `git worktree list` fails while git is still writing the new entry (".git/worktrees/base/commondir"): not yet
      ready: async () => (await worktrees().catch(() => 0)) >= 2,
    },
    {
      moment: 'while the base worktree is being rendered',
      ready: () => Promise.resolve(existsSync(join(workspace.root, '.kustomize-started'))),
    },
  ])(
    'removes the worktree when the run is interrupted (SIGTERM) $moment',
    async ({ ready }) => {
      await rm(join(workspace.root, '.kustomize-started'), { force: true });
      const env = { CI: 'true', KUSTOMIZE: slow, SLOW_KUSTOMIZE_STARTED: join(workspace.root, '.kustomize-started') };
      const child = execa('node', [...CLI_ARGV, 'diff', '--base', 'main'], { cwd: workspace.root, reject: false, env });
      await waitFor(ready);
      expect(await ready()).toBe(true);
      child.kill('SIGTERM');
      const result = await child;
      expect(result.exitCode, String(result.stderr)).toBe(143);
      expect(String(result.stderr)).toBe('');
      expect(await worktrees()).toBe(1);
      expect(await records()).toEqual([]);
      await rm(join(workspace.root, '.kustomize-started'), { force: true });
    },
    60_000,
  );

  it('removes the worktree when the terminal hangs up (SIGHUP) while the base worktree is being rendered: exit 129', async () => {
    const started = join(workspace.root, '.kustomize-started');
    await rm(started, { force: true });
    const child = execa('node', [...CLI_ARGV, 'diff', '--base', 'main'], {
      cwd: workspace.root,
      reject: false,
      env: { CI: 'true', KUSTOMIZE: slow, SLOW_KUSTOMIZE_STARTED: started },
    });
    await waitFor(() => Promise.resolve(existsSync(started)));
    expect(existsSync(started)).toBe(true);
    child.kill('SIGHUP');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(129);
    expect(String(result.stderr)).toBe('');
    expect(await worktrees()).toBe(1);
    expect(await records()).toEqual([]);
    await rm(started, { force: true });
  }, 60_000);

  it('a run killed past any handler (SIGKILL while rendering) leaves its worktree recorded; the next run removes it, and its folder', async () => {
    const started = join(workspace.root, '.kustomize-started');
    await rm(started, { force: true });
    const child = execa('node', [...CLI_ARGV, 'diff', '--base', 'main'], {
      cwd: workspace.root,
      reject: false,
      env: { CI: 'true', KUSTOMIZE: slow, SLOW_KUSTOMIZE_STARTED: started },
    });
    await waitFor(async () => existsSync(started) && (await readFile(started, 'utf8')).trim() !== '');
    child.kill('SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    process.kill(Number((await readFile(started, 'utf8')).trim()), 'SIGKILL'); // the orphaned kustomize
    await rm(started, { force: true });

    expect(await worktrees()).toBe(2);
    const left = await records();
    expect(left).toEqual([`${child.pid}.json`]);
    const { folder } = JSON.parse(await readFile(join(recordDir(), left[0] as string), 'utf8')) as { folder: string };
    expect(folder).toMatch(new RegExp(`/consul-gitops-diff-${child.pid}-[0-9a-f]+$`));
    expect(existsSync(join(folder, 'base'))).toBe(true);

    const next = await diff(['--base', 'HEAD', 'overlays/dev']);
    expect(next.code, next.stdout).toBe(0);
    expect(next.stderr).toBe(`diff: removed the worktree ${join(folder, 'base')} left by an interrupted diff (PID ${child.pid})`);
    expect(await worktrees()).toBe(1);
    expect(existsSync(folder)).toBe(false);
    expect(await records()).toEqual([]);
  }, 60_000);

  it('removes the worktree when the head render fails, and reports the failure as an error', async () => {
    await writeFile(join(workspace.root, 'overlays/prod/kustomization.yaml'), 'resources:\n  - ../../missing\n');
    const { code, stdout } = await diff(['--base', 'main', 'overlays/prod']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error\s+kustomize-build/);
    expect(await worktrees()).toBe(1);
    await workspace.git('checkout', '--', 'overlays/prod/kustomization.yaml');
  }, 60_000);
});
