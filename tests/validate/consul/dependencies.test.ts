/**
 * tools/src/validate/consul/dependencies.ts: what a rendered object needs (Secrets, ConfigMaps, service
 * accounts, claims, Services, roles, the auth method), where in it, and who else provides things: Kubernetes'
 * built-ins and what the bootstrap Jobs create.
 */
import { describe, expect, it } from 'vitest';
import { builtinProvider, jobProducts, needKey, needsOf, serviceOfAddress } from '../../../tools/src/validate/consul/dependencies.js';
import { command, object, workload, type Body } from '../../helpers/inline-rules.js';

describe('needKey', () => {
  it('is kind/name', () => {
    expect(needKey('Secret', 'consul-gossip')).toBe('Secret/consul-gossip');
  });
});

describe('builtinProvider', () => {
  it('provides the default service account, the root CA ConfigMap and the built-in cluster roles', () => {
    expect(builtinProvider('ServiceAccount', 'default')).toEqual({ kind: 'ServiceAccount', name: 'default', how: 'builtin' });
    expect(builtinProvider('ConfigMap', 'kube-root-ca.crt')).toEqual({ kind: 'ConfigMap', name: 'kube-root-ca.crt', how: 'builtin' });
    for (const role of ['system:auth-delegator', 'cluster-admin', 'admin', 'edit', 'view'])
      expect(builtinProvider('ClusterRole', role)).toEqual({ kind: 'ClusterRole', name: role, how: 'builtin' });
  });

  it('provides nothing else: other names, or the same names of another kind', () => {
    expect(builtinProvider('ServiceAccount', 'consul-server')).toBeUndefined();
    expect(builtinProvider('ConfigMap', 'consul-config')).toBeUndefined();
    expect(builtinProvider('ClusterRole', 'viewer')).toBeUndefined();
    expect(builtinProvider('ClusterRole', 'my-admin')).toBeUndefined();
    expect(builtinProvider('ClusterRole', 'consul-system:x')).toBeUndefined();
    expect(builtinProvider('Role', 'admin')).toBeUndefined();
    expect(builtinProvider('Secret', 'default')).toBeUndefined();
    expect(builtinProvider('Secret', 'kube-root-ca.crt')).toBeUndefined();
    expect(builtinProvider('ServiceAccount', 'view')).toBeUndefined();
  });
});

describe('serviceOfAddress', () => {
  it.each([
    ['consul-server', 'consul-server'],
    ['consul-server:8502', 'consul-server'],
    ['consul-server.consul', 'consul-server'],
    ['consul-server.consul.svc', 'consul-server'],
    ['consul-server.consul.svc.cluster.local', 'consul-server'],
    ['consul-server.consul.svc.cluster.local:8501', 'consul-server'],
    ['https://consul-server.consul.svc:8501/v1', 'consul-server'],
    ['consul-server.$(NAMESPACE).svc', 'consul-server'],
  ])('%s is the Service %s', (address, service) => {
    expect(serviceOfAddress(address)).toBe(service);
  });

  it.each([
    '',
    ':8500',
    '10.0.0.1',
    '10.0.0.1:8500',
    'consul.example.com',
    'consul-server.consul.svc.other.domain',
    'consul-server.consul.svc.cluster.local.evil',
    'a.b.c',
    'exec=/bin/discover',
    'provider=aws tag_key=consul',
    '$(HOST_IP)',
    '${CONSUL_SERVER}',
    '[::1]:8500',
    'https://[fd00::1]:8501',
  ])('%j is outside the render', (address) => {
    expect(serviceOfAddress(address)).toBeUndefined();
  });
});

const need = (kind: string, name: string, path: string, optional = false, blocking = true) => ({ kind, name, path, optional, blocking });

