/** `gate` in process (tools/src/cli/commands/gate.ts): findings on stderr, manifests on stdout only when synced. */
import { chmod, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { gateCommand } from '../../../tools/src/cli/commands/gate.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { configMap, FILE_KUSTOMIZE_SCRIPT, kustomization, tempRepo, under } from '../../helpers/pipeline-repo.js';

let root: string;
let invalid: string;
let kustomize: string;

beforeAll(async () => {
  root = await tempRepo({ ...under('ok', kustomization(configMap('a'))), ...under('bad', kustomization(configMap('b', 'apps', '1'))) });
  invalid = await tempRepo({ 'environments.yaml': 'environments: 5\n', ...under('ok', kustomization(configMap('a'))) });
  kustomize = join(root, 'kustomize.sh');
  await copyFile(FILE_KUSTOMIZE_SCRIPT, kustomize);
  await chmod(kustomize, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true });
  await rm(invalid, { recursive: true });
});

async function gate(argv: string[], cwd = root) {
  const recorded = recordedIo(cwd);
  const code = await gateCommand(parseCli(['gate', ...argv, '--kustomize', kustomize]), recorded.io);
  return { code, out: recorded.out(), err: recorded.err() };
}

describe('gate', () => {
  it('prints the manifests of a clean render and exits 0', async () => {
    const result = await gate(['ok']);
    expect(result.code).toBe(0);
    expect(result.out).toBe(configMap('a'));
  });

  it('checks the current folder by default, as Argo CD runs it', async () => {
    const result = await gate([], join(root, 'ok'));
    expect(result).toMatchObject({ code: 0, out: configMap('a') });
  });

  it('prints nothing on stdout and says why on stderr when a finding blocks', async () => {
    const result = await gate(['bad', '--schema-backend', 'offline']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain('data.a: must be a string');
    expect(result.err).toMatch(
      /consul-gitops gate: \. is NOT synced: fix the error finding\(s\) above\. No manifests were written, so Argo CD keeps what runs\.\n$/,
    );
  });

  it('names an invalid spec as the reason', async () => {
    const result = await gate(['ok'], invalid);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/consul-gitops gate: ok is NOT synced: environments\.yaml is invalid \(errors above\)\. No manifests/);
  });

  it('takes one directory at most, and a known schema backend', async () => {
    await expect(gateCommand(parseCli(['gate', 'a', 'b']), recordedIo(root).io)).rejects.toThrow(
      new UsageError('usage: consul-gitops gate [DIR] (one kustomization directory; default: the current one, as Argo CD runs it)'),
    );
    await expect(gateCommand(parseCli(['gate', '--schema-backend', 'nope']), recordedIo(root).io)).rejects.toThrow(
      /unknown --schema-backend/,
    );
  });

  it('refuses a bad --render-timeout', async () => {
    await expect(
      gateCommand(parseCli(['gate', 'ok', '--kustomize', kustomize, '--render-timeout', '0']), recordedIo(root).io),
    ).rejects.toThrow(UsageError);
  });
});
