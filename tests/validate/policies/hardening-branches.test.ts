/**
 * Every branch of the hardening rules on inline objects (no kustomize build): image-pinned, pod-non-root,
 * no-privileged, rbac-no-wildcard and service-account-token. Each failing case states its finding.
 */
import { describe, expect, it } from 'vitest';
import { noPrivileged } from '../../../tools/src/validate/rules/no-privileged.js';
import { podNonRoot } from '../../../tools/src/validate/rules/pod-non-root.js';
import { rbacNoWildcard } from '../../../tools/src/validate/rules/rbac-no-wildcard.js';
import { serviceAccountToken } from '../../../tools/src/validate/rules/service-account-token.js';
import { imagePinned } from '../../../tools/src/validate/rules/image-pinned.js';
import { found, object, tierSpec, workload, type Body } from './inline.js';

const SAFE = { allowPrivilegeEscalation: false };
const container = (extra: Body = {}): Body => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', securityContext: SAFE, ...extra });
const deployment = (pod: Body) => workload('Deployment', 'app', pod);
const CONTAINER = 'Deployment/app /spec/template/spec/containers/0';

describe('image-pinned', () => {
  const image = (value: unknown, tier: 'development' | 'production' = 'development') =>
    found(imagePinned, [deployment({ containers: [container({ image: value })] })], tierSpec(tier));

  it.each([
    ['latest', 'hashicorp/consul:latest', 'image hashicorp/consul:latest is not pinned: latest moves'],
    ['no tag', 'hashicorp/consul', 'image hashicorp/consul is not pinned: no tag means latest'],
    ['a bare name', 'consul', 'image consul is not pinned: no tag means latest'],
    ['a registry port is not a tag', 'registry:5000/consul', 'image registry:5000/consul is not pinned: no tag means latest'],
    ['a registry port and latest', 'registry:5000/consul:latest', 'image registry:5000/consul:latest is not pinned: latest moves'],
  ])('%s is an error', (_name, value, message) => {
    expect(image(value)).toEqual([{ severity: 'error', at: `${CONTAINER}/image`, message }]);
  });

  it.each([
    ['a tag', 'hashicorp/consul:1.22.7'],
    ['a registry port and a tag', 'registry:5000/consul:1.22.7'],
    ['a digest only', 'hashicorp/consul@sha256:0123'],
  ])('%s passes outside production', (_name, value) => {
    expect(image(value)).toEqual([]);
  });

  it('a tag without a digest is a warning in production; a digest passes there', () => {
    expect(image('registry:5000/consul:1.22.7', 'production')).toEqual([
      {
        severity: 'warning',
        at: `${CONTAINER}/image`,
        message: 'image registry:5000/consul:1.22.7 has a tag but no digest in production: a re-pushed tag changes what runs',
      },
    ]);
    expect(image('registry:5000/consul:1.22.7@sha256:0123', 'production')).toEqual([]);
    expect(image('consul@sha256:0123', 'production')).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 7],
  ])('an image that is %s is an error naming the container', (_name, value) => {
    expect(image(value)).toEqual([{ severity: 'error', at: `${CONTAINER}/image`, message: 'container consul has no image' }]);
  });
});

describe('pod-non-root', () => {
  const check = (pod: Body) => found(podNonRoot, [deployment(pod)]);

  it('runAsNonRoot on the pod covers its containers', () => {
    expect(check({ securityContext: { runAsNonRoot: true }, containers: [container()] })).toEqual([]);
    expect(check({ containers: [container({ securityContext: { ...SAFE, runAsNonRoot: true } })] })).toEqual([]);
  });

  it('pod-level runAsUser 0 is root even with runAsNonRoot', () => {
    expect(check({ securityContext: { runAsNonRoot: true, runAsUser: 0 }, containers: [container()] })).toEqual([
      { severity: 'error', at: 'Deployment/app /spec/template/spec/securityContext/runAsUser', message: 'the pod runs as user 0 (root)' },
    ]);
    expect(check({ securityContext: { runAsNonRoot: true, runAsUser: 1000 }, containers: [container()] })).toEqual([]);
  });

  it('container runAsUser 0 is root', () => {
    expect(
      check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: { ...SAFE, runAsUser: 0 } })] }),
    ).toEqual([{ severity: 'error', at: `${CONTAINER}/securityContext/runAsUser`, message: 'container consul runs as user 0 (root)' }]);
  });

  it('runAsNonRoot unset everywhere, or false on the container, may run as root', () => {
    expect(check({ containers: [container()] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is not set on the container or the pod',
      },
    ]);
    expect(
      check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: { ...SAFE, runAsNonRoot: false } })] }),
    ).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is false on the container',
      },
    ]);
    expect(check({ securityContext: { runAsNonRoot: false }, containers: [container({ securityContext: SAFE })] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/runAsNonRoot`,
        message: 'container consul may run as root: runAsNonRoot is not set on the container or the pod',
      },
    ]);
  });

  it.each([
    ['unset', {}],
    ['true', { allowPrivilegeEscalation: true }],
  ])('allowPrivilegeEscalation %s is an error', (_name, security) => {
    expect(check({ securityContext: { runAsNonRoot: true }, containers: [container({ securityContext: security })] })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/allowPrivilegeEscalation`,
        message: 'container consul does not set allowPrivilegeEscalation: false (it defaults to true)',
      },
    ]);
  });

  it('init containers, unnamed containers, CronJobs and bare Pods are checked at their own pointers', () => {
    expect(
      check({
        securityContext: { runAsNonRoot: true },
        initContainers: [{ securityContext: { runAsUser: 0, allowPrivilegeEscalation: false } }],
        containers: [container()],
      }),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/app /spec/template/spec/initContainers/0/securityContext/runAsUser',
        message: 'container (unnamed) runs as user 0 (root)',
      },
    ]);
    const cron = object('batch/v1', 'CronJob', 'job', {
      spec: { jobTemplate: { spec: { template: { spec: { securityContext: { runAsUser: 0, runAsNonRoot: true } } } } } },
    });
    expect(found(podNonRoot, [cron])).toEqual([
      {
        severity: 'error',
        at: 'CronJob/job /spec/jobTemplate/spec/template/spec/securityContext/runAsUser',
        message: 'the pod runs as user 0 (root)',
      },
    ]);
    expect(found(podNonRoot, [workload('Pod', 'pod', { securityContext: { runAsUser: 0, runAsNonRoot: true } })])).toEqual([
      { severity: 'error', at: 'Pod/pod /spec/securityContext/runAsUser', message: 'the pod runs as user 0 (root)' },
    ]);
  });

  it('objects without a pod template are not checked', () => {
    expect(
      found(podNonRoot, [object('v1', 'ConfigMap', 'c', { spec: { template: { spec: { securityContext: { runAsUser: 0 } } } } })]),
    ).toEqual([]);
  });
});

