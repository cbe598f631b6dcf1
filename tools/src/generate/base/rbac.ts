import { COMPONENT } from '../../model/consul.js';
import { metadata, type Component } from './labels.js';

export function serviceAccount(name: string, component: Component): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: false, metadata: metadata(name, component) };
}

/**
 * Least privilege for catalog sync: read Services, Endpoints and Nodes cluster-wide; write Services
 * only in its own namespace. Servers and clients get no API access at all.
 */
export function syncCatalogRbac(): Record<string, unknown>[] {
  const name = COMPONENT.syncCatalog;
  const subject = { kind: 'ServiceAccount', name };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: metadata(name, 'sync-catalog'),
      rules: [
        { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: metadata(name, 'sync-catalog'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      // kustomize's namespace transformer fills in the subject's namespace.
      subjects: [{ ...subject, namespace: 'default' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata(name, 'sync-catalog'),
      rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(name, 'sync-catalog'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [subject],
    },
  ];
}
