/**
 * argocd-namespace: an Application's destination.namespace against the one namespace its overlay renders into, on
 * parsed objects (no build), then its fixtures (tests/fixtures/argocd/argocd-namespace/), each a small repository
 * validated as `consul-gitops validate` does.
 */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../../tools/src/parse/documents.js';
import { targetsOf } from '../../../../tools/src/validate/argocd/context.js';
import { argocdNamespace } from '../../../../tools/src/validate/argocd/rules/argocd-namespace.js';
import { runArgocdRules } from '../../../../tools/src/validate/argocd/run.js';
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';
import { PROJECT, URL } from '../../../helpers/argocd-project.js';

describe('argocd-namespace', () => {
  const targets = targetsOf([
    { path: 'overlays/dev', checked: [{ kind: 'ConfigMap', name: 'a', namespace: 'consul-dev' }, { kind: 'ClusterRole', name: 'r' }] },
    { path: 'overlays/split', checked: [{ kind: 'ConfigMap', name: 'a', namespace: 'one' }, { kind: 'ConfigMap', name: 'b', namespace: 'two' }] },
    { path: 'overlays/bare', checked: [{ kind: 'ClusterRole', name: 'r' }] },
  ]);
  const check = (path: string, destination: string) => {
    const yaml = `${PROJECT}---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-x, namespace: argocd}
spec:
  project: consul
  source: {repoURL: '${URL}', targetRevision: main, path: '${path}'}
  destination: {server: https://kubernetes.default.svc${destination}}
`;
    return runArgocdRules(parseRendered({ yaml, file: 'argocd', rendered: true }).resources, targets, URL, [argocdNamespace]).map((finding) => ({
      path: finding.path,
      line: finding.location?.line,
      message: finding.message,
    }));
  };

  it('passes a destination.namespace that is the namespace the overlay renders into', () => {
    expect(check('overlays/dev', ', namespace: consul-dev')).toEqual([]);
  });

  it('names both namespaces when the destination differs from the render, at the destination.namespace line', () => {
    expect(check('overlays/dev', ', namespace: consul-prod')).toEqual([
      {
        path: '/spec/destination/namespace',
        line: 15,
        message: 'Application consul-x has destination.namespace consul-prod, but overlays/dev renders into consul-dev',
      },
    ]);
  });

  it.each([
    ['no namespace key', ''],
    ['an empty namespace', ", namespace: ''"],
  ])('points at the destination when it has %s', (_name, destination) => {
    expect(check('overlays/dev', destination)).toEqual([
      { path: '/spec/destination', line: 15, message: 'Application consul-x sets no destination.namespace, but overlays/dev renders into consul-dev' },
    ]);
  });

  it('lists the namespaces, sorted, of an overlay that renders into several', () => {
    expect(check('overlays/split', ', namespace: one')).toEqual([
      {
        path: '/spec/destination/namespace',
        line: 15,
        message: 'overlays/split renders into several namespaces (one, two): one Application destination cannot match them all',
      },
    ]);
  });

  it('asks for a namespace in the kustomization of an overlay that renders no namespaced object, naming the wanted one', () => {
    expect(check('overlays/bare', ', namespace: consul-bare').map((finding) => finding.message)).toEqual([
      'overlays/bare renders no namespaced object with a namespace: set `namespace: consul-bare` in its kustomization so the render and Application consul-x agree',
    ]);
    expect(check('overlays/bare', '').map((finding) => finding.message)).toEqual([
      'overlays/bare renders no namespaced object with a namespace: set `namespace: <namespace>` in its kustomization so the render and Application consul-x agree',
    ]);
  });

  it('judges an Application by its one literal source path: several sources, or only templated ones, name no directory', () => {
    const sources = (paths: string[]) =>
      `${PROJECT}---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-x, namespace: argocd}
spec:
  project: consul
  sources: [${paths.map((path) => `{repoURL: '${URL}', ${path}}`).join(', ')}]
  destination: {server: https://kubernetes.default.svc, namespace: consul-prod}
`;
    const messages = (paths: string[]) =>
      runArgocdRules(parseRendered({ yaml: sources(paths), file: 'argocd', rendered: true }).resources, targets, URL, [argocdNamespace]).map(
        (finding) => finding.message,
      );
    const wrong = ['Application consul-x has destination.namespace consul-prod, but overlays/dev renders into consul-dev'];
    expect(messages(["path: 'overlays/{{env}}'", 'path: overlays/dev'])).toEqual(wrong);
    expect(messages(['chart: values', 'path: ./overlays/dev/'])).toEqual(wrong);
    expect(messages(['path: overlays/dev', 'path: overlays/split'])).toEqual([]);
    expect(messages(["path: 'overlays/{{env}}'"])).toEqual([]);
  });

  it('skips a templated namespace and a path that is not a validated directory', () => {
    expect(check('overlays/dev', ", namespace: 'consul-{{env}}'")).toEqual([]);
    expect(check('overlays/other', ', namespace: consul-prod')).toEqual([]);
  });
});

describeArgocdFixtures('argocd-namespace');