describe('no-privileged', () => {
  const check = (security: Body) => found(noPrivileged, [deployment({ containers: [container({ securityContext: security })] })]);

  it('privileged: true is an error; false is fine', () => {
    expect(check({ privileged: true })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/privileged`,
        message: "container consul is privileged: it has every capability and access to the node's devices",
      },
    ]);
    expect(check({ privileged: false })).toEqual([]);
  });

  it.each([
    ['NET_ADMIN', 'NET_ADMIN'],
    ['the CAP_ prefix', 'CAP_SYS_ADMIN'],
    ['lower case', 'sys_admin'],
    ['lower case with the prefix', 'cap_net_raw'],
    ['ALL', 'ALL'],
    ['CAP_ inside the name (only a prefix is dropped)', 'NET_BIND_CAP_SERVICE'],
  ])('an added capability is an error: %s', (_name, capability) => {
    expect(check({ capabilities: { add: ['NET_BIND_SERVICE', capability] } })).toEqual([
      {
        severity: 'error',
        at: `${CONTAINER}/securityContext/capabilities/add/1`,
        message: `container consul adds capability ${capability} (allowed: NET_BIND_SERVICE)`,
      },
    ]);
  });

  it.each(['NET_BIND_SERVICE', 'CAP_NET_BIND_SERVICE', 'net_bind_service', 'cap_net_bind_service'])('%s may be added', (capability) => {
    expect(check({ capabilities: { add: [capability], drop: ['ALL'] } })).toEqual([]);
  });

  it('init containers are checked too', () => {
    expect(
      found(noPrivileged, [
        deployment({ initContainers: [container({ name: 'init', securityContext: { privileged: true } })], containers: [container()] }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/app /spec/template/spec/initContainers/0/securityContext/privileged',
        message: "container init is privileged: it has every capability and access to the node's devices",
      },
    ]);
  });
});

describe('rbac-no-wildcard', () => {
  const role = (kind: string, rules: Body[]) => object('rbac.authorization.k8s.io/v1', kind, 'r', { rules });
  const named = { apiGroups: [''], resources: ['services'], verbs: ['get'] };

  it.each([
    ['apiGroups', { ...named, apiGroups: ['*'] }, '["*"]'],
    ['resources', { ...named, resources: ['services', '*'] }, '["services","*"]'],
    ['resources', { ...named, resources: ['pods/*'] }, '["pods/*"]'],
    ['verbs', { ...named, verbs: ['*'] }, '["*"]'],
    ['nonResourceURLs', { verbs: ['get'], nonResourceURLs: ['*'] }, '["*"]'],
  ])('a wildcard in %s (%s)', (field, rule, values) => {
    for (const kind of ['Role', 'ClusterRole']) {
      expect(found(rbacNoWildcard, [role(kind, [named, rule])])).toEqual([
        { severity: 'error', at: `${kind}/r /rules/1/${field}`, message: `${kind} r rule 1 grants ${field} ${values}: name them` },
      ]);
    }
  });

  it('named resources, subresources and URLs pass; other kinds are not read', () => {
    expect(
      found(rbacNoWildcard, [
        role('ClusterRole', [named, { ...named, resources: ['pods/log', 'pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz/*'] }]),
      ]),
    ).toEqual([]);
    expect(found(rbacNoWildcard, [object('v1', 'ConfigMap', 'r', { rules: [{ verbs: ['*'] }] })])).toEqual([]);
  });

  it('a wildcard in resources of the form pods/* is only a wildcard in resources', () => {
    expect(found(rbacNoWildcard, [role('Role', [{ ...named, verbs: ['get/*'], apiGroups: ['x/*'] }])])).toEqual([]);
  });
});

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
