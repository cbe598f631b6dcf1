/** The transitive-input resolver on in-memory trees: what each kustomization field contributes. */
import { describe, expect, it } from 'vitest';
import { resolveKustomizeInputs, type KustomizeFileView } from '../../tools/src/nx/kustomize-inputs.js';

/** A tree given as kustomizations by directory plus plain directories. */
function view(kustomizations: Record<string, Record<string, unknown>>, directories: string[] = []): KustomizeFileView {
  const dirs = new Set([...Object.keys(kustomizations), ...directories]);
  return { kustomization: (dir) => kustomizations[dir], isDirectory: (path) => dirs.has(path) };
}

describe('resolveKustomizeInputs', () => {
  it.each<{
    behaviour: string;
    tree: Record<string, Record<string, unknown>>;
    expected: { directories: string[]; files: string[] };
    start?: string;
  }>([
    {
      behaviour: 'follows resources into a base directory',
      tree: { 'overlays/dev': { resources: ['../../base'] }, base: { resources: ['a.yaml'] } },
      expected: { directories: ['overlays/dev', 'base'], files: [] },
    },
    {
      behaviour: 'follows components and their own resources transitively',
      tree: {
        'overlays/prod': { resources: ['../../base'], components: ['../../components/tls', 'local'] },
        base: {},
        'components/tls': { resources: ['../shared'] },
        'overlays/prod/local': {},
        'components/shared': {},
      },
      expected: { directories: ['overlays/prod', 'base', 'components/tls', 'overlays/prod/local', 'components/shared'], files: [] },
    },
    {
      behaviour: 'lists patch, generator and strategic-merge files that live outside the reached directories',
      tree: {
        'overlays/dev': {
          resources: ['../../base', '../../extra/service.yaml'],
          patches: [{ path: '../../patches/pdb.yaml' }, { patch: 'inline: true' }, { path: 'local-patch.yaml' }],
          patchesStrategicMerge: ['../../patches/legacy.yaml', 'apiVersion: v1\nkind: ConfigMap\n'],
          configMapGenerator: [{ name: 'x', files: ['config.json=../../config/agent.json'], envs: ['../../config/env.txt'] }],
        },
        base: {},
      },
      expected: {
        directories: ['overlays/dev', 'base'],
        files: ['config/agent.json', 'config/env.txt', 'extra/service.yaml', 'patches/legacy.yaml', 'patches/pdb.yaml'],
      },
    },
    {
      behaviour: 'visits a directory reached twice only once (diamond and cycle)',
      tree: { a: { resources: ['../b', '../c'] }, b: { resources: ['../d'] }, c: { resources: ['../d'], components: ['../a'] }, d: {} },
      start: 'a',
      expected: { directories: ['a', 'b', 'c', 'd'], files: [] },
    },
  ])('$behaviour', ({ tree, expected, start }) => {
    const result = resolveKustomizeInputs(start ?? Object.keys(tree)[0]!, view(tree));
    expect({ directories: result.directories, files: result.files }).toEqual(expected);
  });

  it('reports remote references and paths leaving the workspace instead of following them', () => {
    const result = resolveKustomizeInputs(
      'overlays/dev',
      view({
        'overlays/dev': {
          resources: ['https://github.com/org/repo//deploy?ref=v1', 'github.com/org/repo/base?ref=main', '../../../outside'],
        },
      }),
    );
    expect(result.remote).toEqual(['https://github.com/org/repo//deploy?ref=v1', 'github.com/org/repo/base?ref=main']);
    expect(result.outside).toEqual(['../outside']);
    expect(result.directories).toEqual(['overlays/dev']);
  });

  it('keeps a start directory without references as its only input', () => {
    expect(resolveKustomizeInputs('overlays/empty', view({ 'overlays/empty': {} })).directories).toEqual(['overlays/empty']);
  });
});
