/** The Nx plugin: the projects it infers, and real Nx on a temporary git repository. */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOLVED_ENVIRONMENT_FILE } from '../../tools/src/generate/resolved-environment.js';
import { createNodes, diskView, KUSTOMIZATION_PATTERN, overlayProject, projectNameFor } from '../../tools/src/nx/plugin.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { createTempWorkspace, nx, type TempWorkspace } from './temp-workspace.js';

/** The spec's own project, which checks it once per run. */
const SPEC_PROJECT = 'environments';

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

  it("takes an overlay's own part of the spec instead of environments.yaml when generate wrote it into the overlay", () => {
    const project = overlayProject('overlays/prod', diskView(REPO_ROOT), {}, true, [], {
      file: 'environments.yaml',
      resolvedInRoot: true,
      project: SPEC_PROJECT,
    });
    expect(existsSync(join(REPO_ROOT, 'overlays/prod', RESOLVED_ENVIRONMENT_FILE))).toBe(true);
    for (const target of Object.values(project.targets)) {
      expect(target.inputs).toContain('{projectRoot}/**/*');
      expect(target.inputs).not.toContain('{workspaceRoot}/environments.yaml');
    }
    expect(project.targets.validate?.dependsOn).toEqual([
      { projects: ['tools'], target: 'build' },
      { projects: [SPEC_PROJECT], target: 'validate' },
    ]);
    // rendering checks nothing of the spec: it waits for the build only
    expect(project.targets.render?.dependsOn).toEqual([{ projects: ['tools'], target: 'build' }]);
  });

  it('checks the spec once, in its own project at the root: generate --check over the spec and every generated folder', () => {
    const [, create] = createNodes;
    const [[, result] = ['', {}]] = create(['environments.yaml'], { validateTargetName: 'check' }, { workspaceRoot: REPO_ROOT });
    const project = result.projects?.['.'];
    expect(project).toMatchObject({ root: '.', name: SPEC_PROJECT });
    expect(Object.keys(project?.targets ?? {})).toEqual(['check']);
    expect(project?.targets.check?.options.env).toEqual({ CONSUL_GITOPS_ARGV: '["generate","--check"]' });
    expect(project?.targets.check?.inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/environments.yaml',
        '{workspaceRoot}/base/**/*',
        '{workspaceRoot}/overlays/**/*',
        '{workspaceRoot}/argocd/**/*',
      ]),
    );
    expect(project?.targets.check?.dependsOn).toEqual([{ projects: ['tools'], target: 'build' }]);
  });

  it('gives an overlay a cached report target: validate into dist/reports/<project>.sarif, after the spec check', () => {
    const project = overlayProject('overlays/prod', diskView(REPO_ROOT), {}, true, [], {
      file: 'environments.yaml',
      resolvedInRoot: true,
      project: SPEC_PROJECT,
    });
    expect(project.targets.report?.options.env).toEqual({
      CONSUL_GITOPS_ARGV: '["validate","overlays/prod","--format","sarif","--output","dist/reports/overlay-prod.sarif"]',
    });
    expect(project.targets.report?.outputs).toEqual(['{workspaceRoot}/dist/reports/overlay-prod.sarif']);
    expect(project.targets.report?.cache).toBe(true);
    expect(project.targets.report?.inputs).toEqual(project.targets.validate?.inputs);
    expect(project.targets.report?.dependsOn).toEqual(project.targets.validate?.dependsOn);
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
      reportTargetName: 'sarif',
      reportDir: 'out/sarif',
    });
    expect(Object.keys(project.targets).sort()).toEqual(['build-manifests', 'check', 'sarif']);
    expect(project.targets.sarif?.outputs).toEqual(['{workspaceRoot}/out/sarif/overlay-dev.sarif']);
  });

  it('creates one project per matched kustomization file', () => {
    const [, create] = createNodes;
    const results = create(['overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml'], undefined, {
      workspaceRoot: REPO_ROOT,
    });
    expect(results.map(([file, result]) => [file, Object.keys(result.projects ?? {})])).toEqual([
      ['overlays/dev/kustomization.yaml', ['overlays/dev']],
      ['overlays/prod/kustomization.yaml', ['overlays/prod']],
    ]);
  });

  it('makes environments.yaml the spec project, and argocd/ (which lists every environment) keeps the whole spec as its input', () => {
    const [, create] = createNodes;
    const results = create(['environments.yaml', 'argocd/kustomization.yaml', 'overlays/dev/kustomization.yaml'], undefined, {
      workspaceRoot: REPO_ROOT,
    });
    const projects = Object.fromEntries(results.flatMap(([, result]) => Object.entries(result.projects ?? {})));
    expect(projects['.']?.name).toBe(SPEC_PROJECT);
    expect(projects.argocd?.targets.validate?.inputs).toContain('{workspaceRoot}/environments.yaml');
    expect(projects['overlays/dev']?.targets.validate?.inputs).not.toContain('{workspaceRoot}/environments.yaml');
    for (const root of ['argocd', 'overlays/dev'])
      expect(projects[root]?.targets.validate?.dependsOn).toContainEqual({ projects: [SPEC_PROJECT], target: 'validate' });
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
      process.stderr.write = (text: string) => (written.push(text), true);
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
      SPEC_PROJECT,
      ...(existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : []),
    ];
    expect((JSON.parse(result.stdout) as string[]).sort()).toEqual(expected.sort());
  });

  it('marks only overlay-dev affected when only overlays/dev changes (and argocd/, which is cross-checked against every overlay)', async () => {
    await writeFile(join(workspace.root, 'overlays/dev/NOTES.md'), 'reviewed\n');
    await workspace.commit('touch dev');
    const argocd = existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : [];
    expect(await affected()).toEqual([...argocd, SPEC_PROJECT, 'overlay-dev']);
  });

  it('marks every overlay affected when base/ changes', async () => {
    await writeFile(join(workspace.root, 'base/NOTES.md'), 'reviewed\n');
    await workspace.commit('touch base');
    const argocd = existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : [];
    expect(await affected()).toEqual([...argocd, SPEC_PROJECT, 'overlay-dev', 'overlay-prod', 'overlay-staging']);
  });

  it("marks only staging's projects affected when staging's storage size changes in environments.yaml (not prod's or dev's)", async () => {
    const spec = await readFile(join(workspace.root, 'environments.yaml'), 'utf8');
    const edited = spec.replace('storage: { class: ssd-regional, size: 10Gi }', 'storage: { class: ssd-regional, size: 20Gi }');
    expect(edited).not.toBe(spec);
    await writeFile(join(workspace.root, 'environments.yaml'), edited);
    const generate = await execa('node', ['tools/bin/consul-gitops.js', 'generate'], { cwd: workspace.root, reject: false });
    expect(generate.exitCode, generate.stderr).toBe(0);
    await workspace.commit('staging storage 20Gi');
    const changed = (await workspace.git('diff', '--name-only', 'HEAD~1', 'HEAD')).split('\n').sort();
    expect(changed).toEqual(['environments.yaml', 'overlays/staging/environment.resolved.json', 'overlays/staging/server-storage.yaml']);
    const argocd = existsSync(join(workspace.root, 'argocd/kustomization.yaml')) ? ['argocd'] : [];
    expect(await affected()).toEqual([...argocd, SPEC_PROJECT, 'overlay-staging']);
  }, 120_000);

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
    const rule = join(workspace.root, 'tools/src/validate/rules/rollout-quorum.ts');
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

  it('prints a spec error once per run, from the spec project, and runs no overlay against the invalid spec', async () => {
    const path = join(workspace.root, 'environments.yaml');
    const spec = await readFile(path, 'utf8');
    const broken = spec.replace(/(\n {2}staging:\n(?: {4}.*\n)*? {4}servers: )3\n/, '$14\n');
    expect(broken).not.toBe(spec);
    await writeFile(path, broken);
    await workspace.commit('staging with 4 servers');
    try {
      const result = await nx(workspace.root, [
        'affected',
        '-t',
        'validate',
        '--base=HEAD~1',
        '--head=HEAD',
        '--exclude=tools',
        '--outputStyle=static',
      ]);
      expect(result.code).not.toBe(0);
      const output = stripVTControlCharacters(result.stdout + result.stderr);
      expect(output.match(/environments\.staging\.servers: must be an odd number/g)).toHaveLength(1);
      expect(output).toMatch(/nx run environments:validate/);
      expect(output).not.toMatch(/nx run overlay-\w+:validate/);
    } finally {
      await writeFile(path, spec);
      await workspace.commit('staging back to 3 servers');
    }
  }, 300_000);

  it('writes the render target output and restores it from the cache', async () => {
    const result = await nx(workspace.root, ['run', 'overlay-dev:render', '--outputStyle=static']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const rendered = await readFile(join(workspace.root, 'dist/rendered/overlay-dev.yaml'), 'utf8');
    expect(rendered).toMatch(/kind: StatefulSet/);
    expect(rendered).not.toMatch(/config\.kubernetes\.io\/origin/);
  }, 60_000);
});
