/** targetsOf: what each validated kustomization directory renders, as the Argo CD cross-checks read it. */
import { describe, expect, it } from 'vitest';
import { targetsOf } from '../../../tools/src/validate/argocd/context.js';

describe('targetsOf', () => {
  it('lists namespaces, cluster-scoped kinds and cluster-scoped objects once each, sorted', () => {
    const checked = [
      { kind: 'Service', name: 'consul-ui', namespace: 'consul-dev' },
      { kind: 'Namespace', name: 'consul-dev' },
      { kind: 'ClusterRoleBinding', name: 'consul-sync' },
      { kind: 'Service', name: 'consul-dns', namespace: 'consul-canary' },
      { kind: 'ClusterRole', name: 'consul-sync' },
      { kind: 'ClusterRole', name: 'consul-auth' },
      { kind: 'ConfigMap', name: 'consul-server-config', namespace: 'consul-dev' },
    ];
    expect(targetsOf([{ path: 'overlays/dev', checked }])).toEqual(
      new Map([
        [
          'overlays/dev',
          {
            namespaces: ['consul-canary', 'consul-dev'],
            clusterKinds: ['ClusterRole', 'ClusterRoleBinding', 'Namespace'],
            clusterObjects: ['ClusterRole/consul-auth', 'ClusterRole/consul-sync', 'ClusterRoleBinding/consul-sync', 'Namespace/consul-dev'],
          },
        ],
      ]),
    );
  });
});
