/** `render` in process (tools/src/cli/commands/render.ts): one render to stdout or to a file whose folders it creates. */
import { chmod, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { renderCommand } from '../../../tools/src/cli/commands/render.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { configMap, FILE_KUSTOMIZE_SCRIPT, kustomization, tempRepo, under } from '../../helpers/pipeline-repo.js';

let root: string;
let kustomize: string;

beforeAll(async () => {
  root = await tempRepo(under('app', kustomization(configMap('a'))));
  kustomize = join(root, 'kustomize.sh');
  await copyFile(FILE_KUSTOMIZE_SCRIPT, kustomize);
  await chmod(kustomize, 0o755);
});

afterAll(() => rm(root, { recursive: true }));

describe('render', () => {
  it('prints the render', async () => {
    const recorded = recordedIo(root);
    expect(await renderCommand(parseCli(['render', 'app', '--kustomize', kustomize, '--render-timeout', '30']), recorded.io)).toBe(0);
    expect(recorded.out()).toBe(configMap('a'));
  });

  it('writes the render to --output, creating its folders', async () => {
    const recorded = recordedIo(root);
    expect(
      await renderCommand(parseCli(['render', 'app', '--kustomize', kustomize, '--output', 'dist/rendered/app.yaml']), recorded.io),
    ).toBe(0);
    expect(recorded.out()).toBe('');
    expect(recorded.files.get(join(root, 'dist/rendered/app.yaml'))).toBe(configMap('a'));
    expect(existsSync(join(root, 'dist/rendered'))).toBe(true);
  });

  it('takes exactly one directory', async () => {
    const usage = new UsageError('usage: consul-gitops render DIR [--output FILE]');
    await expect(renderCommand(parseCli(['render']), recordedIo(root).io)).rejects.toThrow(usage);
    await expect(renderCommand(parseCli(['render', 'a', 'b']), recordedIo(root).io)).rejects.toThrow(usage);
  });

  it('refuses a bad --render-timeout', async () => {
    await expect(
      renderCommand(parseCli(['render', 'app', '--kustomize', kustomize, '--render-timeout', 'x']), recordedIo(root).io),
    ).rejects.toThrow(UsageError);
  });
});
