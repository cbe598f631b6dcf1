/** The typed readers over rendered Argo CD objects: what they keep, what they drop, and how they normalize. */
import { describe, expect, it } from 'vitest';
import {
  appTargetsOf,
  formatDestination,
  normalizeRepoUrl,
  normalizeSourcePath,
  projectsOf,
} from '../../../tools/src/validate/argocd/objects.js';
import { object } from '../../helpers/inline-rules.js';

describe('appTargetsOf', () => {
  it('keeps only the string fields of an Application and its string sync options', () => {
    const application = object('argoproj.io/v1alpha1', 'Application', 'consul-dev', {
      spec: {
        project: 7,
        source: { repoURL: 'https://github.com/example-org/consul-gitops', path: 3 },
        destination: { server: 1, name: 'in-cluster', namespace: 'consul-dev' },
        syncPolicy: { syncOptions: ['Prune=false', 5, 'ServerSideApply=true'] },
      },
    });
    const [target] = appTargetsOf([application]);
    expect(target?.label).toBe('Application consul-dev');
    expect(target?.project).toBeUndefined();
    expect(target?.sources).toEqual([{ repoURL: 'https://github.com/example-org/consul-gitops', pointer: '/spec/source' }]);
    expect(target?.destination).toEqual({ name: 'in-cluster', namespace: 'consul-dev' });
    expect(target?.syncOptions).toEqual(['Prune=false', 'ServerSideApply=true']);
  });

  it("reads an ApplicationSet's template, labelled as the template", () => {
    const set = object('argoproj.io/v1alpha1', 'ApplicationSet', 'consul', {
      spec: { template: { spec: { project: 'consul', sources: [{ repoURL: 'r', path: 'overlays/{{name}}' }], destination: {} } } },
    });
    expect(appTargetsOf([set])).toEqual([
      {
        resource: set,
        label: 'ApplicationSet consul (template)',
        specPointer: '/spec/template/spec',
        project: 'consul',
        sources: [{ repoURL: 'r', path: 'overlays/{{name}}', pointer: '/spec/template/spec/sources/0' }],
        destination: {},
        syncOptions: [],
      },
    ]);
  });
});

describe('projectsOf', () => {
  it('keeps string source repositories, and a whitelist entry without a group or kind as empty text', () => {
    const project = object('argoproj.io/v1alpha1', 'AppProject', 'consul', {
      spec: {
        sourceRepos: ['https://github.com/example-org/*', 42],
        destinations: [{ server: '*', namespace: 'consul-*' }],
        clusterResourceWhitelist: [{ kind: 'Namespace' }, { group: 'rbac.authorization.k8s.io' }],
      },
    });
    expect(projectsOf([project])).toEqual([
      {
        resource: project,
        name: 'consul',
        sourceRepos: ['https://github.com/example-org/*'],
        destinations: [{ server: '*', namespace: 'consul-*' }],
        clusterResourceWhitelist: [
          { group: '', kind: 'Namespace' },
          { group: 'rbac.authorization.k8s.io', kind: '' },
        ],
      },
    ]);
  });
});

describe('normalizeRepoUrl', () => {
  it.each([
    ['surrounding spaces, case, trailing slashes and .git go', '  https://GitHub.com/Org/Repo.git//  ', 'https://github.com/org/repo'],
    ['several trailing slashes go', 'https://github.com/org/repo///', 'https://github.com/org/repo'],
    ['.git inside the URL stays', 'https://github.com/org/my.gitops', 'https://github.com/org/my.gitops'],
  ])('%s', (_name, url, expected) => {
    expect(normalizeRepoUrl(url)).toBe(expected);
  });
});

describe('normalizeSourcePath', () => {
  it.each([
    ['repeated ./ and trailing slashes go', './././overlays/dev//', 'overlays/dev'],
    ['surrounding spaces go', '  overlays/dev  ', 'overlays/dev'],
    ['only a leading ./ goes: ../ stays', '../shared/overlays/dev', '../shared/overlays/dev'],
    ['the repository root as . stays .', '.', '.'],
    ['the repository root as ./ is .', './', '.'],
    ['an empty path is the root', '', '.'],
  ])('%s', (_name, path, expected) => {
    expect(normalizeSourcePath(path)).toBe(expected);
  });
});

describe('formatDestination', () => {
  it('names the server, else the cluster name, else no cluster; a missing namespace as (none)', () => {
    expect(formatDestination({ server: 'https://kubernetes.default.svc', name: 'in-cluster', namespace: 'consul-dev' })).toBe(
      'server https://kubernetes.default.svc, namespace consul-dev',
    );
    expect(formatDestination({ name: 'in-cluster', namespace: 'consul-dev' })).toBe('name in-cluster, namespace consul-dev');
    expect(formatDestination({})).toBe('no cluster, namespace (none)');
  });
});
