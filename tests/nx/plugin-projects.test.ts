/**
 * The Nx plugin's projects, in process: overlayProject on in-memory trees, and createNodes on temporary folders
 * (tests/nx/plugin.test.ts runs real Nx; this file states each field of what the plugin infers).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KustomizeFileView } from '../../tools/src/nx/kustomize-inputs.js';
import {
  createNodes,
  createNodesV2,
  diskView,
  KUSTOMIZATION_PATTERN,
  name,
  overlayProject,
  projectNameFor,
} from '../../tools/src/nx/plugin.js';

const TOOL_INPUTS = [
  '{workspaceRoot}/tools/src/**/*',
  '{workspaceRoot}/tools/schemas/**/*',
  '{workspaceRoot}/tools/facts/**/*',
  '{workspaceRoot}/tools/go/go.mod',
  '{workspaceRoot}/tools/bin/**/*',
  '{workspaceRoot}/package-lock.json',
];
const BUILD = { projects: ['tools'], target: 'build' };
const argv = (args: string[], cli = 'tools/bin/consul-gitops.js') => ({
  command: `node ${cli}`,
  cwd: '{workspaceRoot}',
  env: { CONSUL_GITOPS_ARGV: JSON.stringify(args) },
});

function view(kustomizations: Record<string, Record<string, unknown>>, directories: string[] = []): KustomizeFileView {
  const dirs = new Set([...Object.keys(kustomizations), ...directories]);
  return { kustomization: (dir) => kustomizations[dir], isDirectory: (path) => dirs.has(path) };
}
const TREE = view({
  'overlays/prod': { resources: ['../../base', '../../extra/service.yaml'], components: ['local'] },
  'overlays/prod/local': {},
  'overlays/dev': { resources: ['../../base'] },
  base: {},
  argocd: { resources: ['project.yaml'] },
});

/** The one result of a createNodes call on one file. */
function only(results: ReturnType<(typeof createNodes)[1]>): (typeof results)[number][1] {
  if (results.length !== 1 || !results[0]) throw new Error(`${results.length} results`);
  return results[0][1];
}

describe('projectNameFor', () => {
  it.each([
    ['overlays/prod', 'overlay-prod'],
    ['overlays/team/a', 'overlay-team-a'],
    ['argocd', 'argocd'],
    ['components/tls', 'components-tls'],
  ])('%s is the project %s', (root, project) => expect(projectNameFor(root)).toBe(project));
});

