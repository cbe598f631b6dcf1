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
import { SpecError, UsageError } from '../../../tools/src/model/errors.js';
import { LOCK_FILE } from '../../../tools/src/generate/workspace.js';
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
