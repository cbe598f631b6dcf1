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

  it('lists the files of every field that names files: JSON 6902 patches, replacements, generators, crds, configurations, openapi', () => {
    const result = resolveKustomizeInputs(
      'o',
      view({
        o: {
          patchesJson6902: [{ path: '../p/json.yaml' }, { path: 7 }],
          replacements: [{ path: '../p/replace.yaml' }],
          secretGenerator: [{ name: 's', files: ['../p/plain.txt', 42], env: '../p/secret.env' }],
          configMapGenerator: [{ name: 'c', env: 7 }],
          crds: ['../p/crd.yaml'],
          configurations: ['../p/config.yaml'],
          openapi: { path: '../p/openapi.json' },
          transformers: ['../p/transformer.yaml'],
          generators: ['../p/generator.yaml'],
          validators: ['../p/validator.yaml'],
        },
      }),
    );
    expect(result.files).toEqual([
      'p/config.yaml',
      'p/crd.yaml',
      'p/generator.yaml',
      'p/json.yaml',
      'p/openapi.json',
      'p/plain.txt',
      'p/replace.yaml',
      'p/secret.env',
      'p/transformer.yaml',
      'p/validator.yaml',
    ]);
  });

  it('ignores fields that are not lists of strings or objects', () => {
    const result = resolveKustomizeInputs(
      'o',
      view({
        o: { resources: 'a.yaml', patches: 'p.yaml', crds: [1, '../x.yaml'], openapi: { path: 3 }, configMapGenerator: [null, 'x'] },
      }),
    );
    expect(result).toEqual({ directories: ['o'], files: ['x.yaml'], remote: [], outside: [] });
  });

  it('never reads an inline strategic-merge patch as a path, whatever path-like text it holds; a file name with kind: in it is a path', () => {
    const result = resolveKustomizeInputs(
      'o',
      view({
        o: {
          patchesStrategicMerge: [
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  path: ../../../etc/x.conf\n',
            'kind: ../../../p/one-line.yaml',
            '  apiVersion: ../../../p/indented.yaml',
            '../p/kind:merge.yaml',
          ],
        },
      }),
    );
    expect(result).toEqual({ directories: ['o'], files: ['p/kind:merge.yaml'], remote: [], outside: [] });
  });

  it('takes the path after the first = of a generator file entry, also for an empty key', () => {
    const result = resolveKustomizeInputs(
      'o',
      view({ o: { configMapGenerator: [{ name: 'c', files: ['=../p/no-key.txt', 'key=../p/keyed=odd.txt', '../p/plain.txt'] }] } }),
    );
    expect(result.files).toEqual(['p/keyed=odd.txt', 'p/no-key.txt', 'p/plain.txt']);
  });

  it('follows a transformer or generator folder that is a kustomization, and skips inline patches', () => {
    const result = resolveKustomizeInputs(
      'o',
      view({
        o: {
          transformers: ['../t'],
          patchesStrategicMerge: ['kind: ConfigMap', '  apiVersion: v1', '../p/merge.yaml'],
        },
        t: { resources: ['../u/file.yaml'] },
      }),
    );
    expect(result.directories).toEqual(['o', 't']);
    expect(result.files).toEqual(['p/merge.yaml', 'u/file.yaml']);
  });

  it('a path that leaves the workspace, even exactly, is outside; one under an absolute start too; remote file references are reported', () => {
    const result = resolveKustomizeInputs(
      'a/b',
      view({ 'a/b': { resources: ['../../..', '../../../x'], patches: [{ path: 'https://example.org/patch.yaml' }] } }),
    );
    expect(result.outside).toEqual(['..', '../x']);
    expect(result.remote).toEqual(['https://example.org/patch.yaml']);
    expect(result.files).toEqual([]);
    expect(resolveKustomizeInputs('/abs', view({ '/abs': { resources: ['x.yaml'] } })).outside).toEqual(['/abs/x.yaml']);
  });

  it('keeps files of the root folder when the start is the root, and drops files inside a reached folder', () => {
    const fromRoot = resolveKustomizeInputs(
      '.',
      view({ '.': { resources: ['overlay', 'top.yaml'] }, overlay: { resources: ['../other/x.yaml', 'own.yaml'] } }),
    );
    expect(fromRoot.directories).toEqual(['.', 'overlay']);
    expect(fromRoot.files).toEqual([]);
    const nested = resolveKustomizeInputs(
      'o',
      view({ o: { resources: ['../shared', '../shared/a.yaml', '../sharedfile.yaml'] }, shared: {} }),
    );
    expect(nested.files).toEqual(['sharedfile.yaml']);
  });

  it('a referenced folder without a kustomization is no input directory, and start paths are normalized', () => {
    const result = resolveKustomizeInputs('./o', view({ o: { resources: ['../plain'] } }, ['plain']));
    expect(result.directories).toEqual(['o']);
    expect(result.files).toEqual([]);
  });
});
