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
});
