/** deprecated-api's "not served" branch: built-in groups at versions the pinned Kubernetes does not serve. */
import { describe, expect, it } from 'vitest';
import { schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { unservedApi } from '../../../tools/src/validate/policies/api-versions.js';

const served = schemaData().kinds;

describe('unservedApi (against the schema data of Kubernetes 1.36)', () => {
  it.each([
    ['resource.k8s.io/v1alpha2', 'ResourceClaim', ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2']],
    ['resource.k8s.io/v1alpha2', 'ResourceClass', []],
    ['networking.k8s.io/v1alpha1', 'ServiceCIDR', ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1']],
    ['apps/v1', 'Widget', []],
    ['v2', 'Pod', ['v1']],
    ['v10', 'Pod', ['v1']],
    ['v1beta12', 'Pod', ['v1']],
    ['events.k8s.io/v1beta1', 'Event', ['events.k8s.io/v1']],
  ])('%s %s is not served; the served versions of the kind are named', (apiVersion, kind, versions) => {
    expect(unservedApi(apiVersion, kind, served)).toEqual({ servedVersions: versions });
  });

  it.each([
    ['apps/v1', 'StatefulSet', 'served'],
    ['v1', 'ConfigMap', 'served (core group)'],
    ['resource.k8s.io/v1', 'ResourceClaim', 'served'],
    ['argoproj.io/v1alpha1', 'Application', 'Argo CD, not Kubernetes'],
    ['argoproj.io/v1beta1', 'Application', 'Argo CD, not Kubernetes, whatever the version'],
    ['consul.hashicorp.com/v1alpha1', 'ServiceDefaults', 'a CRD group'],
    ['gateway.networking.k8s.io/v1', 'Gateway', 'a .k8s.io group that is a CRD (Gateway API), not built in'],
    ['v1', 'List', "kubectl's List wrapper"],
    ['builtin', 'PrefixSuffixTransformer', "kustomize's transformer config, not a Kubernetes group"],
    ['xv1', 'Pod', 'a version without a group that only ends like a core one'],
    ['v1x', 'Pod', 'a version without a group that only starts like a core one'],
  ])('%s %s is not flagged: %s', (apiVersion, kind) => {
    expect(unservedApi(apiVersion, kind, served)).toBeUndefined();
  });

  it('the schema data has no kind generated from an older release than the pinned one', () => {
    expect(Object.keys(served).filter((key) => key.startsWith('resource.k8s.io/v1alpha2/'))).toEqual([]);
  });
});
