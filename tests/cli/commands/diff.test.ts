/** `diff` in process (tools/src/cli/commands/diff.ts) on a temporary git repository: its report, exit code and usage errors. */
import { chmod, copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { diffCommand } from '../../../tools/src/cli/commands/diff.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { committedRepo } from '../../helpers/git-repo.js';
import { configMap, FILE_KUSTOMIZE_SCRIPT, kustomization, under } from '../../helpers/pipeline-repo.js';

let root: string;
let kustomize: string;

beforeAll(async () => {
  root = await committedRepo({
    ...under('overlays/a', kustomization(configMap('a', 'apps', '"1"'))),
    ...under('overlays/b', kustomization(configMap('b'))),
  });
  await writeFile(join(root, 'overlays/a/rendered.yaml'), configMap('a', 'apps', '"2"'));
  kustomize = join(root, '.git', 'kustomize.sh');
  await copyFile(FILE_KUSTOMIZE_SCRIPT, kustomize);
  await chmod(kustomize, 0o755);
});

afterAll(() => rm(root, { recursive: true, force: true }));

async function run(argv: string[]) {
  const recorded = recordedIo(root);
  const code = await diffCommand(parseCli(['diff', '--kustomize', kustomize, ...argv]), recorded.io);
  return { code, out: recorded.out(), err: recorded.err(), files: recorded.files };
}

describe('diff', () => {
  it('prints the report of the change in the format asked, and exits 0 without an error finding', async () => {
    const result = await run(['--base', 'HEAD', '--format', 'json', '--render-timeout', '30']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { base: { ref: string }; environments: { path: string; status: string }[] };
    expect(report.base.ref).toBe('HEAD');
    expect(report.environments.map((environment) => [environment.path, environment.status])).toEqual([
      ['overlays/a', 'changed'],
      ['overlays/b', 'unchanged'],
    ]);
  });

  it('compares the directories given, and writes to --output', async () => {
    const result = await run(['--base', 'HEAD', '--format', 'json', '--output', 'diff.json', 'overlays/b']);
    expect(result.out).toBe('');
    const report = JSON.parse(result.files.get(join(root, 'diff.json')) ?? '') as { environments: { path: string }[] };
    expect(report.environments.map((environment) => environment.path)).toEqual(['overlays/b']);
  });

  it('prints text by default', async () => {
    const result = await run(['--base', 'HEAD']);
    expect(result.out).toContain('overlays/a');
    expect(() => JSON.parse(result.out) as unknown).toThrow();
  });

  it.each([
    [[], /^--base is required\nusage: consul-gitops diff --base <git-ref>/],
    [['--base', 'HEAD', '--format', 'xml'], /^unknown --format "xml" for diff/],
    [['--base', 'HEAD', '.'], /^\.: pass a kustomization directory inside the repository, for example overlays\/prod$/],
    [['--base', 'HEAD', '../elsewhere'], /^\.\.\/elsewhere: pass a kustomization directory inside the repository/],
    [['--base', 'HEAD', '--output', 'no/such/d.json'], /^--output no\/such\/d\.json: the folder/],
    [['--base', 'HEAD', '--render-timeout', '0'], /--render-timeout/],
  ])('refuses %j', async (argv, message) => {
    const error = await run(argv).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
