/**
 * Each kustomize build runs at most once per overlay per run, and progress goes to stderr (unless
 * --quiet). The build count comes from a counting wrapper around the real kustomize binary, passed
 * with --kustomize as a user would: it logs each build's target, then runs kustomize.
 */
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

let scratch: string;
let wrapper: string;
let log: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'consul-gitops-count-'));
  wrapper = join(scratch, 'counting-kustomize');
  log = join(scratch, 'builds.log');
  // Logs the directory of every build (a wrapper kustomization, used for origin annotations, logs the overlay it wraps).
  await writeFile(
    wrapper,
    `#!/bin/sh\nif [ "$1" = build ]; then\n  target="$2"\n  if grep -q '^buildMetadata' "$2/kustomization.yaml" 2>/dev/null; then target=$(grep -A1 '^resources:' "$2/kustomization.yaml" | tail -1 | sed 's/.*"\\(.*\\)".*/\\1/' | sed 's#.*/overlays/#overlays/#; s#.*/argocd$#argocd#'); fi\n  echo "build $target" >> "${log}"\nfi\nexec "${(await resolveKustomize({ env: {} })).command}" "$@"\n`,
  );
  await chmod(wrapper, 0o755);
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

async function builds(): Promise<string[]> {
  const text = existsSync(log) ? await readFile(log, 'utf8') : '';
  await rm(log, { force: true });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      line
        .replace(/^build /, '')
        .replace(/^.*\/overlays\//, 'overlays/')
        .replace(/^.*\/argocd$/, 'argocd'),
    );
}

const overlays = (await readdir(join(REPO_ROOT, 'overlays'))).sort().map((name) => `overlays/${name}`);

describe('kustomize builds per run', () => {
  it('validate with no DIR builds every overlay (and argocd/) exactly once', async () => {
    await builds();
    const result = await execa('node', [CLI, 'validate', '--kustomize', wrapper], { cwd: REPO_ROOT, reject: false, env: { CI: 'true' } });
    expect(result.exitCode, String(result.stdout)).toBe(0);
    const expected = [...overlays, ...(existsSync(join(REPO_ROOT, 'argocd/kustomization.yaml')) ? ['argocd'] : [])];
    expect((await builds()).sort()).toEqual(expected.sort());
  });

  it('gate builds its overlay once', async () => {
    await builds();
    const result = await execa('node', [CLI, 'gate', '--kustomize', wrapper], {
      cwd: join(REPO_ROOT, 'overlays/prod'),
      reject: false,
      env: { CI: 'true' },
    });
    expect(result.exitCode).toBe(0);
    expect(await builds()).toHaveLength(1);
  });
});

describe('progress lines', () => {
  const run = async (isTty: boolean, extra: string[] = []): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const io: CommandIo = {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: 'true' },
      isTty,
      out: (text) => void (out += text),
      err: (text) => void (err += text),
      writeFile: async () => {},
    };
    const code = await main(['validate', 'overlays/dev', 'overlays/staging', ...extra], io);
    return { code, out, err };
  };

  it.each([
    ['on a terminal', true],
    ['in a CI log (not a terminal): a long run is never silent', false],
  ])('go to stderr, one per overlay as it finishes, %s', async (_, isTty) => {
    const { code, err, out } = await run(isTty);
    expect(code).toBe(0);
    expect(err.split('\n').filter(Boolean).sort()).toEqual(['  checked overlays/dev: ok', '  checked overlays/staging: ok']);
    expect(out).not.toContain('checked overlays/');
    expect(out).toMatch(/2 kustomizations checked, \d+ resources: 0 errors/);
  });

  it('are absent with --quiet', async () => {
    const { err, out } = await run(false, ['--quiet']);
    expect(err).toBe('');
    expect(out).toMatch(/2 kustomizations checked, \d+ resources: 0 errors/);
  });
});
