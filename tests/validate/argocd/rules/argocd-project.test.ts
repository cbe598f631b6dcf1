/**
 * argocd-project: an Application names an AppProject of argocd/ that permits its repository, its destination and the
 * cluster-scoped kinds it syncs, on parsed objects (no build), then its fixtures (tests/fixtures/argocd/argocd-project/),
 * each a small repository validated as `consul-gitops validate` does.
 */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../../tools/src/parse/documents.js';
import { targetsOf } from '../../../../tools/src/validate/argocd/context.js';
import { argocdProject } from '../../../../tools/src/validate/argocd/rules/argocd-project.js';
import { runArgocdRules } from '../../../../tools/src/validate/argocd/run.js';
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';
import { PROJECT, URL } from '../../../helpers/argocd-project.js';

describe('argocd-project', () => {
  const targets = targetsOf([
    { path: 'overlays/dev', checked: [{ kind: 'ConfigMap', name: 'a', namespace: 'consul-dev' }] },
    { path: 'overlays/prod', checked: [{ kind: 'ConfigMap', name: 'a', namespace: 'consul-prod' }, { kind: 'ClusterRole', name: 'r' }] },
    { path: 'overlays/split', checked: [{ kind: 'ConfigMap', name: 'a', namespace: 'one' }, { kind: 'ConfigMap', name: 'b', namespace: 'two' }, { kind: 'ClusterRole', name: 'r' }] },
  ]);
  const IN_CLUSTER = 'server: https://kubernetes.default.svc';
  const app = ({ project = 'project: consul', path = 'overlays/dev', repo = URL, destination = `${IN_CLUSTER}, namespace: consul-dev`, extra = '' } = {}) =>
    `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-dev, namespace: argocd}
spec:
  ${project}
  source: {repoURL: '${repo}', targetRevision: main, path: '${path}'}
  destination: {${destination}}
${extra}`;
  const check = (application: string, project = PROJECT) =>
    runArgocdRules(parseRendered({ yaml: `${project}---\n${application}`, file: 'argocd', rendered: true }).resources, targets, URL, [argocdProject]).map(
      (finding) => `${finding.resource?.kind} ${finding.path}: ${finding.message}`,
    );

  it('passes an Application its project permits in full', () => {
    expect(check(app())).toEqual([]);
  });

  it.each([
    ['no project key', 'project_: none'],
    ['an empty project', "project: ''"],
  ])('refuses an Application with %s, at its spec', (_name, project) => {
    expect(check(app({ project }))).toEqual(['Application /spec: Application consul-dev names no project']);
  });

  it("calls out Argo CD's built-in default project, and names an undefined one, with the projects defined", () => {
    expect(check(app({ project: 'project: default' }))).toEqual([
      "Application /spec/project: Application consul-dev uses Argo CD's built-in project default, which permits every repository, cluster and kind; use a project defined in argocd/ (defined: consul)",
    ]);
    expect(check(app({ project: 'project: platform' }))).toEqual([
      'Application /spec/project: Application consul-dev names AppProject platform, which is not defined in argocd/ (defined: consul): Argo CD will not sync it',
    ]);
    expect(check(app({ project: 'project: platform' }), '')).toEqual([
      'Application /spec/project: Application consul-dev names AppProject platform, which is not defined in argocd/ (defined: (none)): Argo CD will not sync it',
    ]);
  });

  it('skips a templated project', () => {
    expect(check(app({ project: "project: '{{project}}'" }))).toEqual([]);
  });

  it('names a repository the project does not permit, with its sourceRepos; a templated one is not judged', () => {
    expect(check(app({ repo: 'https://github.com/other/repo.git' }))).toEqual([
      `Application /spec/source/repoURL: AppProject consul does not permit repository https://github.com/other/repo.git (sourceRepos: ${URL})`,
    ]);
    expect(check(app({ repo: 'https://github.com/{{org}}/repo.git' }))).toEqual([]);
  });

  it('leaves a source without repoURL to argocd-path', () => {
    expect(check(app().replace(`repoURL: '${URL}', `, ''))).toEqual([]);
  });

  it('names a destination the project does not permit, with its destinations', () => {
    expect(check(app({ destination: `${IN_CLUSTER}, namespace: kube-system` }))).toEqual([
      'Application /spec/destination: AppProject consul does not permit destination server https://kubernetes.default.svc, namespace kube-system (destinations: server https://kubernetes.default.svc, namespace consul-*)',
    ]);
  });

  it('lists every destination of the project, separated', () => {
    const two = PROJECT.replace("namespace: 'consul-*'}]", "namespace: consul-a}, {name: other, namespace: consul-b}]");
    expect(check(app(), two)).toEqual([
      'Application /spec/destination: AppProject consul does not permit destination server https://kubernetes.default.svc, namespace consul-dev (destinations: server https://kubernetes.default.svc, namespace consul-a; name other, namespace consul-b)',
    ]);
  });

  it('says when the project and the Application name the cluster in different forms', () => {
    expect(check(app({ destination: 'name: in-cluster, namespace: consul-dev' }))).toEqual([
      'Application /spec/destination: AppProject consul does not permit destination name in-cluster, namespace consul-dev (destinations: server https://kubernetes.default.svc, namespace consul-*); the project names clusters by server and the Application by name: use the same form in both',
    ]);
    const byName = PROJECT.replace('{server: https://kubernetes.default.svc,', '{name: in-cluster,');
    expect(check(app(), byName)).toEqual([
      'Application /spec/destination: AppProject consul does not permit destination server https://kubernetes.default.svc, namespace consul-dev (destinations: name in-cluster, namespace consul-*); the project names clusters by name and the Application by server: use the same form in both',
    ]);
  });

  it('names an empty destinations list, and skips a templated destination', () => {
    const none = PROJECT.replace("destinations: [{server: https://kubernetes.default.svc, namespace: 'consul-*'}]", 'destinations: []');
    expect(check(app(), none)).toEqual([
      'Application /spec/destination: AppProject consul does not permit destination server https://kubernetes.default.svc, namespace consul-dev (destinations: (none))',
    ]);
    expect(check(app({ destination: `${IN_CLUSTER}, namespace: 'consul-{{env}}'` }), none)).toEqual([]);
    expect(check(app({ destination: "server: '{{server}}', namespace: consul-dev" }), none)).toEqual([]);
    expect(check(app({ destination: "name: '{{cluster}}', namespace: consul-dev" }), none)).toEqual([]);
  });

  it('needs the cluster-scoped kinds the synced overlay renders, and Namespace for CreateNamespace=true, whitelisted', () => {
    expect(check(app({ path: 'overlays/prod', destination: `${IN_CLUSTER}, namespace: consul-prod` }))).toEqual([
      'AppProject /spec/clusterResourceWhitelist: AppProject consul does not whitelist the cluster-scoped kind(s) ClusterRole that Application consul-dev needs (rendered by overlays/prod): Argo CD would refuse the sync',
    ]);
    const noNamespace = PROJECT.replace("clusterResourceWhitelist: [{group: '', kind: Namespace}]", 'clusterResourceWhitelist: []');
    const createNamespace = '  syncPolicy: {syncOptions: [CreateNamespace=true]}\n';
    expect(check(app({ extra: createNamespace }), noNamespace)).toEqual([
      'AppProject /spec/clusterResourceWhitelist: AppProject consul does not whitelist the cluster-scoped kind(s) Namespace that Application consul-dev needs (rendered by overlays/dev; Namespace for CreateNamespace=true): Argo CD would refuse the sync',
    ]);
    expect(check(app({ extra: createNamespace, path: 'overlays/qa' }), noNamespace)).toEqual([
      'AppProject /spec/clusterResourceWhitelist: AppProject consul does not whitelist the cluster-scoped kind(s) Namespace that Application consul-dev needs (Namespace for CreateNamespace=true): Argo CD would refuse the sync',
    ]);
    expect(check(app({ extra: createNamespace }))).toEqual([]);
  });

  it('does not ask for the cluster-scoped kinds of an overlay that renders into several namespaces (argocd-namespace refuses it)', () => {
    expect(check(app({ path: 'overlays/split' }))).toEqual([]);
  });
});

describeArgocdFixtures('argocd-project');
