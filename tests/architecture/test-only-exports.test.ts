/**
 * Production and tests take one path: `knip --production` (knip.jsonc; `npm run lint` runs it too) finds every
 * file, export and dependency of the shipped code (library entry, CLI, Nx plugin, scripts, benchmarks) that only
 * tests use, or nothing uses. An export kept for its tests on purpose says why in its doc comment
 * (`@internal <why>`). Here: the repository is clean, and knip with the same settings finds a test-only export.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const run = promisify(execFile);
const KNIP = join(REPO_ROOT, 'node_modules/knip/bin/knip.js');

/** knip --production in a folder: its exit code and its report. */
async function knip(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  return run(process.execPath, [KNIP, '--production', '--no-progress', ...args], { cwd, maxBuffer: 16 * 1024 * 1024 })
    .then(({ stdout }) => ({ code: 0, stdout }))
    .catch((error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }));
}

let scratch: string | undefined;
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('every export of tools/src is used by production code (knip --production)', () => {
  it('the repository has no unused file, export or dependency', async () => {
    expect(await knip(REPO_ROOT)).toEqual({ code: 0, stdout: '' });
  }, 60_000);

  it('an export only a test imports is reported, one marked @internal with a reason is not', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'consul-gitops-knip-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'knip-case', private: true, type: 'module' }),
      'knip.json': JSON.stringify({ entry: ['src/index.ts!', 'test/*.test.ts'], project: ['src/**/*.ts!', 'test/*.ts'] }),
      'src/index.ts': "import { used } from './lib.js';\nexport const entry = used() + 1;\n",
      'src/lib.ts': [
        'export function used(): number { return 1; }',
        'export function onlyTests(): number { return 2; }',
        '/** @internal pinned directly by its test; used() reaches it */',
        'export function kept(): number { return 3; }',
        '',
      ].join('\n'),
      'test/lib.test.ts': "import { kept, onlyTests } from '../src/lib.js';\nconsole.log(kept(), onlyTests());\n",
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(scratch, path)), { recursive: true });
      await writeFile(join(scratch, path), text);
    }
    const result = await knip(scratch, '--reporter', 'json');
    expect(result.code).toBe(1);
    const issues = (JSON.parse(result.stdout) as { issues: { file: string; exports: { name: string }[] }[] }).issues;
    expect(issues.flatMap((issue) => issue.exports.map((item) => `${issue.file}#${item.name}`))).toEqual(['src/lib.ts#onlyTests']);
  }, 60_000);
});
