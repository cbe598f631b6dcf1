/**
 * cluster-scoped-collision: two Applications on one cluster that render the same cluster-scoped object, on parsed
 * objects (no build), then its fixtures (tests/fixtures/argocd/cluster-scoped-collision/).
 */
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../../../tools/src/parse/documents.js';
import { targetsOf } from '../../../../tools/src/validate/argocd/context.js';
import { runArgocdRules } from '../../../../tools/src/validate/argocd/run.js';
import { describeArgocdFixtures } from '../../../helpers/rule-fixtures.js';
import { PROJECT, URL } from '../../../helpers/argocd-project.js';


describe('cluster-scoped-collision', () => {
  const WHITELIST = `${PROJECT.replace("clusterResourceWhitelist: [{group: '', kind: Namespace}]", "clusterResourceWhitelist: [{group: rbac.authorization.k8s.io, kind: ClusterRole}, {group: rbac.authorization.k8s.io, kind: ClusterRoleBinding}]")}`;
  const app = (env: string, destination: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: consul-${env}, namespace: argocd}
spec:
  project: consul
  source: {repoURL: '${URL}', targetRevision: main, path: overlays/${env}}
  destination: {${destination}, namespace: consul-${env}}
`;
  const collide = (clusterRoleOf: (env: string) => string, destinations: [string, string]) => {
    const overlays = targetsOf(
      ['dev', 'qa'].map((env) => ({
        path: `overlays/${env}`,
        checked: [
          { kind: 'ServiceAccount', name: 'consul-sync-catalog', namespace: `consul-${env}` },
          { kind: 'ClusterRole', name: clusterRoleOf(env) },
        ],
      })),
    );
    const yaml = `${WHITELIST}---\n${app('dev', destinations[0])}---\n${app('qa', destinations[1])}`;
    return runArgocdRules(parseRendered({ yaml, file: 'argocd', rendered: true }).resources, overlays, URL)
      .filter((finding) => finding.rule === 'cluster-scoped-collision')
      .map((finding) => ({ name: finding.resource?.name, path: finding.path, message: finding.message }));
  };
  const IN_CLUSTER = 'server: https://kubernetes.default.svc';

  it('fails the second Application when two on one cluster render the same ClusterRole', () => {
    expect(collide(() => 'consul-sync-catalog', [IN_CLUSTER, IN_CLUSTER])).toEqual([
      {
        name: 'consul-qa',
        path: '/spec/destination',
        message: expect.stringMatching(/^Application consul-qa \(overlays\/qa\) and Application consul-dev \(overlays\/dev\) deploy to the same cluster \(server https:\/\/kubernetes\.default\.svc\) and both render ClusterRole\/consul-sync-catalog: /),
      },
    ]);
  });

  it('treats a trailing slash on the server URL as the same cluster', () => {
    expect(collide(() => 'consul-sync-catalog', [IN_CLUSTER, 'server: https://kubernetes.default.svc/'])).toHaveLength(1);
  });

  it('compares clusters named by destination.name too', () => {
    expect(collide(() => 'consul-sync-catalog', ['name: shared', 'name: shared'])).toHaveLength(1);
  });

  it('passes per-environment names (the generated -<env> suffix) on one cluster', () => {
    expect(collide((env) => `consul-sync-catalog-${env}`, [IN_CLUSTER, IN_CLUSTER])).toEqual([]);
  });

  it('skips an Application whose cluster is templated (an ApplicationSet template)', () => {
    expect(collide(() => 'consul-sync-catalog', ["server: '{{server}}'", "server: '{{server}}'"])).toEqual([]);
    expect(collide(() => 'consul-sync-catalog', ["name: '{{cluster}}'", "name: '{{cluster}}'"])).toEqual([]);
  });

  it('names every object the two render in common', () => {
    const overlays = targetsOf(
      ['dev', 'qa'].map((env) => ({
        path: `overlays/${env}`,
        checked: [
          { kind: 'ClusterRole', name: 'consul-sync-catalog' },
          { kind: 'ClusterRoleBinding', name: 'consul-sync-catalog' },
        ],
      })),
    );
    const yaml = `${WHITELIST}---\n${app('dev', IN_CLUSTER)}---\n${app('qa', IN_CLUSTER)}`;
    const findings = runArgocdRules(parseRendered({ yaml, file: 'argocd', rendered: true }).resources, overlays, URL).filter(
      (finding) => finding.rule === 'cluster-scoped-collision',
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('both render ClusterRole/consul-sync-catalog, ClusterRoleBinding/consul-sync-catalog: '),
    ]);
  });

  it('passes the same name on two different clusters', () => {
    expect(collide(() => 'consul-sync-catalog', [IN_CLUSTER, 'server: https://10.0.0.2:6443'])).toEqual([]);
  });
});

describeArgocdFixtures('cluster-scoped-collision');