describe('overlayProject', () => {
  it("an overlay: render, validate and report targets after the tools' build and the spec check, over its transitive inputs", () => {
    const inputs = [
      '{projectRoot}/**/*',
      '{workspaceRoot}/base/**/*',
      '{workspaceRoot}/overlays/prod/local/**/*',
      '{workspaceRoot}/extra/service.yaml',
      ...TOOL_INPUTS,
      '{workspaceRoot}/environments.yaml',
      { env: 'KUSTOMIZE' },
    ];
    expect(overlayProject('overlays/prod', TREE, {}, true, [], { file: 'environments.yaml', project: 'environments' })).toEqual({
      root: 'overlays/prod',
      name: 'overlay-prod',
      projectType: 'application',
      tags: ['type:kustomization', 'environment:prod'],
      implicitDependencies: ['tools'],
      targets: {
        render: {
          executor: 'nx:run-commands',
          options: argv(['render', 'overlays/prod', '--output', 'dist/rendered/overlay-prod.yaml']),
          dependsOn: [BUILD],
          cache: true,
          inputs,
          outputs: ['{workspaceRoot}/dist/rendered/overlay-prod.yaml'],
          metadata: {
            description: 'Render overlays/prod with kustomize into dist/rendered/overlay-prod.yaml (origin annotations removed).',
            technologies: ['kustomize'],
          },
        },
        validate: {
          executor: 'nx:run-commands',
          options: argv(['validate', 'overlays/prod']),
          dependsOn: [BUILD, { projects: ['environments'], target: 'validate' }],
          cache: true,
          inputs,
          metadata: {
            description: 'Render overlays/prod and check it: Kubernetes schema and the Consul rules (consul-gitops validate).',
            technologies: ['kustomize'],
          },
        },
        report: {
          executor: 'nx:run-commands',
          options: argv(['validate', 'overlays/prod', '--format', 'sarif', '--output', 'dist/reports/overlay-prod.sarif']),
          dependsOn: [BUILD, { projects: ['environments'], target: 'validate' }],
          cache: true,
          inputs,
          outputs: ['{workspaceRoot}/dist/reports/overlay-prod.sarif'],
          metadata: {
            description:
              "Validate overlays/prod into dist/reports/overlay-prod.sarif (SARIF; the folder must exist). The workflow's shards run it; tools/scripts/merge-reports.mjs merges the reports.",
            technologies: ['kustomize'],
          },
        },
      },
    });
  });

  it('honours every option: target names, CLI, render and report folders', () => {
    const project = overlayProject(
      'overlays/dev',
      TREE,
      {
        renderTargetName: 'build-yaml',
        validateTargetName: 'check',
        reportTargetName: 'sarif',
        cli: 'bin/cli.js',
        renderDir: 'out/yaml',
        reportDir: 'out/sarif',
      },
      true,
      [],
      { file: 'environments.yaml', project: 'environments' },
    );
    expect(Object.keys(project.targets)).toEqual(['build-yaml', 'check', 'sarif']);
    expect(project.targets['build-yaml']?.options).toEqual(
      argv(['render', 'overlays/dev', '--output', 'out/yaml/overlay-dev.yaml'], 'bin/cli.js'),
    );
    expect(project.targets['build-yaml']?.outputs).toEqual(['{workspaceRoot}/out/yaml/overlay-dev.yaml']);
    expect(project.targets.check?.dependsOn).toEqual([BUILD, { projects: ['environments'], target: 'check' }]);
    expect(project.targets.sarif?.options).toEqual(
      argv(['validate', 'overlays/dev', '--format', 'sarif', '--output', 'out/sarif/overlay-dev.sarif'], 'bin/cli.js'),
    );
    expect(project.targets.sarif?.outputs).toEqual(['{workspaceRoot}/out/sarif/overlay-dev.sarif']);
  });

  it('without a tools project and a spec project: no build dependency, no implicit dependency, validate and report depend on nothing', () => {
    const project = overlayProject('overlays/dev', TREE, {}, false);
    expect(project).not.toHaveProperty('implicitDependencies');
    for (const target of Object.values(project.targets)) expect(target).not.toHaveProperty('dependsOn');
    expect(project.targets.render?.inputs).toContain('{workspaceRoot}/environments.yaml');
  });

  it('without a spec project, validate still waits for the build', () => {
    expect(overlayProject('overlays/dev', TREE).targets.validate?.dependsOn).toEqual([BUILD]);
  });

  it('with its part of the spec inside its root, the spec file is no input', () => {
    const project = overlayProject('overlays/dev', TREE, {}, true, [], { file: 'environments.yaml', resolvedInRoot: true });
    expect(project.targets.validate?.inputs).toEqual([
      '{projectRoot}/**/*',
      '{workspaceRoot}/base/**/*',
      ...TOOL_INPUTS,
      { env: 'KUSTOMIZE' },
    ]);
  });

  it('argocd/: a kustomization project whose inputs are those of every overlay it is checked against, each once', () => {
    const project = overlayProject('argocd', TREE, {}, true, ['overlays/dev', 'overlays/prod']);
    expect(project.tags).toEqual(['type:kustomization', 'kustomization:argocd']);
    expect(project.targets.validate?.inputs).toEqual([
      '{projectRoot}/**/*',
      '{workspaceRoot}/overlays/dev/**/*',
      '{workspaceRoot}/base/**/*',
      '{workspaceRoot}/overlays/prod/**/*',
      '{workspaceRoot}/overlays/prod/local/**/*',
      '{workspaceRoot}/extra/service.yaml',
      ...TOOL_INPUTS,
      '{workspaceRoot}/environments.yaml',
      { env: 'KUSTOMIZE' },
    ]);
  });
});

