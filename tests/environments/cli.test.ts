/** Every spec mistake stops both `generate` and `validate` with exit 1 and the same path-named line. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/src/cli/main.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { FIXTURES, SPEC_ERRORS } from './spec-errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'consul-gitops-spec-'));
  await cp(join(REPO_ROOT, 'base'), join(dir, 'base'), { recursive: true });
  await cp(join(REPO_ROOT, 'overlays/dev'), join(dir, 'overlays/dev'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
    isTty: false,
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    writeFile: () => Promise.reject(new Error('not used')),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe.each(SPEC_ERRORS)('%s', (fixture, expected) => {
  beforeAll(async () => {
    await cp(join(FIXTURES, `${fixture}.yaml`), join(dir, 'environments.yaml'));
  });

  it('generate: exit 1, the message, nothing written', async () => {
    const { code, stdout, stderr } = await run(['generate']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`consul-gitops: environments spec is invalid:\n${expected}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('validate: exit 1, a spec finding with the same message and line', async () => {
    const { code, stdout } = await run(['validate', 'overlays/dev', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      overlays: { path: string; findings: { rule: string; message: string; file?: string; line?: number }[] }[];
    };
    const finding = report.overlays.find((overlay) => overlay.path === 'environments.yaml')?.findings[0];
    const [, line, message] = /^environments\.yaml:(\d+): (.*)$/.exec(expected) ?? [];
    expect(finding).toMatchObject({ rule: 'spec', file: 'environments.yaml', line: Number(line) });
    expect(finding?.message.startsWith(message ?? '(no message)')).toBe(true);
    // The spec's own errors only: the overlay is not checked against it, so no follow-on findings.
    const others = report.overlays.filter((overlay) => overlay.path !== 'environments.yaml') as {
      path: string;
      notChecked?: string;
      findings: unknown[];
    }[];
    expect(others.map((overlay) => [overlay.path, overlay.findings.length, overlay.notChecked])).toEqual([
      ['overlays/dev', 0, expect.stringMatching(/^environments\.yaml is invalid/)],
    ]);
  });

  it('gate: exit 1, the spec errors once, no manifests and no follow-on findings', async () => {
    const { code, stdout, stderr } = await run(['gate', 'overlays/dev']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const [, line, message] = /^environments\.yaml:(\d+): (.*)$/.exec(expected) ?? [];
    expect(stderr).toContain(message?.slice(0, 60));
    expect(stderr).toContain(`environments.yaml:${line}`);
    expect(stderr).not.toMatch(/error +environment-label|is not declared in environments/);
    expect(stderr).toMatch(/overlays\/dev is NOT synced: environments\.yaml is invalid/);
  });
});
