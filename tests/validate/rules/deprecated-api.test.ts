/** deprecated-api: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/deprecated-api/). */
import { describe, expect, it } from 'vitest';
import { deprecatedApi } from '../../../tools/src/validate/rules/deprecated-api.js';
import { found, object } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const check = (apiVersion: string, kind: string) => found(deprecatedApi, [object(apiVersion, kind, 'x')]);

describe('deprecated-api (target Kubernetes 1.36)', () => {
  it.each([
    [
      'extensions/v1beta1',
      'Deployment',
      'error',
      'extensions/v1beta1 Deployment was removed in Kubernetes 1.16 (deprecated in 1.8): use apps/v1 (workloads), networking.k8s.io/v1 (NetworkPolicy)',
    ],
    [
      'policy/v1beta1',
      'PodDisruptionBudget',
      'error',
      'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (deprecated in 1.21): use policy/v1',
    ],
    ['v1', 'Endpoints', 'warning', 'v1 Endpoints is deprecated since Kubernetes 1.33: use discovery.k8s.io/v1 EndpointSlice'],
    [
      'v1',
      'ComponentStatus',
      'warning',
      'v1 ComponentStatus is deprecated since Kubernetes 1.19: use the kube-apiserver /livez and /readyz endpoints',
    ],
    ['apps/v1beta9', 'Deployment', 'error', 'apps/v1beta9 Deployment is not served by Kubernetes 1.36: it serves Deployment as apps/v1'],
    ['apps/v1', 'Foo', 'error', 'apps/v1 Foo is not served by Kubernetes 1.36: it serves no Foo in that group'],
    ['v2', 'Pod', 'error', 'v2 Pod is not served by Kubernetes 1.36: it serves Pod as v1'],
    [
      'autoscaling/v3',
      'HorizontalPodAutoscaler',
      'error',
      'autoscaling/v3 HorizontalPodAutoscaler is not served by Kubernetes 1.36: it serves HorizontalPodAutoscaler as autoscaling/v1, autoscaling/v2',
    ],
    ['v1beta1', 'Pod', 'error', 'v1beta1 Pod is not served by Kubernetes 1.36: it serves Pod as v1'],
  ])('%s %s: %s', (apiVersion, kind, severity, message) => {
    expect(check(apiVersion, kind)).toEqual([{ severity, at: `${kind}/x /apiVersion`, message }]);
  });

  it.each([
    ['apps/v1', 'Deployment', 'served'],
    ['v1', 'ConfigMap', 'served core'],
    ['argoproj.io/v1alpha1', 'Application', 'Argo CD kinds are checked against their own CRDs'],
    ['example.com/v1', 'Widget', 'a group Kubernetes does not serve (a CRD)'],
    ['v1', 'List', 'a List is a client-side wrapper'],
    ['foo', 'Bar', 'not an API version form this rule reads'],
  ])('%s %s: no finding (%s)', (apiVersion, kind) => {
    expect(check(apiVersion, kind)).toEqual([]);
  });

  it('each object is checked on its own', () => {
    expect(
      found(deprecatedApi, [
        object('apps/v1', 'Deployment', 'ok'),
        object('policy/v1beta1', 'PodDisruptionBudget', 'old'),
        object('v1', 'Endpoints', 'e'),
      ]).map((finding) => `${finding.severity} ${finding.at}`),
    ).toEqual(['error PodDisruptionBudget/old /apiVersion', 'warning Endpoints/e /apiVersion']);
  });

  it("an object without an apiVersion is not this rule's to judge", () => {
    const bare = object('v1', 'Pod', 'x');
    expect(found(deprecatedApi, [{ ...bare, ref: { kind: 'Pod', name: 'x' } }])).toEqual([]);
  });
});

describeRuleFixtures('deprecated-api');
