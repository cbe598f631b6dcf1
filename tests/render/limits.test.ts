/**
 * The kustomize child's limits: a timeout (--render-timeout, CONSUL_GITOPS_RENDER_TIMEOUT) and a memory
 * cap (RLIMIT_DATA, CONSUL_GITOPS_RENDER_MEMORY_MB), with the real kustomize and the real CLI. The values and the
 * command line, without a build, are in limits-unit.test.ts (which Stryker runs; this file needs overlays/ and the CLI).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { CLI, REPO_ROOT, unwrapped } from '../helpers/repo.js';

const BOMB = 'tests/fixtures/render/alias-bomb';
const HANGING = join(REPO_ROOT, 'tests/fixtures/bin/hanging-kustomize.sh');

describe('kustomize under the limits (the real binary)', () => {
  it.each(['overlays/dev', 'overlays/staging', 'overlays/prod', 'argocd'])(
    'kustomize still renders %s under a 256 MiB cap',
    async (dir) => {
      const kustomize = await resolveKustomize({ env: {} });
      const rendered = await renderKustomization({ ...kustomize, limits: { timeoutMs: 120_000, memoryMiB: 256 } }, join(REPO_ROOT, dir));
      expect(rendered.yaml).toMatch(/^kind: /m);
    },
  );

  it('an alias bomb fails its own overlay under the cap, and the other overlay is still checked and reported', async () => {
    const result = await execa('node', [CLI, 'validate', BOMB, 'overlays/dev', '--format', 'json', '--quiet'], {
      cwd: REPO_ROOT,
      reject: false,
      env: { CI: 'true', CONSUL_GITOPS_RENDER_MEMORY_MB: '512' },
    });
    expect(result.exitCode, String(result.stderr)).toBe(1);
    expect(String(result.stderr)).toBe('');
    const report = JSON.parse(String(result.stdout)) as {
      overlays: { path: string; ok: boolean; resources: number; findings: { rule: string; message: string }[] }[];
    };
    const bomb = report.overlays.find((overlay) => overlay.path === BOMB);
    expect(bomb?.findings, JSON.stringify(bomb?.findings)).toEqual([
      expect.objectContaining({
        rule: 'kustomize-build',
        message: expect.stringMatching(
          /ran out of memory under its cap of 512 MiB \(CONSUL_GITOPS_RENDER_MEMORY_MB raises it; 0 removes it\)/,
        ) as unknown,
      }),
    ]);
    expect(bomb?.findings[0]?.message).not.toMatch(/goroutine|runtime\./);
    // dev renders whole: every object its generated overlay defines (the count follows the generator, not this test)
    const dev = report.overlays.find((overlay) => overlay.path === 'overlays/dev');
    expect(dev).toMatchObject({ ok: true, findings: [] });
    expect(dev?.resources).toBeGreaterThanOrEqual(14);
  });

  it('--render-timeout stops a build that hangs, with everything it started, and says how to raise the limit', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'consul-gitops-hang-'));
    try {
      const pidFile = join(scratch, 'pid');
      const result = await execa('node', [CLI, 'validate', 'overlays/dev', '--kustomize', HANGING, '--render-timeout', '1'], {
        cwd: REPO_ROOT,
        reject: false,
        env: { CI: 'true', HANGING_KUSTOMIZE_PID: pidFile },
      });
      expect(result.exitCode).toBe(1);
      // The text report wraps long messages: continuation lines joined back for matching.
      expect(unwrapped(String(result.stdout))).toMatch(
        /kustomize-build:? +kustomize build .*overlays\/dev timed out after 1 s \(--render-timeout or CONSUL_GITOPS_RENDER_TIMEOUT raises the limit\)/,
      );
      // the build's own child (`sleep 300`, holding the output pipes) was stopped with it
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      expect(pid).toBeGreaterThan(0);
      // gone, or a zombie waiting for a reaper that does not come in some containers: not running either way
      const state = (() => {
        try {
          return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        } catch {
          return 'gone';
        }
      })();
      expect(['gone', 'Z']).toContain(state);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('CONSUL_GITOPS_RENDER_TIMEOUT sets the same limit for gate', async () => {
    const result = await execa('node', [CLI, 'gate', 'overlays/dev', '--kustomize', HANGING], {
      cwd: REPO_ROOT,
      reject: false,
      env: { CI: 'true', CONSUL_GITOPS_RENDER_TIMEOUT: '1' },
    });
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr)).toMatch(/timed out after 1 s/);
  });
});