describe('createNodes on a workspace', () => {
  let root: string;
  const put = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  const nodes = (files: string[]) => createNodes[1](files, undefined, { workspaceRoot: root });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'consul-gitops-nx-nodes-'));
    await put('base/kustomization.yaml', 'resources: []\n');
    await put('overlays/dev/kustomization.yaml', 'resources: [../../base]\n');
    await put('overlays/dev/environment.resolved.json', '{}\n');
    await put('overlays/prod/kustomization.yaml', 'resources: [../../base]\n');
    await put('overlays/notes/README.md', 'not an overlay\n');
    await put('overlays/broken/kustomization.yaml', 'resources: [unclosed\n');
    await put('argocd/kustomization.yaml', 'resources: [project.yaml]\n');
    // A resolved part beside argocd/ does not make the spec file no input there: argocd/ lists every environment.
    await put('argocd/environment.resolved.json', '{}\n');
    // tools/ without a project.json: no build dependency.
    await put('tools/go/go.mod', 'module x\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is the plugin Nx loads: its pattern, the V2 alias and its name', () => {
    expect(createNodes[0]).toBe(KUSTOMIZATION_PATTERN);
    expect(KUSTOMIZATION_PATTERN).toBe(
      '{overlays/*/kustomization.yaml,overlays/*/kustomization.yml,argocd/kustomization.yaml,argocd/kustomization.yml,environments.yaml}',
    );
    expect(createNodesV2).toBe(createNodes);
    expect(name).toBe('consul-gitops/overlays');
  });

  it('without tools/project.json or a spec: no build or spec dependencies; the spec file is an input where no resolved part lies', () => {
    const [[file, result]] = nodes(['overlays/prod/kustomization.yaml']) as [[string, { projects: Record<string, any> }]];
    expect(file).toBe('overlays/prod/kustomization.yaml');
    const project = result.projects['overlays/prod'];
    expect(project.name).toBe('overlay-prod');
    expect(project).not.toHaveProperty('implicitDependencies');
    expect(project.targets.validate).not.toHaveProperty('dependsOn');
    expect(project.targets.validate.inputs).toContain('{workspaceRoot}/environments.yaml');
    expect(project.targets.validate.inputs).toContain('{workspaceRoot}/base/**/*');
  });

  it('with tools/project.json and environments.yaml: the spec project, overlays after it, argocd/ over every overlay', async () => {
    await put('tools/project.json', '{}\n');
    await put('environments.yaml', 'environments: {}\n');
    const result = new Map(
      nodes(['environments.yaml', 'overlays\\dev\\kustomization.yaml', 'argocd/kustomization.yaml']).map(([file, value]) => [
        file,
        value.projects ?? {},
      ]),
    );
    const spec = result.get('environments.yaml')?.['.'];
    expect(spec).toEqual({
      root: '.',
      name: 'environments',
      projectType: 'application',
      tags: ['type:spec'],
      targets: {
        validate: {
          executor: 'nx:run-commands',
          options: argv(['generate', '--check']),
          dependsOn: [BUILD],
          cache: true,
          inputs: [
            '{workspaceRoot}/environments.yaml',
            '{workspaceRoot}/environments.schema.json',
            '{workspaceRoot}/base/**/*',
            '{workspaceRoot}/overlays/**/*',
            '{workspaceRoot}/argocd/**/*',
            ...TOOL_INPUTS,
            { env: 'KUSTOMIZE' },
          ],
          metadata: {
            description:
              'Check environments.yaml and that every generated file is what it generates (consul-gitops generate --check), once per run.',
            technologies: ['kustomize'],
          },
        },
      },
    });
    const dev = result.get('overlays\\dev\\kustomization.yaml')?.['overlays/dev'];
    expect(dev?.implicitDependencies).toEqual(['tools']);
    expect(dev?.targets.validate?.dependsOn).toEqual([BUILD, { projects: ['environments'], target: 'validate' }]);
    expect(dev?.targets.validate?.inputs).not.toContain('{workspaceRoot}/environments.yaml');
    const argocd = result.get('argocd/kustomization.yaml')?.argocd;
    expect(argocd?.targets.validate?.inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/overlays/dev/**/*',
        '{workspaceRoot}/overlays/prod/**/*',
        '{workspaceRoot}/overlays/broken/**/*',
        '{workspaceRoot}/environments.yaml',
      ]),
    );
    expect(argocd?.targets.validate?.inputs).not.toContain('{workspaceRoot}/overlays/notes/**/*');
    expect(dev?.targets.validate?.inputs).not.toContain('{workspaceRoot}/overlays/prod/**/*');
  });

  it('an overlay honours the options too (target names)', () => {
    const result = only(createNodes[1](['overlays/dev/kustomization.yaml'], { validateTargetName: 'check' }, { workspaceRoot: root }));
    expect(Object.keys(result.projects?.['overlays/dev']?.targets ?? {}).sort()).toEqual(['check', 'render', 'report']);
  });

  it('argocd/ takes its overlays in sort order of their names, and no link to an overlay folder', async () => {
    const other = await mkdtemp(join(tmpdir(), 'consul-gitops-nx-order-'));
    try {
      // A folder lists in code point (UTF-8 byte) order; JavaScript sorts by UTF-16 code unit, where U+1F600 comes before U+FF41.
      for (const overlay of ['\u{1F600}', '\uFF41', 'dev']) {
        await mkdir(join(other, 'overlays', overlay), { recursive: true });
        await writeFile(join(other, 'overlays', overlay, 'kustomization.yaml'), 'resources: []\n');
      }
      await symlink(join(other, 'overlays/dev'), join(other, 'overlays/linked'), 'dir');
      await mkdir(join(other, 'argocd'));
      await writeFile(join(other, 'argocd/kustomization.yaml'), 'resources: []\n');
      const result = only(createNodes[1](['argocd/kustomization.yaml'], {}, { workspaceRoot: other }));
      expect(
        result.projects?.argocd?.targets.validate?.inputs.filter(
          (input: string | { env: string }) => typeof input === 'string' && input.includes('overlays/'),
        ),
      ).toEqual(['{workspaceRoot}/overlays/dev/**/*', '{workspaceRoot}/overlays/\u{1F600}/**/*', '{workspaceRoot}/overlays/\uFF41/**/*']);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('with renamed targets, the spec project validates under the new name with the given CLI', () => {
    const result = only(createNodes[1](['environments.yaml'], { validateTargetName: 'check', cli: 'bin/cli.js' }, { workspaceRoot: root }));
    expect(result.projects?.['.']?.targets.check?.options).toEqual(argv(['generate', '--check'], 'bin/cli.js'));
  });

  it('a workspace without overlays/ gives argocd/ no overlay inputs', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'consul-gitops-nx-empty-'));
    try {
      await mkdir(join(empty, 'argocd'));
      await writeFile(join(empty, 'argocd/kustomization.yaml'), 'resources: []\n');
      const result = only(createNodes[1](['argocd/kustomization.yaml'], {}, { workspaceRoot: empty }));
      expect(
        result.projects?.argocd?.targets.validate?.inputs.filter(
          (input: string | { env: string }) => typeof input === 'string' && input.includes('overlays/'),
        ),
      ).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('diskView', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'consul-gitops-nx-view-'));
    await mkdir(join(root, 'good'));
    await writeFile(join(root, 'good/kustomization.yaml'), 'resources: [a.yaml]\n');
    await mkdir(join(root, 'bad'));
    await writeFile(join(root, 'bad/kustomization.yaml'), 'resources: [unclosed\n');
    await writeFile(join(root, 'file.yaml'), 'a: 1\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads a kustomization, takes an unreadable one as one without references, and none where there is none', () => {
    const disk = diskView(root);
    expect(disk.kustomization('good')).toEqual({ resources: ['a.yaml'] });
    expect(disk.kustomization('bad')).toEqual({});
    expect(disk.kustomization('.')).toBeUndefined();
  });

  it('tells folders from files and missing paths', () => {
    const disk = diskView(root);
    expect(disk.isDirectory('good')).toBe(true);
    expect(disk.isDirectory('file.yaml')).toBe(false);
    expect(disk.isDirectory('missing')).toBe(false);
  });
});
