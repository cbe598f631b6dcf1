/** The Argo CD cross-checks as pure functions: parsed objects and the run's targets in, findings out. */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { targetsOf } from '../../../tools/src/validate/argocd/context.js';
import { runArgocdRules } from '../../../tools/src/validate/argocd/run.js';
import { PROJECT, URL } from '../../helpers/argocd-project.js';

const targets = targetsOf([
  { path: 'overlays/dev', checked: [{ kind: 'ConfigMap', name: 'consul-client-config', namespace: 'consul-dev' }] },
  { path: 'overlays/prod', checked: [{ kind: 'ConfigMap', name: 'consul-client-config', namespace: 'consul-prod' }, { kind: 'ClusterRole', name: 'consul-sync-catalog-prod' }] },
]);

const check = (yaml: string) =>
  runArgocdRules(parseRendered({ yaml: `${PROJECT}---\n${yaml}`, file: 'argocd', rendered: true }).resources, targets, URL).map((finding) => `${finding.rule}: ${finding.message}`);

describe('Argo CD cross-checks on parsed objects', () => {
  it('an ApplicationSet template is checked where it is literal and skipped where it is templated', () => {
    const findings = check(`apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: consul, namespace: argocd}
spec:
  generators: [{list: {elements: [{env: dev}]}}]
  template:
    metadata: {name: 'consul-{{env}}'}
    spec:
      project: platform
      source: {repoURL: '${URL}', targetRevision: main, path: 'overlays/{{env}}'}
      destination: {server: https://kubernetes.default.svc, namespace: 'consul-{{env}}'}
`);
    expect(findings).toEqual([expect.stringMatching(/^argocd-project: ApplicationSet consul \(template\) names AppProject platform/)]);
  });

  it('every source of a multi-source Application must be a validated path of this repository', () => {
    const findings = check(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-dev, namespace: argocd}
spec:
  project: consul
  sources:
    - {repoURL: '${URL}', targetRevision: main, path: overlays/dev}
    - {repoURL: 'https://github.com/other/values.git', targetRevision: main, path: values}
  destination: {server: https://kubernetes.default.svc, namespace: consul-dev}
`);
    expect(findings).toEqual([
      expect.stringMatching(/^argocd-path: Application consul-dev syncs repository https:\/\/github.com\/other\/values.git/),
      expect.stringMatching(/^argocd-path: Application consul-dev syncs path values, which is not a kustomization directory validated in this run/),
      expect.stringMatching(/^argocd-project: AppProject consul does not permit repository https:\/\/github.com\/other\/values.git/),
    ]);
  });

  it('the root Application may sync argocd/ itself (app of apps), within a project that permits it; another folder is still refused', () => {
    const root = (path: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: consul-gitops, namespace: argocd}
spec:
  sourceRepos: ['${URL}']
  destinations: [{server: https://kubernetes.default.svc, namespace: argocd}]
  namespaceResourceWhitelist: [{group: argoproj.io, kind: Application}, {group: argoproj.io, kind: AppProject}]
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-gitops, namespace: argocd}
spec:
  project: consul-gitops
  source: {repoURL: '${URL}', targetRevision: main, path: ${path}}
  destination: {server: https://kubernetes.default.svc, namespace: argocd}
`;
    expect(check(root('argocd'))).toEqual([]);
    expect(check(root('./argocd/'))).toEqual([]);
    expect(check(root('argocd-old'))).toEqual([
      expect.stringMatching(/^argocd-path: Application consul-gitops syncs path argocd-old, which is not a kustomization directory validated in this run/),
    ]);
  });

  it('the cluster-scoped kinds of the synced overlay must be whitelisted', () => {
    const findings = check(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-prod, namespace: argocd}
spec:
  project: consul
  source: {repoURL: '${URL}', targetRevision: main, path: overlays/prod}
  destination: {server: https://kubernetes.default.svc, namespace: consul-prod}
`);
    expect(findings).toEqual([expect.stringMatching(/^argocd-project: AppProject consul does not whitelist the cluster-scoped kind\(s\) ClusterRole that Application consul-prod needs \(rendered by overlays\/prod\)/)]);
  });

  it('objects other than Applications, ApplicationSets and AppProjects are not cross-checked', () => {
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cmp-plugin, namespace: argocd}\ndata: {plugin.yaml: x}\n')).toEqual([]);
  });
});
