/** The Consul server StatefulSet, field by field, for given datacenter settings. */
import { describe, expect, it } from 'vitest';
import { serverStatefulSet } from '../../../tools/src/generate/base/server-statefulset.js';
import {
  CA_MOUNT,
  CA_VOLUME,
  CONTAINER_SECURITY,
  container,
  envOf,
  objectLabels,
  POD_SECURITY,
  podSpec,
  RESOURCES,
  SECURITY_OFF,
  selector,
  settingsOf,
  TMP_MOUNT,
  TMP_VOLUME,
  type Json,
} from './fixture.js';

const build = (input: Parameters<typeof settingsOf>[0] = {}): Json => serverStatefulSet(settingsOf(input));

describe('serverStatefulSet', () => {
  it.each([1, 3, 5, 7])('runs %i replicas for %i servers', (servers) => {
    expect(build({ servers }).spec.replicas).toBe(servers);
  });

  it('is the consul-server StatefulSet: parallel start, claims kept on delete and scale-down, rolling updates from partition 0', () => {
    const statefulSet = build();
    expect(statefulSet.apiVersion).toBe('apps/v1');
    expect(statefulSet.kind).toBe('StatefulSet');
    expect(statefulSet.metadata).toEqual({ name: 'consul-server', labels: objectLabels('server') });
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
    expect(statefulSet.spec.serviceName).toBe('consul-server');
    expect(statefulSet.spec.selector).toEqual({ matchLabels: selector('server') });
    expect(statefulSet.spec.template.metadata).toEqual({ labels: selector('server') });
    expect(statefulSet.spec.updateStrategy).toEqual({ rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
  });

  it('claims the storage size in the storage class, in the form the API server stores, kept by Argo CD on delete', () => {
    expect(build({ storage: { size: '50Gi', class: 'premium-ssd' } }).spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false' }, name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'premium-ssd', volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
  });

  it('leaves the storage class to the cluster default when the settings have none', () => {
    const claim = build({ storage: { size: '2Gi' } }).spec.volumeClaimTemplates[0];
    expect(claim.spec).not.toHaveProperty('storageClassName');
    expect(claim.spec.resources).toEqual({ requests: { storage: '2Gi' } });
  });

  it('places one server per node, and spreads them hard over the zones when there is more than one', () => {
    const pod = podSpec(build({ zones: ['zone-a', 'zone-b'] }));
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector('server') }, topologyKey: 'kubernetes.io/hostname' }],
      },
    });
    expect(pod.topologySpreadConstraints).toEqual([
      { labelSelector: { matchLabels: selector('server') }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
    ]);
  });

  it.each([[['zone-a']], [[]]])('has no zone spread with zones %j', (zones) => {
    expect(podSpec(build({ zones }))).not.toHaveProperty('topologySpreadConstraints');
  });

  it('runs as its own ServiceAccount without a token, restricted, with a 30 s grace period', () => {
    const pod = podSpec(build());
    expect(pod.serviceAccountName).toBe('consul-server');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual(POD_SECURITY);
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(container(build()).securityContext).toEqual(CONTAINER_SECURITY);
  });

  it('starts consul agent with the pod IP, and the gossip key only with gossip encryption', () => {
    const agent = container(build());
    expect(agent.name).toBe('consul');
    expect(agent.image).toBe('hashicorp/consul:1.22.7');
    expect(agent.imagePullPolicy).toBe('IfNotPresent');
    expect(agent.command).toEqual(['/bin/sh', '-ec']);
    expect(agent.args).toEqual(['exec /bin/consul agent \\\n  -advertise="${ADVERTISE_IP}" \\\n  -encrypt="${GOSSIP_KEY}" \\\n  -config-dir=/consul/config\n']);
    expect(container(build({ security: { gossip: false } })).args).toEqual([
      'exec /bin/consul agent \\\n  -advertise="${ADVERTISE_IP}" \\\n  -config-dir=/consul/config\n',
    ]);
  });

  it('has the IPs, the gossip key from its Secret, and the HTTPS address and CA with TLS', () => {
    const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });
    const common: [string, unknown][] = [
      ['ADVERTISE_IP', fieldRef('status.podIP')],
      ['HOST_IP', fieldRef('status.hostIP')],
      ['POD_IP', fieldRef('status.podIP')],
      ['CONSUL_DISABLE_PERM_MGMT', 'true'],
    ];
    expect(envOf(container(build()).env)).toEqual([
      ...common,
      ['GOSSIP_KEY', { secretKeyRef: { key: 'key', name: 'consul-gossip-encryption-key' } }],
      ['CONSUL_HTTP_ADDR', 'https://localhost:8501'],
      ['CONSUL_CACERT', '/consul/tls/ca/tls.crt'],
    ]);
    expect(envOf(container(build({ security: SECURITY_OFF })).env)).toEqual(common);
  });

  it('declares HTTPS with TLS and HTTP without, never both, and every other server port per protocol', () => {
    const others = [
      { containerPort: 8502, name: 'grpc', protocol: 'TCP' },
      { containerPort: 8300, name: 'server', protocol: 'TCP' },
      { containerPort: 8301, name: 'serflan-tcp', protocol: 'TCP' },
      { containerPort: 8301, name: 'serflan-udp', protocol: 'UDP' },
      { containerPort: 8302, name: 'serfwan-tcp', protocol: 'TCP' },
      { containerPort: 8302, name: 'serfwan-udp', protocol: 'UDP' },
      { containerPort: 8600, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 8600, name: 'dns-udp', protocol: 'UDP' },
    ];
    expect(container(build()).ports).toEqual([{ containerPort: 8501, name: 'https', protocol: 'TCP' }, ...others]);
    expect(container(build({ security: { tls: false } })).ports).toEqual([{ containerPort: 8500, name: 'http', protocol: 'TCP' }, ...others]);
  });

  it('is Ready only once the local agent knows a leader (HTTPS with -k under TLS)', () => {
    const probe = (exec: string) => ({
      exec: { command: ['/bin/sh', '-ec', exec] },
      failureThreshold: 2,
      initialDelaySeconds: 5,
      periodSeconds: 3,
      successThreshold: 1,
      timeoutSeconds: 5,
    });
    expect(container(build()).readinessProbe).toEqual(probe(`curl -k https://127.0.0.1:8501/v1/status/leader 2>/dev/null | grep -E '".+"'`));
    expect(container(build({ security: { tls: false } })).readinessProbe).toEqual(
      probe(`curl http://127.0.0.1:8500/v1/status/leader 2>/dev/null | grep -E '".+"'`),
    );
  });

  it('takes the server resources of the settings', () => {
    expect(container(build()).resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '300m', memory: '384Mi' } });
    expect(container(build()).resources).toEqual(RESOURCES.server);
  });

  it('mounts the data claim, its config read-only, the CA and server certificate with TLS, and /tmp', () => {
    expect(container(build()).volumeMounts).toEqual([
      { mountPath: '/consul/data', name: 'data' },
      { mountPath: '/consul/config', name: 'config', readOnly: true },
      CA_MOUNT,
      { mountPath: '/consul/tls/server', name: 'consul-server-cert', readOnly: true },
      TMP_MOUNT,
    ]);
    expect(podSpec(build()).volumes).toEqual([
      { configMap: { name: 'consul-server-config' }, name: 'config' },
      CA_VOLUME,
      { name: 'consul-server-cert', secret: { secretName: 'consul-server-cert' } },
      TMP_VOLUME,
    ]);
    expect(container(build({ security: { tls: false } })).volumeMounts).toEqual([
      { mountPath: '/consul/data', name: 'data' },
      { mountPath: '/consul/config', name: 'config', readOnly: true },
      TMP_MOUNT,
    ]);
    expect(podSpec(build({ security: { tls: false } })).volumes).toEqual([{ configMap: { name: 'consul-server-config' }, name: 'config' }, TMP_VOLUME]);
  });
});
