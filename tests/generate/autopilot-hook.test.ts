/**
 * The autopilot hook as the generator builds it, field by field, for given spec inputs: what it
 * applies (the quorum of the server count), when Argo CD runs it, how it gets its token, and what it
 * may do in Kubernetes (nothing).
 */
import { describe, expect, it } from 'vitest';
import { autopilotObjects } from '../../tools/src/generate/base/autopilot.js';
import { baseSettings, type DatacenterSettings } from '../../tools/src/generate/base/settings.js';
import { datacenterObjects } from '../../tools/src/generate/base/index.js';

type Json = Record<string, any>;
const defaults = baseSettings({
  defaults: { images: { consul: 'hashicorp/consul:1.22.7', controlPlane: 'hashicorp/consul-k8s-control-plane:1.9.11' } },
});
const settings = (servers: number, security: Partial<DatacenterSettings['security']> = {}): DatacenterSettings => ({
  ...defaults,
  servers,
  security: { ...defaults.security, ...security },
});
const byName = (objects: Json[], kind: string, name: string): Json => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not generated`);
  return found;
};
const script = (job: Json): string => job.spec.template.spec.containers[0].command[2];
const env = (job: Json): Record<string, unknown> =>
  Object.fromEntries(job.spec.template.spec.containers[0].env.map((entry: Json) => [entry.name, entry.value ?? entry.valueFrom]));

describe('autopilot hook', () => {
  it.each([
    [1, 1],
    [3, 2],
    [5, 3],
    [7, 4],
    [9, 5],
  ])(
    '%i servers: the PostSync Job applies min_quorum %i and cleanup of dead servers, as the server ConfigMap states',
    (servers, quorum) => {
      const files = datacenterObjects(settings(servers)) as Record<string, Json[]>;
      const job = byName(files['autopilot-config.yaml'] ?? [], 'Job', 'consul-autopilot-config');
      expect(script(job)).toContain(`consul operator autopilot set-config -min-quorum=${quorum} -cleanup-dead-servers=true`);
      const config = byName(files['server-config.yaml'] ?? [], 'ConfigMap', 'consul-server-config');
      expect(JSON.parse(config.data['10-environment.json']).autopilot.min_quorum).toBe(quorum);
    },
  );

  it('with ACLs: a PostSync hook under its own ServiceAccount, logging in through the component auth method with its pod token', () => {
    const objects = autopilotObjects(settings(5)) as Json[];
    const job = byName(objects, 'Job', 'consul-autopilot-config');
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
    });
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe('consul-autopilot-config');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(script(job)).toContain(
      'consul login -method=consul-k8s-component-auth-method -bearer-token-file=/var/run/secrets/kubernetes.io/serviceaccount/token -token-sink-file=/consul/login/acl-token',
    );
    expect(script(job)).toMatch(/set-config[^\n]*\nconsul logout \|\| true\nexit \$status$/);
    expect(env(job)).toMatchObject({
      CONSUL_HTTP_ADDR: 'https://consul-server.$(NAMESPACE).svc:8501',
      CONSUL_CACERT: '/consul/tls/ca/tls.crt',
      CONSUL_HTTP_TOKEN_FILE: '/consul/login/acl-token',
    });
    expect(env(job)).not.toHaveProperty('CONSUL_HTTP_TOKEN');
    expect(pod.volumes).toContainEqual({ emptyDir: { medium: 'Memory' }, name: 'consul-login' });
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    // No Kubernetes RBAC for either hook: no Role, RoleBinding or ClusterRole is generated with them.
    expect(objects.map((object) => object.kind).sort()).toEqual(['Job', 'Job', 'ServiceAccount', 'ServiceAccount']);
  });

  it('with ACLs: a Sync hook in wave 2 (after server-acl-init) keeps the policy operator:write, its role and a binding rule on this namespace and ServiceAccount only, with the bootstrap token by reference', () => {
    const objects = autopilotObjects(settings(5)) as Json[];
    const setup = byName(objects, 'Job', 'consul-autopilot-acl-init');
    expect(setup.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/sync-wave': '2' });
    expect(setup.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(env(setup)).toMatchObject({
      CONSUL_HTTP_TOKEN: { secretKeyRef: { key: 'token', name: 'consul-bootstrap-acl-token' } },
      RULES: 'operator = "write"',
      SELECTOR: 'serviceaccount.namespace=="$(NAMESPACE)" and serviceaccount.name=="consul-autopilot-config"',
    });
    const text = script(setup);
    // Idempotent: the policy is updated when it exists, role and binding rule created only when absent.
    expect(text).toContain('consul acl policy read -name=consul-autopilot-config-policy');
    expect(text).toContain('consul acl policy update -name=consul-autopilot-config-policy -rules="$RULES"');
    expect(text).toContain('consul acl role read -name=consul-autopilot-config-acl-role >/dev/null 2>&1 || consul acl role create');
    expect(text).toMatch(
      /grep -q '"BindName": \*"consul-autopilot-config-acl-role"' \/tmp\/rules.json \|\| consul acl binding-rule create -method=consul-k8s-component-auth-method -bind-type=role/,
    );
    expect(text).not.toMatch(/-token[= ]/);
  });

  it('without ACLs: no setup Job, no login, no pod token; without TLS, plain HTTP on 8500 and no CA', () => {
    const objects = autopilotObjects(settings(1, { acls: false, tls: false })) as Json[];
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/consul-autopilot-config',
      'Job/consul-autopilot-config',
    ]);
    const job = byName(objects, 'Job', 'consul-autopilot-config');
    expect(script(job)).not.toContain('consul login');
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(env(job)).toEqual({
      NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      CONSUL_HTTP_ADDR: 'http://consul-server.$(NAMESPACE).svc:8500',
    });
  });

  it('the apply Job: the whole script, retried 24 times 5 s apart, inside a restricted pod with a 15-minute deadline', () => {
    const retry = 'attempt() { tries=0; until "$@"; do tries=$((tries + 1)); [ "$tries" -ge 24 ] && return 1; sleep 5; done; }';
    const plain = byName(autopilotObjects(settings(3, { acls: false })), 'Job', 'consul-autopilot-config');
    expect(script(plain)).toBe(
      ['set -u', retry, 'attempt consul operator autopilot set-config -min-quorum=2 -cleanup-dead-servers=true'].join('\n'),
    );
    const withAcls = byName(autopilotObjects(settings(3)), 'Job', 'consul-autopilot-config');
    expect(script(withAcls)).toBe(
      [
        'set -u',
        retry,
        'attempt consul login -method=consul-k8s-component-auth-method -bearer-token-file=/var/run/secrets/kubernetes.io/serviceaccount/token -token-sink-file=/consul/login/acl-token || exit 1',
        'attempt consul operator autopilot set-config -min-quorum=2 -cleanup-dead-servers=true; status=$?',
        'consul logout || true',
        'exit $status',
      ].join('\n'),
    );
    expect(withAcls.apiVersion).toBe('batch/v1');
    expect(withAcls.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'consul',
      'app.kubernetes.io/part-of': 'consul',
      'app.kubernetes.io/component': 'autopilot-config',
    });
    expect(withAcls.spec.activeDeadlineSeconds).toBe(900);
    expect(withAcls.spec.backoffLimit).toBe(4);
    expect(withAcls.spec.template.metadata).toEqual({
      labels: { 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'autopilot-config' },
    });
    const pod = withAcls.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toEqual({
      fsGroup: 1000,
      runAsGroup: 1000,
      runAsNonRoot: true,
      runAsUser: 100,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0]).toMatchObject({
      command: ['/bin/sh', '-c', script(withAcls)],
      image: 'hashicorp/consul:1.22.7',
      imagePullPolicy: 'IfNotPresent',
      name: 'autopilot-config',
      resources: { limits: { cpu: '50m', memory: '50Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      },
    });
    expect(pod.containers[0].volumeMounts).toEqual([
      { mountPath: '/consul/tls/ca', name: 'consul-ca-cert', readOnly: true },
      { mountPath: '/consul/login', name: 'consul-login' },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'consul-ca-cert', secret: { items: [{ key: 'tls.crt', path: 'tls.crt' }], secretName: 'consul-ca-cert' } },
      { emptyDir: { medium: 'Memory' }, name: 'consul-login' },
      { emptyDir: {}, name: 'tmp' },
    ]);
    expect(plain.spec.template.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/consul/tls/ca', name: 'consul-ca-cert', readOnly: true },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    const noTls = byName(autopilotObjects(settings(3, { acls: false, tls: false })), 'Job', 'consul-autopilot-config');
    expect(noTls.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(noTls.spec.template.spec.volumes).toEqual([{ emptyDir: {}, name: 'tmp' }]);
    // Exactly these entries: no CA file without TLS, no token file without ACLs.
    expect(noTls.spec.template.spec.containers[0].env).toEqual([
      { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'CONSUL_HTTP_ADDR', value: 'http://consul-server.$(NAMESPACE).svc:8500' },
    ]);
    expect(plain.spec.template.spec.containers[0].env).toEqual([
      { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'CONSUL_HTTP_ADDR', value: 'https://consul-server.$(NAMESPACE).svc:8501' },
      { name: 'CONSUL_CACERT', value: '/consul/tls/ca/tls.crt' },
    ]);
  });

  it('the ACL setup Job: the whole script, its objects in order (setup first), hooks on each', () => {
    const objects = autopilotObjects(settings(3)) as Json[];
    expect(
      objects.map((object) => `${object.kind}/${object.metadata.name}:${object.metadata.annotations['argocd.argoproj.io/hook']}`),
    ).toEqual([
      'ServiceAccount/consul-autopilot-acl-init:Sync',
      'Job/consul-autopilot-acl-init:Sync',
      'ServiceAccount/consul-autopilot-config:PostSync',
      'Job/consul-autopilot-config:PostSync',
    ]);
    expect(objects[0]).toMatchObject({ apiVersion: 'v1', automountServiceAccountToken: false });
    for (const account of [objects[0], objects[2]] as Json[]) {
      expect(account.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'consul',
        'app.kubernetes.io/part-of': 'consul',
        'app.kubernetes.io/component': 'autopilot-config',
      });
    }
    const setup = byName(objects, 'Job', 'consul-autopilot-acl-init');
    expect(setup.spec.template.spec.serviceAccountName).toBe('consul-autopilot-acl-init');
    expect(setup.spec.template.spec.containers[0].name).toBe('autopilot-acl-init');
    expect(setup.spec.template.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/consul/tls/ca', name: 'consul-ca-cert', readOnly: true },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    expect(Object.keys(env(setup))).toEqual(['NAMESPACE', 'CONSUL_HTTP_ADDR', 'CONSUL_CACERT', 'CONSUL_HTTP_TOKEN', 'RULES', 'SELECTOR']);
    expect(script(setup)).toBe(
      [
        'set -u',
        'attempt() { tries=0; until "$@"; do tries=$((tries + 1)); [ "$tries" -ge 24 ] && return 1; sleep 5; done; }',
        'policy() { if consul acl policy read -name=consul-autopilot-config-policy >/dev/null 2>&1; then consul acl policy update -name=consul-autopilot-config-policy -rules="$RULES" >/dev/null; else consul acl policy create -name=consul-autopilot-config-policy -description="autopilot set-config after sync" -rules="$RULES" >/dev/null; fi; }',
        'role() { consul acl role read -name=consul-autopilot-config-acl-role >/dev/null 2>&1 || consul acl role create -name=consul-autopilot-config-acl-role -description="ACL Role for consul-autopilot-config" -policy-name=consul-autopilot-config-policy >/dev/null; }',
        `binding() { consul acl binding-rule list -method=consul-k8s-component-auth-method -format=json > /tmp/rules.json && { grep -q '"BindName": *"consul-autopilot-config-acl-role"' /tmp/rules.json || consul acl binding-rule create -method=consul-k8s-component-auth-method -bind-type=role -bind-name=consul-autopilot-config-acl-role -selector="$SELECTOR" -description="Binding Rule for consul-autopilot-config" >/dev/null; }; }`,
        'attempt policy && attempt role && attempt binding',
      ].join('\n'),
    );
    const postSync = objects[2] as Json;
    expect(postSync.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
    });
  });
});
