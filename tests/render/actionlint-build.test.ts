/** actionlint's build: where its binary goes, its pin, and the answer without Go (the real build is `npm run lint`'s). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionlintBinary, buildActionlint } from '../../tools/src/render/actionlint-build.js';
import { GO_BIN_DIR } from '../../tools/src/render/go-tools.js';

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
});
