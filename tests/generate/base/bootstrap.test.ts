/** The bootstrap hook Jobs (gossip key, TLS, ACLs): when Argo CD runs them, what they run, and what they may touch. */
import { describe, expect, it } from 'vitest';
import { gossipJob, hooked, serverAclInitJob, tlsInitJob } from '../../../tools/src/generate/base/bootstrap.js';
import { CA_MOUNT, CA_VOLUME, CONTAINER_SECURITY, envOf, objectLabels, POD_SECURITY, selector, settingsOf, TMP_MOUNT, TMP_VOLUME, type Json } from './fixture.js';

const PRE_SYNC = { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded' };
const ACL_BOOTSTRAP = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
  'argocd.argoproj.io/sync-wave': '1',
};
const LOG = ['-log-level=info', '-log-json=false'];

/** The objects a hook Job comes with, all annotated as the hook: ServiceAccount, Role, RoleBinding, Job. */
function expectHookObjects(objects: Json[], name: string, component: string, annotations: Record<string, string>, rules: unknown[]): Json {
  const metadata = { name, labels: objectLabels(component), annotations };
  expect(objects.map((object) => object.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'Job']);
  for (const object of objects) expect(object.metadata).toEqual(metadata);
  expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: true, metadata });
  expect(objects[1]).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules });
  expect(objects[2]).toEqual({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name }],
  });
  const job = objects[3] as Json;
  expect(job.apiVersion).toBe('batch/v1');
  expect(job.spec.backoffLimit).toBe(6);
  expect(job.spec.template.metadata).toEqual({ labels: selector(component) });
  const pod = job.spec.template.spec;
  expect(pod).toMatchObject({ automountServiceAccountToken: true, restartPolicy: 'Never', securityContext: POD_SECURITY, serviceAccountName: name });
  expect(pod.containers).toHaveLength(1);
  expect(pod.containers[0]).toMatchObject({
    command: ['consul-k8s-control-plane'],
    image: 'hashicorp/consul-k8s-control-plane:1.9.11',
    imagePullPolicy: 'IfNotPresent',
    resources: { limits: { cpu: '50m', memory: '50Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
    securityContext: CONTAINER_SECURITY,
  });
  return pod;
}
const secretRule = (verb: string, names?: string[]) => ({ apiGroups: [''], ...(names ? { resourceNames: names } : {}), resources: ['secrets'], verbs: [verb] });
const NAMESPACE_ENV = [['NAMESPACE', { fieldRef: { fieldPath: 'metadata.namespace' } }]];

describe('gossipJob', () => {
  it('before the sync, creates the gossip key Secret when absent: create secrets, get only that one', () => {
    const objects: Json[] = gossipJob(settingsOf());
    const pod = expectHookObjects(objects, 'consul-gossip-encryption-autogenerate', 'gossip-encryption-autogenerate', PRE_SYNC, [
      secretRule('create'),
      secretRule('get', ['consul-gossip-encryption-key']),
    ]);
    expect(pod.containers[0].name).toBe('gossip-encryption-autogen');
    expect(pod.containers[0].args).toEqual([
      'gossip-encryption-autogenerate',
      '-namespace=$(NAMESPACE)',
      '-secret-name=consul-gossip-encryption-key',
      '-secret-key=key',
      ...LOG,
    ]);
    expect(envOf(pod.containers[0].env)).toEqual(NAMESPACE_ENV);
    expect(pod.containers[0].volumeMounts).toEqual([TMP_MOUNT]);
    expect(pod.volumes).toEqual([TMP_VOLUME]);
    expect(pod.containers[0]).not.toHaveProperty('workingDir');
  });
});

describe('tlsInitJob', () => {
  it('before the sync, keeps or creates the CA and issues the server certificate for its Service and datacenter names', () => {
    const objects: Json[] = tlsInitJob(settingsOf({ datacenter: 'dc-west' }));
    const pod = expectHookObjects(objects, 'consul-tls-init', 'tls-init', PRE_SYNC, [
      secretRule('create'),
      secretRule('get', ['consul-ca-cert', 'consul-ca-key', 'consul-server-cert']),
      secretRule('update', ['consul-server-cert']),
    ]);
    const tls = pod.containers[0];
    expect(tls.name).toBe('tls-init');
    expect(tls.workingDir).toBe('/tmp');
    expect(tls.args).toEqual([
      'tls-init',
      ...LOG,
      '-domain=consul',
      '-days=730',
      '-name-prefix=consul',
      '-k8s-namespace=$(NAMESPACE)',
      '-additional-dnsname=consul-server',
      '-additional-dnsname=*.consul-server',
      '-additional-dnsname=*.consul-server.$(NAMESPACE)',
      '-additional-dnsname=consul-server.$(NAMESPACE)',
      '-additional-dnsname=*.consul-server.$(NAMESPACE).svc',
      '-additional-dnsname=consul-server.$(NAMESPACE).svc',
      '-additional-dnsname=*.server.dc-west.consul',
      '-dc=dc-west',
    ]);
    expect(envOf(tls.env)).toEqual(NAMESPACE_ENV);
    // It makes the CA: it does not mount one.
    expect(tls.volumeMounts).toEqual([TMP_MOUNT]);
    expect(pod.volumes).toEqual([TMP_VOLUME]);
  });
});

describe('serverAclInitJob', () => {
  it('in wave 1 of the sync, bootstraps ACLs, server tokens, the auth method for clients and catalog sync, and DNS', () => {
    const objects: Json[] = serverAclInitJob(settingsOf());
    const pod = expectHookObjects(objects, 'consul-server-acl-init', 'server-acl-init', ACL_BOOTSTRAP, [
      secretRule('create'),
      secretRule('get', ['consul-bootstrap-acl-token', 'consul-auth-method']),
      { apiGroups: [''], resourceNames: ['consul-auth-method'], resources: ['serviceaccounts'], verbs: ['get'] },
    ]);
    const init = pod.containers[0];
    expect(init.name).toBe('server-acl-init-job');
    expect(init.args).toEqual([
      'server-acl-init',
      ...LOG,
      '-resource-prefix=consul',
      '-k8s-namespace=$(NAMESPACE)',
      '-set-server-tokens=true',
      '-secrets-backend=kubernetes',
      '-client=true',
      '-sync-catalog=true',
      '-allow-dns=true',
    ]);
    const env = Object.fromEntries(envOf(init.env));
    expect(env).toMatchObject({ CONSUL_DATACENTER: 'dc-east', CONSUL_USE_TLS: 'true' });
    expect(env).not.toHaveProperty('CONSUL_LOGIN_AUTH_METHOD');
    expect(init.volumeMounts).toEqual([CA_MOUNT, TMP_MOUNT]);
    expect(pod.volumes).toEqual([CA_VOLUME, TMP_VOLUME]);
  });

  it('without TLS, talks HTTP and mounts no CA', () => {
    const pod = (serverAclInitJob(settingsOf({ security: { tls: false } }))[3] as Json).spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([TMP_MOUNT]);
    expect(pod.volumes).toEqual([TMP_VOLUME]);
    expect(pod.containers[0].env).toContainEqual({ name: 'CONSUL_HTTP_PORT', value: '8500' });
  });
});

describe('hooked', () => {
  it('adds the hook annotations to those the object has, and the wave only when it is not 0', () => {
    const object = { kind: 'Job', metadata: { name: 'x', annotations: { keep: 'me' } } };
    expect(hooked(object, { phase: 'PostSync', wave: 0 })).toEqual({
      kind: 'Job',
      metadata: {
        name: 'x',
        annotations: { keep: 'me', 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded' },
      },
    });
    expect(hooked({ metadata: { name: 'y' } }, { phase: 'Sync', wave: 2 })).toEqual({
      metadata: {
        name: 'y',
        annotations: {
          'argocd.argoproj.io/hook': 'Sync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
          'argocd.argoproj.io/sync-wave': '2',
        },
      },
    });
    expect(object.metadata.annotations).toEqual({ keep: 'me' });
  });
});
