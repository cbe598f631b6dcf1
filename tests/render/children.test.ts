/**
 * Issue 23, attack 9: every child process is bounded and dies with the CLI (child-process.ts). The
 * CLI runs a kustomize that hangs in a grandchild; the test kills the CLI the ways CI and Argo CD do
 * (SIGKILL, SIGHUP, SIGTERM) and checks that the grandchild is gone too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

const HANGING = join(REPO_ROOT, 'tests/fixtures/bin/hanging-kustomize.sh');
const FORKING_VERSION = join(REPO_ROOT, 'tests/fixtures/bin/forking-version-kustomize.sh');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consul-gitops-children-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'kustomization.yaml'), 'resources: []\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(read: () => T | undefined, ms: number): Promise<T | undefined> {
  for (let waited = 0; waited < ms; waited += 50) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(50);
  }
  return read();
}

const pidIn = (file: string) => (): number | undefined =>
  existsSync(file) && readFileSync(file, 'utf8').trim() ? Number(readFileSync(file, 'utf8')) : undefined;

describe('a kustomize that hangs in a grandchild', () => {
  it.each([
    ['SIGKILL', null],
    ['SIGHUP', 129],
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'dies with the CLI on %s',
    async (signal, code) => {
      const pidFile = join(dir, 'grandchild.pid');
      const cli = execa('node', [CLI, 'render', 'app'], {
        cwd: dir,
        reject: false,
        env: { CI: 'true', KUSTOMIZE: HANGING, HANGING_KUSTOMIZE_PID: pidFile },
      });
      const grandchild = await waitFor(pidIn(pidFile), 20_000);
      expect(grandchild).toBeDefined();
      expect(alive(grandchild!)).toBe(true);
      cli.kill(signal);
      const result = await cli;
      expect(result.exitCode ?? null).toBe(code);
      // the watchdog (SIGKILL) or the handler (the others) stops the group. The watchdog is a Node process of its
      // own that must start and read its pipe first: on a loaded 2-core CI (two test workers) that took over 5 s once.
      expect(await waitFor(() => (alive(grandchild!) ? undefined : true), 15_000)).toBe(true);
    },
    40_000,
  );
});

describe('a kustomize whose `version` forks and never ends', () => {
  it('is timed out with its child at the render timeout (under 15 s), and the run stops with exit 2 naming it', async () => {
    const pidFile = join(dir, 'version-child.pid');
    const started = performance.now();
    const result = await execa('node', [CLI, 'render', 'app'], {
      cwd: dir,
      reject: false,
      timeout: 60_000,
      // no kustomize child outlives the render timeout, the `version` probe included (15 s without one shorter)
      env: { CI: 'true', KUSTOMIZE: FORKING_VERSION, FORKING_KUSTOMIZE_PID: pidFile, CONSUL_GITOPS_RENDER_TIMEOUT: '2' },
    });
    // the probe stopped at 2 s, not at its own 15 s: a hang guard with a wide margin, not a speed target
    expect(performance.now() - started).toBeLessThan(12_000);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(
      /^consul-gitops: kustomize not usable at .*forking-version-kustomize\.sh \(from KUSTOMIZE\): it did not answer `version`/,
    );
    const child = pidIn(pidFile)();
    expect(child).toBeDefined();
    expect(await waitFor(() => (alive(child!) ? undefined : true), 5_000)).toBe(true);
  }, 70_000);
});
