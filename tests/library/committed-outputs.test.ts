/**
 * tools/src/committed-outputs.ts and its use in `npm ci` (tools/scripts/go-tools.mjs, through `prepare`): files a
 * pull request commits into the folders the tools write and trust (the Go tools and their stamp, the schema layout,
 * the compiled tools, Nx's cache) are refused before anything is built or found up to date. Real git, in temporary
 * repositories.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { committedOutputs, committedOutputsMessage, OUTPUT_FOLDERS } from '../../tools/src/committed-outputs.js';
import { EnvironmentError } from '../../tools/src/model/errors.js';
import { REPO_ROOT } from '../helpers/repo.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A git repository with `files` committed (force-added: the output folders are ignored in this repository). */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'consul-gitops-outputs-'));
  made.push(root);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
  git('init', '-q');
  copyFileSync(join(REPO_ROOT, '.gitignore'), join(root, '.gitignore'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  git('add', '-f', '.');
  git('commit', '-qm', 'files');
  return root;
}

describe('committedOutputs', () => {
  it('lists the committed files under each output folder, and nothing else', async () => {
    const root = repository({
      'tools/go/go.mod': 'module x\n',
      'tools/go/bin/kustomize': '#!/bin/sh\ntouch /tmp/pwned\n',
      'tools/go/bin/go-tools.json': '{}\n',
      'tools/.cache/kubeconform-schemas/abc/v1.36.0-standalone-strict/configmap-v1.json': '{}\n',
      'tools/dist/cli/main.bundle.cjs': '\n',
      '.nx/cache/123/terminalOutput': 'ok\n',
      'overlays/dev/kustomization.yaml': 'resources: []\n',
    });
    expect(await committedOutputs(root)).toEqual([
      '.nx/cache/123/terminalOutput',
      'tools/.cache/kubeconform-schemas/abc/v1.36.0-standalone-strict/configmap-v1.json',
      'tools/dist/cli/main.bundle.cjs',
      'tools/go/bin/go-tools.json',
      'tools/go/bin/kustomize',
    ]);
  });

  it('finds none in a repository that commits none (files there that git does not track are the build)', async () => {
    const root = repository({ 'tools/go/go.mod': 'module x\n' });
    mkdirSync(join(root, 'tools/go/bin'), { recursive: true });
    writeFileSync(join(root, 'tools/go/bin/kustomize'), 'built here\n');
    expect(await committedOutputs(root)).toEqual([]);
  });

  it('finds none outside a git checkout (an npm package, a copied tree)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'consul-gitops-outputs-nogit-'));
    made.push(root);
    mkdirSync(join(root, 'tools/go/bin'), { recursive: true });
    writeFileSync(join(root, 'tools/go/bin/kustomize'), '\n');
    expect(await committedOutputs(root)).toEqual([]);
  });

  it('refuses a checkout git cannot read rather than passing it', async () => {
    const root = repository({ 'tools/go/go.mod': 'module x\n' });
    writeFileSync(join(root, '.git/HEAD'), 'not a ref\n');
    await expect(committedOutputs(root)).rejects.toThrow(
      new RegExp(
        `^cannot list the files git tracks in ${root.replace(/[.]/g, '\\.')} \\(git ls-files: fatal: .+\\); the build outputs of a checkout must be checked$`,
      ),
    );
    await expect(committedOutputs(root)).rejects.toBeInstanceOf(EnvironmentError);
  });

  it('names the first line git prints that has text, past blank lines and indentation before it', async () => {
    const root = repository({ 'tools/go/go.mod': 'module x\n' });
    const bin = mkdtempSync(join(tmpdir(), 'consul-gitops-outputs-git-'));
    made.push(bin);
    writeFileSync(join(bin, 'git'), "#!/bin/sh\nprintf '\\n   fatal: cannot read the index\\nsecond line\\n' >&2\nexit 128\n", {
      mode: 0o755,
    });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      await expect(committedOutputs(root)).rejects.toThrow(`(git ls-files: fatal: cannot read the index); the build outputs`);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('committedOutputsMessage', () => {
  it('names each file and says how to remove them from git', () => {
    const message = committedOutputsMessage(['tools/go/bin/go-tools.json', 'tools/go/bin/kustomize']);
    expect(message).toMatch(/^2 file\(s\) under the build output and cache folders \(tools\/dist, tools\/go\/bin, tools\/\.cache, \.nx\)/);
    expect(message).toContain('\n  tools/go/bin/go-tools.json\n  tools/go/bin/kustomize\n');
    expect(message).toContain(`git rm -r --cached ${OUTPUT_FOLDERS.join(' ')}`);
  });

  it('is exactly the files and the advice, line by line, with no count line for ten files or fewer', () => {
    const files = Array.from({ length: 10 }, (_, index) => `.nx/cache/${index}`);
    expect(committedOutputsMessage(files).split('\n')).toEqual([
      '10 file(s) under the build output and cache folders (tools/dist, tools/go/bin, tools/.cache, .nx) are committed to the repository:',
      ...files.map((file) => `  ${file}`),
      'The tools write and trust these folders, so they are never taken from a checkout (a committed kustomize or stamp would run in CI).',
      'Remove them from git: git rm -r --cached tools/dist tools/go/bin tools/.cache .nx',
    ]);
  });

  it('shows the first ten and counts the rest', () => {
    const files = Array.from({ length: 13 }, (_, index) => `.nx/cache/${String(index).padStart(2, '0')}`);
    const message = committedOutputsMessage(files);
    expect(message).toContain('  .nx/cache/09\n  ... and 3 more\n');
    expect(message).not.toContain('.nx/cache/10');
  });
});

// go-tools.mjs runs the build in tools/dist, which is not in Stryker's sandbox (npm run mutate sets
// CONSUL_GITOPS_TEST_FIXTURES=off); npm test builds first.
describe.skipIf(process.env.CONSUL_GITOPS_TEST_FIXTURES === 'off')('npm ci (go-tools.mjs, through prepare)', () => {
  it('refuses a checkout that commits a kustomize and its stamp, before any build (exit 2)', () => {
    const root = repository({ 'tools/go/bin/kustomize': '#!/bin/sh\n', 'tools/go/bin/go-tools.json': '{}\n' });
    mkdirSync(join(root, 'tools/scripts'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'tools/scripts/go-tools.mjs'), join(root, 'tools/scripts/go-tools.mjs'));
    symlinkSync(join(REPO_ROOT, 'tools/dist'), join(root, 'tools/dist'), 'dir');
    const run = spawnSync(process.execPath, [join(root, 'tools/scripts/go-tools.mjs')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^go-tools: 2 file\(s\) under the build output and cache folders/);
    expect(run.stderr).toContain('  tools/go/bin/kustomize\n');
    expect(run.stderr).not.toContain('kustomize v5');
  });
});
