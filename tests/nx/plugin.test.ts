/** The Nx plugin: the projects it infers, and real Nx on a temporary git repository. */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodes, diskView, KUSTOMIZATION_PATTERN, overlayProject, projectNameFor } from '../../tools/src/nx/plugin.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { createTempWorkspace, nx, type TempWorkspace } from './temp-workspace.js';

describe('inferred projects', () => {
  it.each([
    ['overlays/prod', 'overlay-prod'],
    ['overlays/dev', 'overlay-dev'],
    ['argocd', 'argocd'],
  ])('names the project of %s "%s"', (root, name) => expect(projectNameFor(root)).toBe(name));

  it('gives an overlay cached render and validate targets whose inputs include base/, the tools and the spec', () => {
    const project = overlayProject('overlays/prod', diskView(REPO_ROOT));
    expect(project.name).toBe('overlay-prod');
    expect(project.targets.render?.options).toEqual({
      command: 'node tools/bin/consul-gitops.js',
      cwd: '{workspaceRoot}',
      env: { CONSUL_GITOPS_ARGV: '["render","overlays/prod","--output","dist/rendered/overlay-prod.yaml"]' },
    });
    expect(project.targets.render?.outputs).toEqual(['{workspaceRoot}/dist/rendered/overlay-prod.yaml']);
    expect(project.targets.validate?.options).toEqual({
      command: 'node tools/bin/consul-gitops.js',
      cwd: '{workspaceRoot}',
      env: { CONSUL_GITOPS_ARGV: '["validate","overlays/prod"]' },
    });
    for (const target of Object.values(project.targets)) {
      expect(target.cache).toBe(true);
      expect(target.metadata.description).not.toBe('');
      expect(target.inputs).toEqual(
        expect.arrayContaining([
          '{projectRoot}/**/*',
          '{workspaceRoot}/base/**/*',
          '{workspaceRoot}/tools/src/**/*',
          '{workspaceRoot}/tools/schemas/**/*',
          '{workspaceRoot}/tools/bin/**/*',
          '{workspaceRoot}/environments.yaml',
        ]),
      );
    }
  });

  it('makes argocd/ depend on every overlay it is cross-checked against', () => {
    const project = overlayProject('argocd', diskView(REPO_ROOT), {}, true, ['overlays/dev']);
    expect(project.targets.validate?.inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/overlays/dev/**/*', '{workspaceRoot}/base/**/*']),
    );
  });

  it('honours renamed targets from the plugin options', () => {
    const project = overlayProject('overlays/dev', diskView(REPO_ROOT), {
      renderTargetName: 'build-manifests',
      validateTargetName: 'check',
    });
    expect(Object.keys(project.targets).sort()).toEqual(['build-manifests', 'check']);
  });

  it('creates one project per matched kustomization file', async () => {
    const [, create] = createNodes;
    const results = await create(['overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml'], undefined, {
      workspaceRoot: REPO_ROOT,
    });
    expect(results.map(([file, result]) => [file, Object.keys(result.projects ?? {})])).toEqual([
      ['overlays/dev/kustomization.yaml', ['overlays/dev']],
      ['overlays/prod/kustomization.yaml', ['overlays/prod']],
    ]);
  });

  it('the loader entry takes its file pattern from the compiled plugin: one definition', async () => {
    const entry = await readFile(join(REPO_ROOT, 'tools/nx-plugin.js'), 'utf8');
    expect(entry).not.toContain('kustomization.{yaml,yml}');
    const loader = (await import(pathToFileURL(join(REPO_ROOT, 'tools/nx-plugin.js')).href)) as { createNodes: readonly [string, unknown] };
    expect(loader.createNodes[0]).toBe(KUSTOMIZATION_PATTERN);
  });

  it('without tools/dist the loader entry matches only nx.json, says what to run, and infers nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-nx-loader-'));
    try {
      await copyFile(join(REPO_ROOT, 'tools/nx-plugin.js'), join(dir, 'nx-plugin.mjs'));
      const loader = (await import(pathToFileURL(join(dir, 'nx-plugin.mjs')).href)) as {
        createNodes: readonly [string, (files: string[], options: unknown, context: unknown) => Promise<unknown[]>];
      };
      expect(loader.createNodes[0]).toBe('nx.json');
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((text: string) => (written.push(text), true)) as typeof process.stderr.write;
      try {
        expect(await loader.createNodes[1](['nx.json'], undefined, {})).toEqual([]);
      } finally {
        process.stderr.write = write;
      }
      expect(written.join('')).toBe(
        'consul-gitops nx plugin: tools/dist is missing, so no overlay projects are inferred. Run `npm run build`.\n',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('real Nx on a temporary git repository', () => {
  let workspace: TempWorkspace;
  beforeAll(async () => {
    workspace = await createTempWorkspace();
  }, 120_000);
  afterAll(async () => workspace?.remove());

  const affected = async (): Promise<string[]> => {
    const result = await nx(workspace.root, ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json']);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as string[]).sort();
  };

  it('infers a project per overlay next to the tools project', async () => {
    const result = await nx(workspace.root, ['show', 'projects', '--json']);
    const expected = [
      'overlay-dev',
      'overlay-prod',
      'overlay-staging',
      'tools',
      ...(existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : []),
    ];
    expect((JSON.parse(result.stdout) as string[]).sort()).toEqual(expected.sort());
  });

  it('marks only overlay-dev affected when only overlays/dev changes (and argocd/, which is cross-checked against every overlay)', async () => {
    await writeFile(join(workspace.root, 'overlays/dev/NOTES.md'), 'reviewed\n');
    await workspace.commit('touch dev');
    const argocd = existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : [];
    expect(await affected()).toEqual([...argocd, 'overlay-dev']);
  });

  it('marks every overlay affected when base/ changes', async () => {
    await writeFile(join(workspace.root, 'base/NOTES.md'), 'reviewed\n');
    await workspace.commit('touch base');
    const argocd = existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : [];
    expect(await affected()).toEqual([...argocd, 'overlay-dev', 'overlay-prod', 'overlay-staging']);
  });

  it('answers an unchanged re-run of run-many -t validate from the cache, every task', async () => {
    const args = ['run-many', '-t', 'validate', '--projects=overlay-*', '--outputStyle=static'];
    const first = await nx(workspace.root, args);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const second = await nx(workspace.root, args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Nx read the output from the cache instead of running the command for (\d+) out of \1 tasks/);
  }, 300_000);

  it('re-runs validate after a change to a rule, with the rebuilt tools (never the cached output of the old build)', async () => {
    const args = ['affected', '-t', 'validate', '--base=HEAD~1', '--head=HEAD', '--exclude=tools', '--outputStyle=static'];
    const rule = join(workspace.root, 'tools/src/validate/policies/rollout.ts');
    const source = await readFile(rule, 'utf8');
    expect(source).toContain('(needed to bootstrap)');
    await writeFile(rule, source.replace('(needed to bootstrap)', '(needed to bootstrap, edited in a test)'));
    await workspace.commit('reword a rule message');
    const result = await nx(workspace.root, args);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const stdout = stripVTControlCharacters(result.stdout).replace(/\s+/g, ' ');
    expect(stdout).toMatch(/nx run tools:build/);
    expect(stdout).toContain('podManagementPolicy Parallel (needed to bootstrap, edited in a test)');
    expect(stdout).not.toMatch(/read the output from the cache instead of running the command for \d+ out of \d+ tasks/);
  }, 300_000);

  it('writes the render target output and restores it from the cache', async () => {
    const result = await nx(workspace.root, ['run', 'overlay-dev:render', '--outputStyle=static']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const rendered = await readFile(join(workspace.root, 'dist/rendered/overlay-dev.yaml'), 'utf8');
    expect(rendered).toMatch(/kind: StatefulSet/);
    expect(rendered).not.toMatch(/config\.kubernetes\.io\/origin/);
  }, 60_000);
});
