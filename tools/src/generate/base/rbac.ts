import { COMPONENT } from '../../model/consul.js';
import { metadata, type Component } from './labels.js';
import { SYNC_TO_K8S } from './sync-catalog.js';

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_API = `${RBAC}/v1`;
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

export function serviceAccount(name: string, component: Component, automount = false): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: automount, metadata: metadata(name, component) };
}

/** kustomize's namespace transformer fills in the namespace of a ServiceAccount subject. */
function serviceAccountSubject(name: string): Record<string, unknown> {
  return { kind: 'ServiceAccount', name, namespace: 'default' };
}

/**
 * Catalog sync at control plane 1.x (the chart's sync-catalog-clusterrole.yaml): it watches
 * Services and EndpointSlices (not Endpoints) and reads Nodes cluster-wide; it writes Services and
 * EndpointSlices only when it syncs Consul services into Kubernetes (-to-k8s=true). It watches
 * Ingresses always: catalog/to-consul/resource.go starts the Ingress controller whether or not
 * -enable-ingress is set, so without list/watch it logs 403s for ever.
 */
export function syncCatalogRbac(suffix: string): Record<string, unknown>[] {
  const name = COMPONENT.syncCatalog;
  const clusterName = `${name}${suffix}`;
  const verbs = SYNC_TO_K8S ? [...READ, ...WRITE] : READ;
  return [
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: metadata(clusterName, 'sync-catalog'),
      rules: [
        { apiGroups: [''], resources: ['services'], verbs },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: READ },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: metadata(clusterName, 'sync-catalog'),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterName },
      subjects: [serviceAccountSubject(name)],
    },
  ];
}

/**
 * The Kubernetes auth method's identity (the chart's auth-method-*.yaml): Consul validates login
 * tokens with a TokenReview as this ServiceAccount (system:auth-delegator) and reads the logging-in
 * ServiceAccount. Its long-lived token Secret is created empty; Kubernetes fills it in, and
 * server-acl-init hands the token to Consul.
 */
export function authMethodObjects(suffix: string): Record<string, unknown>[] {
  const name = COMPONENT.authMethod;
  const clusterName = `${name}${suffix}`;
  return [
    serviceAccount(name, 'auth-method'),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...metadata(name, 'auth-method'), annotations: { 'kubernetes.io/service-account.name': name } },
      type: 'kubernetes.io/service-account-token',
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: metadata(clusterName, 'auth-method'),
      rules: [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: metadata(clusterName, 'auth-method'),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterName },
      subjects: [serviceAccountSubject(name)],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: metadata(`consul-authdelegator${suffix}`, 'auth-method'),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [serviceAccountSubject(name)],
    },
  ];
}
