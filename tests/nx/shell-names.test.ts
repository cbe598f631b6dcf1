/**
 * Issue 23, attack 2: a data-only pull request names an overlay folder with shell metacharacters. The
 * Nx targets must run no command of the folder name's (real Nx, real shell): every canary stays absent,
 * and each target renders its folder or fails with the CLI's own message.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempWorkspace, nx, type TempWorkspace } from './temp-workspace.js';

/** Folder names a pull request may commit; each would run `touch <canary>` if it reached a shell unquoted. */
const HOSTILE = [
  'a;touch pwned-semicolon;b',
  'a$(touch pwned-dollar)b',
  'a`touch pwned-backtick`b',
  `a'"|&<>*?b`,
  'a|touch pwned-pipe',
  'a&&touch pwned-and',
  'a\ntouch pwned-newline\nb',
  'a>pwned-redirect',
] as const;

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: web\ndata:\n  a: b\n';

let workspace: TempWorkspace;

beforeAll(async () => {
  workspace = await createTempWorkspace();
  // only the hostile overlays: the real ones (and argocd/, which renders all of them) would only slow this down
  for (const dir of ['overlays', 'argocd']) await rm(join(workspace.root, dir), { recursive: true, force: true });
  for (const name of HOSTILE) {
    await mkdir(join(workspace.root, 'overlays', name), { recursive: true });
    await writeFile(join(workspace.root, 'overlays', name, 'kustomization.yaml'), 'resources:\n  - web.yaml\n');
    await writeFile(join(workspace.root, 'overlays', name, 'web.yaml'), CONFIG_MAP);
  }
  await workspace.commit('hostile overlay names');
}, 120_000);
afterAll(async () => workspace?.remove());

async function canaries(): Promise<string[]> {
  const found = (await readdir(workspace.root)).filter((name) => name.startsWith('pwned'));
  return existsSync('/tmp/pwned') ? [...found, '/tmp/pwned'] : found;
}

describe('overlay folders named with shell metacharacters', () => {
  it('become projects whose render target writes the folder render and runs no canary', async () => {
    const shown = await nx(workspace.root, ['show', 'projects', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const projects = (JSON.parse(shown.stdout) as string[]).filter((name) => name.startsWith('overlay-'));
    expect(projects.sort()).toEqual(HOSTILE.map((name) => `overlay-${name}`).sort());
    // Without tools:build first: the workspace holds a copy of the built tools/dist, and the folder names reach
    // only the render targets (the build is the same TypeScript compile in every Nx test; plugin.test.ts runs it).
    const result = await nx(workspace.root, [
      'run-many',
      '-t',
      'render',
      '--outputStyle=static',
      '--skip-nx-cache',
      '--exclude-task-dependencies',
    ]);
    expect(await canaries()).toEqual([]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const name of HOSTILE) {
      expect(await readFile(join(workspace.root, 'dist/rendered', `overlay-${name}.yaml`), 'utf8')).toContain('name: web');
    }
  }, 300_000);

  it('runs validate on each folder by its exact name, and no canary', async () => {
    // Without the spec check first: these folders are not in environments.yaml, so `generate --check` (the
    // spec project's validate, which overlays wait for) fails, and Nx would run none of them.
    const result = await nx(workspace.root, [
      'run-many',
      '-t',
      'validate',
      '--outputStyle=static',
      '--skip-nx-cache',
      '--exclude-task-dependencies',
    ]);
    expect(await canaries()).toEqual([]);
    // each validate names its own folder: the name arrived whole, not split by a shell
    for (const name of HOSTILE.filter((item) => !item.includes('\n'))) expect(result.stdout).toContain(`overlays/${name}`);
  }, 300_000);
});
