/**
 * The kustomize child's limits: a timeout (--render-timeout, CONSUL_GITOPS_RENDER_TIMEOUT) and a memory
 * cap (RLIMIT_DATA, CONSUL_GITOPS_RENDER_MEMORY_MB), with the real kustomize and the real CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/src/model/errors.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { cappedCommand, outOfMemory, renderLimits } from '../../tools/src/render/limits.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { CLI, REPO_ROOT, unwrapped } from '../helpers/repo.js';

const BOMB = 'tests/fixtures/render/alias-bomb';
const HANGING = join(REPO_ROOT, 'tests/fixtures/bin/hanging-kustomize.sh');

describe('renderLimits', () => {
  it.each([
    ['the defaults: 120 s and 2048 MiB', undefined, {}, { timeoutMs: 120_000, memoryMiB: 2048 }],
    [
      'the environment',
      undefined,
      { CONSUL_GITOPS_RENDER_TIMEOUT: '30', CONSUL_GITOPS_RENDER_MEMORY_MB: '512' },
      { timeoutMs: 30_000, memoryMiB: 512 },
    ],
    ['the flag over the environment', '5', { CONSUL_GITOPS_RENDER_TIMEOUT: '30' }, { timeoutMs: 5_000, memoryMiB: 2048 }],
    ['0 MiB: no cap', undefined, { CONSUL_GITOPS_RENDER_MEMORY_MB: '0' }, { timeoutMs: 120_000, memoryMiB: 0 }],
  ])('%s', (_name, flag, env, expected) => {
    expect(renderLimits(flag, env)).toEqual(expected);
  });

  it.each([
    ['--render-timeout', '0', {}],
    ['--render-timeout', '1.5', {}],
    ['--render-timeout', 'ten', {}],
    ['CONSUL_GITOPS_RENDER_TIMEOUT', undefined, { CONSUL_GITOPS_RENDER_TIMEOUT: '-1' }],
    ['CONSUL_GITOPS_RENDER_MEMORY_MB', undefined, { CONSUL_GITOPS_RENDER_MEMORY_MB: '2G' }],
  ])('%s that is not a whole number in range is a usage error naming it', (name, flag, env) => {
    expect(() => renderLimits(flag, env)).toThrow(UsageError);
    expect(() => renderLimits(flag, env)).toThrow(new RegExp(`^${name} must be a whole number`));
  });

  it('wraps the command in /bin/sh with ulimit -d (KiB) and exec, passing the arguments as an array', () => {
    expect(cappedCommand('/x/kustomize', ['build', "dir with 'quotes'"], { timeoutMs: 1000, memoryMiB: 512 })).toEqual({
      command: '/bin/sh',
      args: ['-c', 'ulimit -d 524288 && exec "$0" "$@"', '/x/kustomize', 'build', "dir with 'quotes'"],
    });
    expect(cappedCommand('/x/kustomize', ['build'], { timeoutMs: 1000, memoryMiB: 0 })).toEqual({
      command: '/x/kustomize',
      args: ['build'],
    });
  });
});

describe('outOfMemory: how a Go build ends when the memory cap stops it', () => {
  // the head of what kustomize v5.8.1 (Go 1.26) printed when an alias bomb hit a 512 MiB cap, in 1 build of about 24
  const GC_SEGFAULT = [
    'SIGSEGV: segmentation violation',
    'PC=0x79befd m=3 sigcode=1 addr=0x0',
    '',
    'goroutine 0 gp=0x2115e28570e0 m=3 mp=0x2115e28b3008 [idle]:',
    'runtime.(*spanQueue).tryDrain(0x9aa0a9aa00001000?, 0xa9aa0a9aa0a9aa0a?, 0xa9aa0?)',
    '\truntime/mgcmark_greenteagc.go:426 +0x1dd fp=0x7f8c2d5fdb40 sp=0x7f8c2d5fdad0 pc=0x79befd',
    'runtime.gcDrain(0x2115e28a3260, 0x7)',
    '\truntime/mgcmark.go:1342 +0x299 fp=0x7f8c2d5fde00 sp=0x7f8c2d5fdd90 pc=0x799eb9',
    'runtime.gcDrainMarkWorkerIdle(...)',
    '',
  ].join('\n');

  it.each([
    ['fatal error: runtime: out of memory', true],
    ['fatal error: runtime: cannot allocate memory', true],
    ['fatal error: out of memory allocating heap arena metadata', true],
    ['runtime: failed to reserve page summary memory', true],
    ['runtime/cgo: pthread_create failed: Resource temporarily unavailable', true],
    [GC_SEGFAULT, true],
    // a segmentation fault elsewhere is a crash, not the cap
    [GC_SEGFAULT.replace('runtime.gcDrain(', 'main.run('), false],
    [GC_SEGFAULT.replace('addr=0x0', 'addr=0x18'), false],
    ["Error: accumulating resources: accumulation err='missing.yaml'", false],
  ])('%s', (stderr, expected) => {
    expect(outOfMemory(stderr)).toBe(expected);
  });
});

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