describe('needsOf', () => {
  it('a role binding needs its Role or ClusterRole, not blocking', () => {
    const binding = (kind: string, roleRef: Body) => object('rbac.authorization.k8s.io/v1', kind, 'b', { roleRef });
    expect(needsOf(binding('RoleBinding', { kind: 'Role', name: 'r' }))).toEqual([need('Role', 'r', '/roleRef/name', false, false)]);
    expect(needsOf(binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'c' }))).toEqual([
      need('ClusterRole', 'c', '/roleRef/name', false, false),
    ]);
    expect(needsOf(binding('RoleBinding', { kind: 'ClusterRole', name: 'c' }))).toEqual([
      need('ClusterRole', 'c', '/roleRef/name', false, false),
    ]);
    expect(needsOf(binding('RoleBinding', { kind: 'Group', name: 'g' }))).toEqual([]);
    expect(needsOf(binding('RoleBinding', { kind: 'Role' }))).toEqual([]);
  });

  it('a service-account token Secret needs its service account', () => {
    const token = (annotations: Body, type = 'kubernetes.io/service-account-token') =>
      object('v1', 'Secret', 't', { type, metadata: { name: 't', annotations } });
    expect(needsOf(token({ 'kubernetes.io/service-account.name': 'consul-server' }))).toEqual([
      need('ServiceAccount', 'consul-server', '/metadata/annotations'),
    ]);
    expect(needsOf(token({}))).toEqual([]);
    expect(needsOf(token({ 'kubernetes.io/service-account.name': 'consul-server' }, 'Opaque'))).toEqual([]);
    // only a Secret: a pod of another kind with the same fields needs what its pod needs
    const pod = workload('Pod', 'p', { serviceAccountName: 'sa' });
    Object.assign(pod.object, { type: 'kubernetes.io/service-account-token' });
    (pod.object.metadata as Body).annotations = { 'kubernetes.io/service-account.name': 'consul-server' };
    expect(needsOf(pod)).toEqual([need('ServiceAccount', 'sa', '/spec/serviceAccountName')]);
  });

  it('a Secret, a Service or a ConfigMap needs nothing', () => {
    expect(needsOf(object('v1', 'Service', 's', { spec: { ports: [] } }))).toEqual([]);
    expect(needsOf(object('v1', 'ConfigMap', 'c', { data: {} }))).toEqual([]);
  });

  it('a pod needs its service account: serviceAccountName, else serviceAccount, else default', () => {
    expect(needsOf(workload('Deployment', 'd', { containers: [] }))).toEqual([
      need('ServiceAccount', 'default', '/spec/template/spec/serviceAccountName'),
    ]);
    expect(needsOf(workload('Deployment', 'd', { serviceAccount: 'old' }))).toEqual([
      need('ServiceAccount', 'old', '/spec/template/spec/serviceAccountName'),
    ]);
    expect(needsOf(workload('Deployment', 'd', { serviceAccount: 'old', serviceAccountName: 'new' }))).toEqual([
      need('ServiceAccount', 'new', '/spec/template/spec/serviceAccountName'),
    ]);
    expect(needsOf(workload('Pod', 'p', { serviceAccountName: 'sa' }))).toEqual([need('ServiceAccount', 'sa', '/spec/serviceAccountName')]);
  });

  it('a pod needs the Secrets, ConfigMaps and claims of its volumes, projected ones too, optional as declared', () => {
    const volumes = [
      { name: 'a', secret: { secretName: 'tls', optional: true } },
      { name: 'b', configMap: { name: 'config' } },
      { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
      {
        name: 'd',
        projected: {
          sources: [
            { secret: { name: 'ca', optional: true } },
            { configMap: { name: 'bundle', optional: true } },
            { serviceAccountToken: { path: 'token' } },
            { configMap: { name: 'extra' } },
          ],
        },
      },
      { name: 'e', emptyDir: {} },
      { name: 'f', secret: { secretName: '' } },
      { name: 'g', configMap: { name: 5 } },
      { name: 'h', secret: { secretName: 'string-optional', optional: 'true' } },
      { name: 'i', configMap: { name: 'optional-config', optional: true } },
    ];
    expect(needsOf(workload('StatefulSet', 's', { serviceAccountName: 'sa', volumes }))).toEqual([
      need('ServiceAccount', 'sa', '/spec/template/spec/serviceAccountName'),
      need('Secret', 'tls', '/spec/template/spec/volumes/0/secret/secretName', true),
      need('ConfigMap', 'config', '/spec/template/spec/volumes/1/configMap/name'),
      need('PersistentVolumeClaim', 'data', '/spec/template/spec/volumes/2/persistentVolumeClaim/claimName'),
      need('Secret', 'ca', '/spec/template/spec/volumes/3/projected/sources/0/secret/name', true),
      need('ConfigMap', 'bundle', '/spec/template/spec/volumes/3/projected/sources/1/configMap/name', true),
      need('ConfigMap', 'extra', '/spec/template/spec/volumes/3/projected/sources/3/configMap/name'),
      need('Secret', 'string-optional', '/spec/template/spec/volumes/7/secret/secretName'),
      need('ConfigMap', 'optional-config', '/spec/template/spec/volumes/8/configMap/name', true),
    ]);
  });

  it("a pod needs what its containers' env and envFrom read, init containers first", () => {
    const pod = {
      serviceAccountName: 'sa',
      initContainers: [
        { name: 'i', envFrom: [{ secretRef: { name: 'init-env', optional: true } }, { configMapRef: { name: 'init-config' } }] },
      ],
      containers: [
        {
          name: 'c',
          env: [
            { name: 'A', value: 'x' },
            { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'k', optional: true } } },
            { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'levels', key: 'k' } } },
            { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'MAYBE', valueFrom: { configMapKeyRef: { name: 'maybe', key: 'k', optional: true } } },
          ],
          envFrom: [{ configMapRef: { name: 'env', optional: true } }],
        },
      ],
    };
    expect(needsOf(workload('Deployment', 'd', pod))).toEqual([
      need('ServiceAccount', 'sa', '/spec/template/spec/serviceAccountName'),
      need('Secret', 'init-env', '/spec/template/spec/initContainers/0/envFrom/0/secretRef/name', true),
      need('ConfigMap', 'init-config', '/spec/template/spec/initContainers/0/envFrom/1/configMapRef/name'),
      need('Secret', 'token', '/spec/template/spec/containers/0/env/1/valueFrom/secretKeyRef/name', true),
      need('ConfigMap', 'levels', '/spec/template/spec/containers/0/env/2/valueFrom/configMapKeyRef/name'),
      need('ConfigMap', 'maybe', '/spec/template/spec/containers/0/env/4/valueFrom/configMapKeyRef/name', true),
      need('ConfigMap', 'env', '/spec/template/spec/containers/0/envFrom/0/configMapRef/name', true),
    ]);
  });

  it('a control-plane pod needs the server Service its CONSUL_ADDRESSES names, and the auth method it logs in with', () => {
    const env = [
      { name: 'CONSUL_ADDRESSES', value: 'consul-server.consul.svc' },
      { name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'consul-k8s-component-auth-method' },
    ];
    expect(needsOf(workload('Deployment', 'd', { serviceAccountName: 'sa', containers: [{ name: 'c', env }] }))).toEqual([
      need('ServiceAccount', 'sa', '/spec/template/spec/serviceAccountName'),
      need('Service', 'consul-server', '/spec/template/spec/containers/0/env/0/value'),
      need('AuthMethod', 'consul-k8s-component-auth-method', '/spec/template/spec/containers/0/env/1/value'),
    ]);
  });

  it('needs no Service for an address outside the render or not literal, and no auth method for an empty or non-literal one', () => {
    const env = [
      { name: 'CONSUL_ADDRESSES', value: '10.0.0.1' },
      { name: 'CONSUL_ADDRESSES', valueFrom: { configMapKeyRef: { name: 'addresses', key: 'k' } } },
      { name: 'CONSUL_LOGIN_AUTH_METHOD', value: '' },
      { name: 'CONSUL_LOGIN_AUTH_METHOD', valueFrom: { secretKeyRef: { name: 'method', key: 'k' } } },
      { name: 'OTHER', value: 'consul-server' },
    ];
    expect(needsOf(workload('Deployment', 'd', { serviceAccountName: 'sa', containers: [{ name: 'c', env }] }))).toEqual([
      need('ServiceAccount', 'sa', '/spec/template/spec/serviceAccountName'),
      need('ConfigMap', 'addresses', '/spec/template/spec/containers/0/env/1/valueFrom/configMapKeyRef/name'),
      need('Secret', 'method', '/spec/template/spec/containers/0/env/3/valueFrom/secretKeyRef/name'),
    ]);
  });

  it('reads the pod of a CronJob', () => {
    const cron = object('batch/v1', 'CronJob', 'backup', {
      spec: { jobTemplate: { spec: { template: { spec: { serviceAccountName: 'backup', containers: [] } } } } },
    });
    expect(needsOf(cron)).toEqual([need('ServiceAccount', 'backup', '/spec/jobTemplate/spec/template/spec/serviceAccountName')]);
  });
});

