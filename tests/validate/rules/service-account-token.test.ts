/** service-account-token: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/service-account-token/). */
import { describe, expect, it } from 'vitest';
import { serviceAccountToken } from '../../../tools/src/validate/rules/service-account-token.js';
import { found, object, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const SAFE = { allowPrivilegeEscalation: false };
const container = (extra: Body = {}): Body => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', securityContext: SAFE, ...extra });

describe('service-account-token', () => {
  const pod = (extra: Body = {}): Body => ({ containers: [container()], ...extra });
  const server = (extra: Body = {}) => workload('StatefulSet', 'consul-server', pod(extra));
  const sync = (extra: Body = {}) => workload('Deployment', 'consul-sync-catalog', pod(extra));
  const account = (name: string, automount: unknown) => object('v1', 'ServiceAccount', name, { automountServiceAccountToken: automount });
  const POD = '/spec/template/spec/automountServiceAccountToken';

  it('an agent mounts a token it never uses: from the default, its ServiceAccount or the pod spec', () => {
    expect(found(serviceAccountToken, [server()])).toEqual([
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${POD}`,
        message: 'consul-server mounts a Kubernetes API token (from the default (true)) it never uses',
      },
    ]);
    expect(found(serviceAccountToken, [server({ serviceAccountName: 'consul-server' }), account('consul-server', true)])).toEqual([
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${POD}`,
        message: 'consul-server mounts a Kubernetes API token (from ServiceAccount consul-server) it never uses',
      },
    ]);
    expect(
      found(serviceAccountToken, [
        server({ automountServiceAccountToken: true, serviceAccountName: 'consul-server' }),
        account('consul-server', false),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${POD}`,
        message: 'consul-server mounts a Kubernetes API token (from the pod spec) it never uses',
      },
    ]);
  });

  it('an agent without a token passes, from its pod spec or its ServiceAccount (the default account too)', () => {
    expect(found(serviceAccountToken, [server({ automountServiceAccountToken: false })])).toEqual([]);
    expect(found(serviceAccountToken, [server({ serviceAccountName: 'consul-server' }), account('consul-server', false)])).toEqual([]);
    expect(found(serviceAccountToken, [server(), account('default', false)])).toEqual([]);
  });

  it('catalog sync and the bootstrap Jobs need their token', () => {
    expect(found(serviceAccountToken, [sync({ automountServiceAccountToken: false })])).toEqual([
      {
        severity: 'error',
        at: `Deployment/consul-sync-catalog ${POD}`,
        message: 'consul-sync-catalog mounts no Kubernetes API token (from the pod spec): it cannot call the Kubernetes API',
      },
    ]);
    expect(found(serviceAccountToken, [sync({ serviceAccountName: 'sync' }), account('sync', false)])).toEqual([
      {
        severity: 'error',
        at: `Deployment/consul-sync-catalog ${POD}`,
        message: 'consul-sync-catalog mounts no Kubernetes API token (from ServiceAccount sync): it cannot call the Kubernetes API',
      },
    ]);
    expect(found(serviceAccountToken, [sync()])).toEqual([]);
    for (const job of ['consul-gossip-encryption-autogenerate', 'consul-tls-init', 'consul-server-acl-init']) {
      expect(
        found(serviceAccountToken, [workload('Job', job, pod({ automountServiceAccountToken: false }))]).map((finding) => finding.at),
      ).toEqual([`Job/${job} ${POD}`]);
    }
  });

  it('a projected token mounted in an agent container is an error; in an init container it is not', () => {
    const volumes = [
      { name: 'token', projected: { sources: [{ configMap: { name: 'ca' } }, { serviceAccountToken: { path: 'token' } }] } },
      { name: 'config', projected: { sources: [{ configMap: { name: 'c' } }] } },
    ];
    const mounts = [
      { name: 'config', mountPath: '/c' },
      { name: 'token', mountPath: '/t' },
    ];
    const client = (init: boolean) =>
      workload('DaemonSet', 'consul-client', {
        automountServiceAccountToken: false,
        volumes,
        ...(init
          ? { initContainers: [container({ name: 'acl-init', volumeMounts: mounts })], containers: [container()] }
          : { containers: [container({ volumeMounts: mounts })] }),
      });
    expect(found(serviceAccountToken, [client(false)])).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/volumeMounts/1',
        message:
          'container consul of consul-client mounts a projected service-account token (volume token): only an init container that logs in may',
      },
    ]);
    expect(found(serviceAccountToken, [client(true)])).toEqual([]);
    const syncWithToken = workload('Deployment', 'consul-sync-catalog', { volumes, containers: [container({ volumeMounts: mounts })] });
    expect(found(serviceAccountToken, [syncWithToken])).toEqual([]);
  });

  it('workloads with other names, or a kind the component is not, are not checked', () => {
    expect(found(serviceAccountToken, [workload('StatefulSet', 'other', pod()), workload('Deployment', 'consul-server', pod())])).toEqual(
      [],
    );
  });
});

describeRuleFixtures('service-account-token');
