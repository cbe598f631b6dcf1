/**
 * argocd-path: each source of an Application is this repository and a kustomization directory validated in the run,
 * on parsed objects (no build), then its fixtures (tests/fixtures/argocd/argocd-path/), each a small repository
 * validated as `consul-gitops validate` does.
 */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../../tools/src/parse/documents.js';
import { targetsOf } from '../../../../tools/src/validate/argocd/context.js';
import { argocdPath } from '../../../../tools/src/validate/argocd/rules/argocd-path.js';
import { runArgocdRules } from '../../../../tools/src/validate/argocd/run.js';
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';
import { URL } from '../../../helpers/argocd-project.js';

describe('argocd-path', () => {
  const targets = targetsOf([
    { path: 'overlays/dev', checked: [] },
    { path: 'overlays/prod', checked: [] },
  ]);
  const check = (spec: string, declared = true) => {
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-dev, namespace: argocd}
spec:
  project: consul
${spec}  destination: {server: https://kubernetes.default.svc, namespace: consul-dev}
`;
    return runArgocdRules(parseRendered({ yaml, file: 'argocd', rendered: true }).resources, targets, declared ? URL : undefined, [argocdPath]).map(
      (finding) => `${finding.path}: ${finding.message}`,
    );
  };
  const source = (fields: string) => `  source: {${fields}}\n`;

  it('passes a source of this repository at a validated directory, written either way', () => {
    expect(check(source(`repoURL: '${URL}', path: overlays/dev`))).toEqual([]);
    expect(check(source(`repoURL: 'HTTPS://GitHub.com/example-org/consul-gitops/', path: ./overlays/dev/`))).toEqual([]);
  });

  it('refuses an Application without a source at its spec', () => {
    expect(check('')).toEqual(['/spec: Application consul-dev has no source: it syncs nothing this repository validates']);
  });

  it('names the repository a source syncs when it is not the one environments.yaml declares', () => {
    expect(check(source("repoURL: 'https://github.com/other/repo.git', path: overlays/dev"))).toEqual([
      `/spec/source/repoURL: Application consul-dev syncs repository https://github.com/other/repo.git, but environments.yaml declares ${URL}: what this run validated is not what Argo CD would sync`,
    ]);
  });

  it('compares no repository without a declared one, nor a templated one', () => {
    expect(check(source("repoURL: 'https://github.com/other/repo.git', path: overlays/dev"), false)).toEqual([]);
    expect(check(source("repoURL: 'https://github.com/{{org}}/repo.git', path: overlays/dev"))).toEqual([]);
  });

  it('refuses a source without repoURL, and one without path, at the source', () => {
    expect(check(source('path: overlays/dev'))).toEqual(['/spec/source: Application consul-dev has a source without repoURL']);
    expect(check(source(`repoURL: '${URL}'`))).toEqual([
      '/spec/source: Application consul-dev has a source without path: Argo CD would sync the repository root, not an overlay',
    ]);
  });

  it('names a path that is not a validated directory, with the validated ones', () => {
    expect(check(source(`repoURL: '${URL}', path: overlays/qa`))).toEqual([
      '/spec/source/path: Application consul-dev syncs path overlays/qa, which is not a kustomization directory validated in this run (validated: overlays/dev, overlays/prod): it is missing, misspelt or unchecked',
    ]);
  });

  it('skips a templated path, and lets a source sync argocd/ itself', () => {
    expect(check(source(`repoURL: '${URL}', path: 'overlays/{{env}}'`))).toEqual([]);
    expect(check(source(`repoURL: '${URL}', path: argocd`))).toEqual([]);
  });

  it('checks every source of a multi-source Application at its index', () => {
    expect(check(`  sources:\n    - {repoURL: '${URL}', path: overlays/dev}\n    - {repoURL: '${URL}', path: values}\n`)).toEqual([
      '/spec/sources/1/path: Application consul-dev syncs path values, which is not a kustomization directory validated in this run (validated: overlays/dev, overlays/prod): it is missing, misspelt or unchecked',
    ]);
  });
});

describeArgocdFixtures('argocd-path');