const products = (args: string[]) => jobProducts(command(args)).map(({ kind, name, how }) => `${how} ${kind}/${name}`);

describe('jobProducts', () => {
  it('gossip-encryption-autogenerate creates the Secret its -secret-name names', () => {
    expect(products(['gossip-encryption-autogenerate', '-secret-name=consul-gossip'])).toEqual(['job Secret/consul-gossip']);
    expect(products(['gossip-encryption-autogenerate', '--secret-name=a', '-secret-name=b'])).toEqual(['job Secret/b']);
    expect(products(['gossip-encryption-autogenerate'])).toEqual([]);
    expect(products(['gossip-encryption-autogenerate', '-secret-name='])).toEqual([]);
  });

  it('tls-init creates the CA Secrets unless given a CA, and the server certificate Secret', () => {
    expect(products(['tls-init', '-name-prefix=consul'])).toEqual([
      'job Secret/consul-ca-cert',
      'job Secret/consul-ca-key',
      'job Secret/consul-server-cert',
    ]);
    expect(products(['tls-init', '-name-prefix=consul', '-ca=/consul/tls/ca.crt'])).toEqual(['job Secret/consul-server-cert']);
    expect(products(['tls-init'])).toEqual([]);
  });

  it('server-acl-init creates the bootstrap token Secret and the component auth method', () => {
    expect(products(['server-acl-init', '-resource-prefix=consul'])).toEqual([
      'job Secret/consul-bootstrap-acl-token',
      'job AuthMethod/consul-k8s-component-auth-method',
    ]);
    expect(products(['server-acl-init', '-resource-prefix=consul', '-bootstrap-token-secret-name=bootstrap'])).toEqual([
      'job Secret/bootstrap',
      'job AuthMethod/consul-k8s-component-auth-method',
    ]);
    expect(products(['server-acl-init', '-bootstrap-token-secret-name=bootstrap'])).toEqual(['job Secret/bootstrap']);
    expect(products(['server-acl-init'])).toEqual([]);
  });

  it('reads only -name=value words, not a flag name that merely starts the same', () => {
    expect(products(['gossip-encryption-autogenerate', '-secret-name-x=a'])).toEqual([]);
    expect(products(['tls-init', '-name-prefix=consul', '-ca-file=x'])).toHaveLength(3);
  });

  it('other subcommands create nothing', () => {
    expect(products(['acl-init', '-secret-name=x', '-resource-prefix=consul'])).toEqual([]);
  });

  it('names the Job as the creator', () => {
    const job = command(['gossip-encryption-autogenerate', '-secret-name=g']);
    expect(jobProducts(job)).toEqual([{ kind: 'Secret', name: 'g', how: 'job', resource: job }]);
  });
});
