import { SYNC_WAVE_ANNOTATION, WAVE } from '../../model/argocd-sync.js';
import { COMPONENT, PATHS, PORTS, SECRET } from '../../model/consul.js';
import type { DatacenterSettings } from './settings.js';
import { containerPorts, containerSecurityContext, fieldEnv, podSecurityContext, resourceBlock, secretEnv, TMP_MOUNT, TMP_VOLUME, valueEnv } from './agent.js';
import { caCertMount, caCertVolume, LOG_FLAGS, serverConnectionEnv } from './control-plane.js';
import { metadata, selectorLabels } from './labels.js';
import { apiPorts, leaderReadinessProbe } from './server-statefulset.js';

/**
 * `consul agent` as the chart starts a client. With TLS, the auto_encrypt certificate carries the
 * host and pod IP (ip_san), so pods that call https://$HOST_IP:8501 can verify it with the CA of the
 * servers' Connect CA. With ACLs, acl-init has written the agent token into /consul/aclconfig.
 */
function clientStartScript(settings: DatacenterSettings): string {
  const { tls, acls, gossip } = settings.security;
  return [
    `exec /bin/consul agent \\`,
    `  -node="\${NODE}" \\`,
    `  -advertise="\${ADVERTISE_IP}" \\`,
    ...(tls ? [`  -hcl="auto_encrypt = {ip_san = [\\"$HOST_IP\\",\\"$POD_IP\\"]}" \\`] : []),
    ...(gossip ? [`  -encrypt="\${GOSSIP_KEY}" \\`] : []),
    `  -config-dir=${PATHS.config}${acls ? ' \\' : ''}`,
    ...(acls ? [`  -config-dir=${PATHS.aclConfig}`] : []),
    '',
  ].join('\n');
}

/**
 * The service-account token, only for the acl-init init container (the agent container on the
 * host ports gets none): acl-init builds an in-cluster Kubernetes client and logs in to Consul's
 * Kubernetes auth method with this token. The same three files automounting would give.
 */
function serviceAccountTokenVolume(): Record<string, unknown> {
  return {
    name: 'kube-api-access',
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        // sources is an atomic list: the fieldRef's apiVersion, which the server defaults, is stated.
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

/** The chart's client-acl-init: log in as component=client, write the agent token config and the login token. */
function aclInitContainer(settings: DatacenterSettings): Record<string, unknown> {
  return {
    args: ['acl-init', ...LOG_FLAGS, '-init-type=client'],
    command: ['consul-k8s-control-plane'],
    env: serverConnectionEnv({ datacenter: settings.datacenter, security: settings.security, login: 'client' }),
    image: settings.images.controlPlane,
    imagePullPolicy: 'IfNotPresent',
    name: 'client-acl-init',
    resources: { limits: { cpu: '50m', memory: '25Mi' }, requests: { cpu: '50m', memory: '25Mi' } },
    securityContext: containerSecurityContext(),
    volumeMounts: [
      { mountPath: PATHS.aclConfig, name: 'aclconfig' },
      { mountPath: PATHS.login, name: 'consul-data' },
      ...(settings.security.tls ? [caCertMount()] : []),
      { mountPath: PATHS.serviceAccount, name: 'kube-api-access', readOnly: true },
    ],
  };
}

/** One client agent per node, servers' nodes included (anti-affinity does not apply to DaemonSets). */
export function clientDaemonSet(settings: DatacenterSettings): Record<string, unknown> {
  const labels = selectorLabels('client');
  const { tls, acls, gossip } = settings.security;
  const hostPorts = [tls ? PORTS.https.port : PORTS.http.port, PORTS.grpc.port];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...metadata(COMPONENT.client, 'client'), annotations: { [SYNC_WAVE_ANNOTATION]: String(WAVE.aclClients) } },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              args: [clientStartScript(settings)],
              command: ['/bin/sh', '-ec'],
              env: [
                ...(acls ? [valueEnv('CONSUL_HTTP_TOKEN_FILE', `${PATHS.login}/acl-token`)] : []),
                fieldEnv('ADVERTISE_IP', 'status.podIP'),
                fieldEnv('NAMESPACE', 'metadata.namespace'),
                fieldEnv('NODE', 'spec.nodeName'),
                fieldEnv('HOST_IP', 'status.hostIP'),
                fieldEnv('POD_IP', 'status.podIP'),
                valueEnv('CONSUL_DISABLE_PERM_MGMT', 'true'),
                ...(gossip ? [secretEnv('GOSSIP_KEY', SECRET.gossipKey)] : []),
                // The agent's own certificate comes from the Connect CA (auto_encrypt), not from consul-ca-cert.
                ...(tls ? [valueEnv('CONSUL_HTTP_ADDR', `https://localhost:${PORTS.https.port}`), valueEnv('CONSUL_HTTP_SSL_VERIFY', 'false')] : []),
              ],
              image: settings.images.consul,
              imagePullPolicy: 'IfNotPresent',
              ...(acls ? { lifecycle: { preStop: { exec: { command: ['/bin/consul', 'logout'] } } } } : {}),
              name: 'consul',
              ports: containerPorts([...apiPorts(tls), PORTS.grpc, PORTS.serflan, PORTS.dns], hostPorts),
              readinessProbe: leaderReadinessProbe(tls),
              resources: resourceBlock(settings.resources.client),
              securityContext: containerSecurityContext(),
              volumeMounts: [
                { mountPath: PATHS.data, name: 'data' },
                { mountPath: PATHS.config, name: 'config', readOnly: true },
                ...(acls ? [{ mountPath: PATHS.aclConfig, name: 'aclconfig', readOnly: true }, { mountPath: PATHS.login, name: 'consul-data', readOnly: true }] : []),
                ...(tls ? [caCertMount()] : []),
                { ...TMP_MOUNT },
              ],
            },
          ],
          ...(acls ? { initContainers: [aclInitContainer(settings)] } : {}),
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.client,
          terminationGracePeriodSeconds: 10,
          ...(settings.clientTolerations.length > 0 ? { tolerations: settings.clientTolerations.map((toleration) => ({ ...toleration })) } : {}),
          volumes: [
            { emptyDir: {}, name: 'data' },
            { configMap: { name: COMPONENT.clientConfig }, name: 'config' },
            ...(acls
              ? [{ emptyDir: {}, name: 'aclconfig' }, { emptyDir: { medium: 'Memory' }, name: 'consul-data' }, serviceAccountTokenVolume()]
              : []),
            ...(tls ? [caCertVolume()] : []),
            { ...TMP_VOLUME },
          ],
        },
      },
      updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
  };
}
