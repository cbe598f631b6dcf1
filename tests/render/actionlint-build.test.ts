/**
 * actionlint's build: where its binary goes, its pin, what it asks of go (a stand-in for go records it), and the answer
 * without Go (the real build is `npm run lint`'s).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionlintBinary, buildActionlint } from '../../tools/src/render/actionlint-build.js';
import { GO_BIN_DIR } from '../../tools/src/render/go-tools.js';
import { goStandIn } from '../helpers/fake-go.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'actionlint-build-'));
  mkdirSync(join(scratch, 'empty'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('actionlint build', () => {
  it('lives in tools/go/bin unless told otherwise', () => {
    expect(actionlintBinary()).toBe(join(GO_BIN_DIR, 'actionlint'));
    expect(actionlintBinary('/opt/bin')).toBe('/opt/bin/actionlint');
  });

  it('without go: not built, and why', async () => {
    const result = await buildActionlint({ binDir: join(scratch, 'bin'), env: { PATH: join(scratch, 'empty') } });
    expect(result).toEqual({ ok: false, reason: 'go not found on PATH' });
  });

  it('a go.mod that does not require actionlint is an error naming the module', async () => {
    const moduleDir = join(scratch, 'module');
    mkdirSync(moduleDir);
    writeFileSync(join(moduleDir, 'go.mod'), 'module example\n\ngo 1.25\n\nrequire github.com/rhysd/actionlint-fork v1.0.0\n');
    await expect(buildActionlint({ moduleDir, binDir: join(scratch, 'bin'), env: { PATH: join(scratch, 'empty') } })).rejects.toThrow(
      'tools/go/actionlint/go.mod does not require github.com/rhysd/actionlint',
    );
  });

  it('builds the pinned cmd/actionlint into its bin folder, labelled with the pin, with the build timeout of go-tools', async () => {
    const moduleDir = join(scratch, 'pinned');
    mkdirSync(moduleDir);
    writeFileSync(join(moduleDir, 'go.mod'), 'module x\n\ngo 1.25\n\nrequire github.com/rhysd/actionlint v1.7.12\n');
    writeFileSync(join(moduleDir, 'go.sum'), '');
    const binDir = join(scratch, 'pinned-bin');
    const { calls, run } = goStandIn(binDir);
    expect(await buildActionlint({ moduleDir, binDir, env: { GOFLAGS: '-p=1' }, run })).toEqual({
      ok: true,
      built: true,
      goVersion: 'go1.26.8',
      versions: { actionlint: 'v1.7.12' },
      binDir,
      buildSeconds: expect.any(Number) as number,
    });
    expect(calls).toEqual([
      { args: ['env', 'GOVERSION'], timeoutMs: 60_000 },
      {
        args: ['build', '-trimpath', '-o', 'actionlint', 'github.com/rhysd/actionlint/cmd/actionlint'],
        cwd: moduleDir,
        timeoutMs: 15 * 60_000,
        goflags: '-p=1 -mod=readonly',
      },
    ]);
    expect(existsSync(actionlintBinary(binDir))).toBe(true);
  });
});
