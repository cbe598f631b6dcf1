/**
 * `generate` and `generate --check` in process (tools/src/cli/commands/generate.ts) on a temporary copy of a
 * small valid spec: what each prints and exits with, for a fresh tree, a current one, drift, leftovers and a
 * hand-written file where generate writes.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { generateCommand } from '../../../tools/src/cli/commands/generate.js';
import { EnvironmentError, SpecError, UsageError } from '../../../tools/src/model/errors.js';
import { LOCK_FILE, STAGING_DIR } from '../../../tools/src/generate/workspace.js';
import { recordedIo } from '../../helpers/command-io.js';
import { REPO_ROOT } from '../../helpers/repo.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-generate-'));
  await copyFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), join(root, 'environments.yaml'));
});

afterAll(() => rm(root, { recursive: true }));

async function generate(argv: string[], cwd = root) {
  const recorded = recordedIo(cwd);
  const code = await generateCommand(parseCli(['generate', ...argv]), recorded.io);
  return { code, out: recorded.out(), err: recorded.err() };
}

describe('generate', () => {
  it('writes a fresh tree, then finds it current, and --check agrees', async () => {
    const first = await generate([]);
    expect(first.code).toBe(0);
    const total = /\(of (\d+) generated files\)/.exec(first.out)?.[1];
    expect(first.out).toMatch(
      new RegExp(`^generate: 0 updated, ${total} created, 0 removed \\(of ${total} generated files\\):\\n  created argocd/`),
    );
    expect(first.out.trimEnd().split('\n')).toHaveLength(Number(total) + 1);
    expect(await generate([])).toEqual({ code: 0, out: `generate: all ${total} generated files are current, nothing written\n`, err: '' });
    expect(await generate(['--check'])).toEqual({
      code: 0,
      out: `generate --check: all ${total} generated files are current with environments.yaml\n`,
      err: '',
    });
  });

  it('--check prints the diff of a drifted file and exits 1; generate then updates it', async () => {
    const file = join(root, 'base/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}# drift\n`);
    const check = await generate(['--check']);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/^--- a\/base\/kustomization\.yaml\n\+\+\+ b\/base\/kustomization\.yaml\n/);
    expect(check.out).toContain('-# drift');
    expect(check.err).toBe(
      'generate --check: 1 file(s) out of date with environments.yaml (1 differs, 0 would be created, 0 would be removed): run `npx consul-gitops generate` and commit the result\n',
    );
    const fix = await generate([]);
    expect(fix.out).toMatch(
      /^generate: 1 updated, 0 created, 0 removed \(of \d+ generated files\):\n {2}updated base\/kustomization\.yaml\n$/,
    );
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('--check names the leftovers of an interrupted run and exits 1; generate removes them', async () => {
    await mkdir(join(root, LOCK_FILE, '..'), { recursive: true });
    await writeFile(join(root, LOCK_FILE), '{"pid":999999999}\n');
    const check = await generate(['--check']);
    expect(check.code).toBe(1);
    expect(check.out).toBe('');
    expect(check.err).toBe(
      `generate --check: 1 file(s) left by an interrupted generate (${LOCK_FILE}): run \`npx consul-gitops generate\`, which removes them and finishes the job\n`,
    );
    const fix = await generate([]);
    expect(fix.code).toBe(0);
    expect((await generate(['--check'])).code).toBe(0);
  });

  it('stops at a hand-written file where generate writes, writing nothing', async () => {
    const file = join(root, 'base/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, 'resources: []\n');
    try {
      for (const argv of [[], ['--check']]) {
        const result = await generate(argv);
        expect(result.code).toBe(1);
        expect(result.out).toBe('');
        expect(result.err).toMatch(/^consul-gitops: base\/kustomization\.yaml: has no generated banner, so it is hand-written/);
      }
      expect(await readFile(file, 'utf8')).toBe('resources: []\n');
    } finally {
      await writeFile(file, text);
    }
  });

  it('takes no arguments', async () => {
    await expect(generate(['overlays'])).rejects.toThrow(
      new UsageError('generate takes no arguments (got "overlays"): run it from the repository root, where environments.yaml is'),
    );
    await expect(generate(['overlays', 'dev'])).rejects.toThrow('generate takes no arguments (got "overlays dev")');
  });

  it('takes over the lock of a run that died and removes its seven leftovers, saying both on stderr (five named, the rest counted)', async () => {
    await generate([]);
    await mkdir(join(root, STAGING_DIR), { recursive: true });
    await writeFile(join(root, LOCK_FILE), '{"pid":999999999}\n');
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => `${STAGING_DIR}/${name}.yaml`);
    for (const name of names) await writeFile(join(root, name), 'x\n');
    const check = await generate(['--check']);
    expect(check.code).toBe(1);
    expect(check.err).toMatch(
      new RegExp(
        `^generate --check: 8 file\\(s\\) left by an interrupted generate \\(${LOCK_FILE.replace('.', '\\.')}, [^)]+, and 3 more\\): run`,
      ),
    );
    const fix = await generate([]);
    expect(fix.code).toBe(0);
    expect(fix.err.split('\n')).toEqual([
      'generate: took over the lock of an interrupted generate (PID 999999999, no longer running)',
      expect.stringMatching(
        /^generate: removed 7 temporary file\(s\) left by an interrupted generate \((\S+\.yaml, ){4}\S+\.yaml, and 2 more\)$/,
      ),
      '',
    ]);
    expect(fix.out).toMatch(/^generate: all \d+ generated files are current, nothing written\n$/);
    expect(await generate(['--check'])).toMatchObject({ code: 0, err: '' });
  });

  it('--check refuses while a live generate holds the lock (this process, as its owner)', async () => {
    await mkdir(join(root, LOCK_FILE, '..'), { recursive: true });
    await writeFile(join(root, LOCK_FILE), `{"pid":${process.pid}}\n`);
    try {
      await expect(generate(['--check'])).rejects.toThrow(
        new EnvironmentError(
          `another generate (PID ${process.pid}) is running in this repository (${LOCK_FILE}): wait for it to finish and run again; if PID ${process.pid} is not a consul-gitops generate, remove ${LOCK_FILE}`,
        ),
      );
    } finally {
      await rm(join(root, LOCK_FILE), { force: true });
    }
  });

  it('stops generate and --check at a local/ folder that is not a kustomize Component (exit 1, naming the file)', async () => {
    const file = join(root, 'overlays/dev/local/kustomization.yaml');
    await mkdir(join(root, 'overlays/dev/local'), { recursive: true });
    await writeFile(file, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n');
    try {
      for (const argv of [[], ['--check']]) {
        expect(await generate(argv)).toEqual({
          code: 1,
          out: '',
          err: 'consul-gitops: overlays/dev/local/kustomization.yaml: must be a kustomize Component (apiVersion: kustomize.config.k8s.io/v1alpha1, kind: Component), found apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization\n',
        });
      }
    } finally {
      await rm(join(root, 'overlays/dev/local'), { recursive: true });
    }
  });

  it('names a folder without environments.yaml, and throws an invalid spec as it is', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'consul-gitops-generate-'));
    try {
      await expect(generate([], empty)).rejects.toThrow(
        new UsageError(
          `no environments.yaml in ${empty}: run generate from the repository root (see docs/guide.md, "Adding an environment")`,
        ),
      );
      await writeFile(join(empty, 'environments.yaml'), 'environments: 5\n');
      await expect(generate([], empty)).rejects.toThrow(SpecError);
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
