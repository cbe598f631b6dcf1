/** The Consul client DaemonSet, field by field, for given datacenter settings. */
import { describe, expect, it } from 'vitest';
import { clientDaemonSet } from '../../../tools/src/generate/base/client-daemonset.js';
import {
  CA_MOUNT,
  CA_VOLUME,
  CONTAINER_SECURITY,
  container,
  envOf,
  objectLabels,
  POD_SECURITY,
  podSpec,
  SECURITY_OFF,
  selector,
  settingsOf,
  TMP_MOUNT,
  TMP_VOLUME,
  type Json,
} from './fixture.js';

const build = (input: Parameters<typeof settingsOf>[0] = {}): Json => clientDaemonSet(settingsOf(input));
const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });

describe('clientDaemonSet', () => {
  it('is the consul-client DaemonSet in the ACL clients sync wave, rolling one node at a time', () => {
    const daemonSet = build();
    expect(daemonSet.apiVersion).toBe('apps/v1');
    expect(daemonSet.kind).toBe('DaemonSet');
    expect(daemonSet.metadata).toEqual({ name: 'consul-client', labels: objectLabels('client'), annotations: { 'argocd.argoproj.io/sync-wave': '2' } });
    expect(daemonSet.spec.selector).toEqual({ matchLabels: selector('client') });
    expect(daemonSet.spec.template.metadata).toEqual({ labels: selector('client') });
    expect(daemonSet.spec.updateStrategy).toEqual({ rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' });
  });

  it('runs restricted as its ServiceAccount, no token on the agent, a 10 s grace period', () => {
    const pod = podSpec(build());
    expect(pod.serviceAccountName).toBe('consul-client');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual(POD_SECURITY);
    expect(pod.terminationGracePeriodSeconds).toBe(10);
    expect(container(build()).securityContext).toEqual(CONTAINER_SECURITY);
    expect(container(build()).name).toBe('consul');
    expect(container(build()).image).toBe('hashicorp/consul:1.22.7');
    expect(container(build()).imagePullPolicy).toBe('IfNotPresent');
    expect(container(build()).command).toEqual(['/bin/sh', '-ec']);
  });

  it('tolerates exactly the tolerations of the settings, none by default', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Exists' as const, effect: 'NoSchedule' as const }];
    expect(podSpec(build({ clientTolerations: tolerations })).tolerations).toEqual(tolerations);
    expect(podSpec(build())).not.toHaveProperty('tolerations');
  });

  it('starts the agent with its node name and IP; ip_san with TLS, the gossip key with gossip, the ACL config dir with ACLs', () => {
    expect(container(build()).args).toEqual([
      [
        'exec /bin/consul agent \\',
        '  -node="${NODE}" \\',
        '  -advertise="${ADVERTISE_IP}" \\',
        '  -hcl="auto_encrypt = {ip_san = [\\"$HOST_IP\\",\\"$POD_IP\\"]}" \\',
        '  -encrypt="${GOSSIP_KEY}" \\',
        '  -config-dir=/consul/config \\',
        '  -config-dir=/consul/aclconfig',
        '',
      ].join('\n'),
    ]);
    expect(container(build({ security: SECURITY_OFF })).args).toEqual([
      'exec /bin/consul agent \\\n  -node="${NODE}" \\\n  -advertise="${ADVERTISE_IP}" \\\n  -config-dir=/consul/config\n',
    ]);
  });

  it('has the token file with ACLs, the downward-API values, the gossip key, and HTTPS without verification under TLS', () => {
    const common: [string, unknown][] = [
      ['ADVERTISE_IP', fieldRef('status.podIP')],
      ['NAMESPACE', fieldRef('metadata.namespace')],
      ['NODE', fieldRef('spec.nodeName')],
      ['HOST_IP', fieldRef('status.hostIP')],
      ['POD_IP', fieldRef('status.podIP')],
      ['CONSUL_DISABLE_PERM_MGMT', 'true'],
    ];
    expect(envOf(container(build()).env)).toEqual([
      ['CONSUL_HTTP_TOKEN_FILE', '/consul/login/acl-token'],
      ...common,
      ['GOSSIP_KEY', { secretKeyRef: { key: 'key', name: 'consul-gossip-encryption-key' } }],
      ['CONSUL_HTTP_ADDR', 'https://localhost:8501'],
      ['CONSUL_HTTP_SSL_VERIFY', 'false'],
    ]);
    expect(envOf(container(build({ security: SECURITY_OFF })).env)).toEqual(common);
  });

  it('logs out before it stops, only with ACLs', () => {
    expect(container(build()).lifecycle).toEqual({ preStop: { exec: { command: ['/bin/consul', 'logout'] } } });
    expect(container(build({ security: { acls: false } }))).not.toHaveProperty('lifecycle');
  });

  it('binds the API port (HTTPS under TLS, else HTTP) and gRPC on the host; serf and DNS only in the pod', () => {
    const rest = [
      { containerPort: 8502, hostPort: 8502, name: 'grpc', protocol: 'TCP' },
      { containerPort: 8301, name: 'serflan-tcp', protocol: 'TCP' },
      { containerPort: 8301, name: 'serflan-udp', protocol: 'UDP' },
      { containerPort: 8600, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 8600, name: 'dns-udp', protocol: 'UDP' },
    ];
    expect(container(build()).ports).toEqual([{ containerPort: 8501, hostPort: 8501, name: 'https', protocol: 'TCP' }, ...rest]);
    expect(container(build({ security: { tls: false } })).ports).toEqual([{ containerPort: 8500, hostPort: 8500, name: 'http', protocol: 'TCP' }, ...rest]);
  });

  it('is Ready only with a leader, and takes the client resources', () => {
    expect(container(build()).readinessProbe.exec.command[2]).toBe(`curl -k https://127.0.0.1:8501/v1/status/leader 2>/dev/null | grep -E '".+"'`);
    expect(container(build({ security: { tls: false } })).readinessProbe.exec.command[2]).toBe(
      `curl http://127.0.0.1:8500/v1/status/leader 2>/dev/null | grep -E '".+"'`,
    );
    expect(container(build()).resources).toEqual({ limits: { cpu: '300m', memory: '384Mi' }, requests: { cpu: '75m', memory: '96Mi' } });
  });

  it('mounts data, config, the ACL config and login token with ACLs, the CA with TLS, and /tmp', () => {
    expect(container(build()).volumeMounts).toEqual([
      { mountPath: '/consul/data', name: 'data' },
      { mountPath: '/consul/config', name: 'config', readOnly: true },
      { mountPath: '/consul/aclconfig', name: 'aclconfig', readOnly: true },
      { mountPath: '/consul/login', name: 'consul-data', readOnly: true },
      CA_MOUNT,
      TMP_MOUNT,
    ]);
    expect(podSpec(build()).volumes).toEqual([
      { emptyDir: {}, name: 'data' },
      { configMap: { name: 'consul-client-config' }, name: 'config' },
      { emptyDir: {}, name: 'aclconfig' },
      { emptyDir: { medium: 'Memory' }, name: 'consul-data' },
      {
        name: 'kube-api-access',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
      CA_VOLUME,
      TMP_VOLUME,
    ]);
    expect(container(build({ security: SECURITY_OFF })).volumeMounts).toEqual([
      { mountPath: '/consul/data', name: 'data' },
      { mountPath: '/consul/config', name: 'config', readOnly: true },
      TMP_MOUNT,
    ]);
    expect(podSpec(build({ security: SECURITY_OFF })).volumes).toEqual([
      { emptyDir: {}, name: 'data' },
      { configMap: { name: 'consul-client-config' }, name: 'config' },
      TMP_VOLUME,
    ]);
  });

  it('with ACLs, logs in as component=client in an init container with the service-account token; none without ACLs', () => {
    expect(podSpec(build()).initContainers).toEqual([
      {
        args: ['acl-init', '-log-level=info', '-log-json=false', '-init-type=client'],
        command: ['consul-k8s-control-plane'],
        env: expect.any(Array),
        image: 'hashicorp/consul-k8s-control-plane:1.9.11',
        imagePullPolicy: 'IfNotPresent',
        name: 'client-acl-init',
        resources: { limits: { cpu: '50m', memory: '25Mi' }, requests: { cpu: '50m', memory: '25Mi' } },
        securityContext: CONTAINER_SECURITY,
        volumeMounts: [
          { mountPath: '/consul/aclconfig', name: 'aclconfig' },
          { mountPath: '/consul/login', name: 'consul-data' },
          CA_MOUNT,
          { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true },
        ],
      },
    ]);
    const env = Object.fromEntries(envOf(podSpec(build()).initContainers[0].env));
    expect(env).toMatchObject({ CONSUL_DATACENTER: 'dc-east', CONSUL_LOGIN_META: 'component=client,pod=$(NAMESPACE)/$(POD_NAME)' });
    expect(podSpec(build({ security: { tls: false } })).initContainers[0].volumeMounts).toEqual([
      { mountPath: '/consul/aclconfig', name: 'aclconfig' },
      { mountPath: '/consul/login', name: 'consul-data' },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true },
    ]);
    expect(podSpec(build({ security: { acls: false } }))).not.toHaveProperty('initContainers');
  });
});
