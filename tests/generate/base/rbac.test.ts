/** ServiceAccounts, catalog sync's and the auth method's cluster RBAC. */
import { describe, expect, it } from 'vitest';
import { authMethodObjects, serviceAccount, syncCatalogRbac } from '../../../tools/src/generate/base/rbac.js';
import { objectLabels } from './fixture.js';

const subject = (name: string) => ({ kind: 'ServiceAccount', name, namespace: 'default' });
const binding = (name: string, component: string, role: string, account: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name, labels: objectLabels(component) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [subject(account)],
});

describe('serviceAccount', () => {
  it('mounts no token unless asked', () => {
    expect(serviceAccount('consul-server', 'server')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      automountServiceAccountToken: false,
      metadata: { name: 'consul-server', labels: objectLabels('server') },
    });
    expect(serviceAccount('consul-sync-catalog', 'sync-catalog', true)).toMatchObject({ automountServiceAccountToken: true });
  });
});

describe('syncCatalogRbac', () => {
  it('reads Services, EndpointSlices and Ingresses, gets Nodes, and writes nothing (sync to Consul only)', () => {
    expect(syncCatalogRbac('')).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'consul-sync-catalog', labels: objectLabels('sync-catalog') },
        rules: [
          { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
          { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        ],
      },
      binding('consul-sync-catalog', 'sync-catalog', 'consul-sync-catalog', 'consul-sync-catalog'),
    ]);
  });

  it('suffixes the cluster-scoped names, never the ServiceAccount', () => {
    const [role, roleBinding] = syncCatalogRbac('-prod');
    expect(role).toMatchObject({ metadata: { name: 'consul-sync-catalog-prod' } });
    expect(roleBinding).toEqual(binding('consul-sync-catalog-prod', 'sync-catalog', 'consul-sync-catalog-prod', 'consul-sync-catalog'));
  });
});

describe('authMethodObjects', () => {
  it('a ServiceAccount with a long-lived token Secret that may review tokens and read ServiceAccounts', () => {
    expect(authMethodObjects('-qa')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        automountServiceAccountToken: false,
        metadata: { name: 'consul-auth-method', labels: objectLabels('auth-method') },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'consul-auth-method',
          labels: objectLabels('auth-method'),
          annotations: { 'kubernetes.io/service-account.name': 'consul-auth-method' },
        },
        type: 'kubernetes.io/service-account-token',
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'consul-auth-method-qa', labels: objectLabels('auth-method') },
        rules: [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] }],
      },
      binding('consul-auth-method-qa', 'auth-method', 'consul-auth-method-qa', 'consul-auth-method'),
      binding('consul-authdelegator-qa', 'auth-method', 'system:auth-delegator', 'consul-auth-method'),
    ]);
  });
});
