import { COMPONENT, LEADER_ENDPOINT, PATHS, PORTS, SECRET, SERVER_PORTS, TOPOLOGY, type PortSpec } from '../../model/consul.js';
import { SYNC_OPTIONS_ANNOTATION } from '../../model/argocd.js';
import type { DatacenterSettings } from './settings.js';
import { containerPorts, containerSecurityContext, fieldEnv, podSecurityContext, resourceBlock, secretEnv, TMP_MOUNT, TMP_VOLUME, valueEnv } from './agent.js';
import { CA_FILE, caCertMount, caCertVolume } from './control-plane.js';
import { metadata, selectorLabels } from './labels.js';

const DATA_VOLUME = 'data';

/**
 * Argo CD sync option on the claim template: if claims ever become tracked, deleting the Application
 * keeps them (Prune=false alone only protects against pruning, not against app deletion).
 */
const CLAIM_SYNC_OPTIONS = { [SYNC_OPTIONS_ANNOTATION]: 'Delete=false' } as const;

/** The server claims outlive the StatefulSet on purpose (the seed): never delete them on delete or scale-down. */
const CLAIM_RETENTION = { whenDeleted: 'Retain', whenScaled: 'Retain' } as const;

/**
 * The server claim in the form the API server stores it: apiVersion and kind, volumeMode Filesystem and
 * status phase Pending are all filled in by the server, and volumeClaimTemplates is an atomic list, so a
 * template without any one of them differs from the live object on every sync (Argo CD OutOfSync, kubectl
 * apply "configured" each time; tests/datacenter/reapply.test.ts applies every render twice to a real
 * API server). No tracking label: with one, Argo CD would take the claims as its own and prune them.
 */
function serverClaimTemplate(size: string, storageClass?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { annotations: { ...CLAIM_SYNC_OPTIONS }, name: DATA_VOLUME },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Pending' },
  };
}

/**
 * The chart's leader probe: Ready only when the local agent knows a leader (`/v1/status/leader`
 * answers `""` until then). With TLS it asks 8501 with -k, as the chart does: the probe proves a
 * leader, not the certificate.
 */
function leaderProbeScript(tls: boolean): string {
  const url = tls ? `https://127.0.0.1:${PORTS.https.port}${LEADER_ENDPOINT}` : `http://127.0.0.1:${PORTS.http.port}${LEADER_ENDPOINT}`;
  return `curl ${tls ? '-k ' : ''}${url} 2>/dev/null | grep -E '".+"'`;
}

export function leaderReadinessProbe(tls: boolean): Record<string, unknown> {
  return {
    exec: { command: ['/bin/sh', '-ec', leaderProbeScript(tls)] },
    failureThreshold: 2,
    initialDelaySeconds: 5,
    periodSeconds: 3,
    successThreshold: 1,
    timeoutSeconds: 5,
  };
}

/** The agent's API ports: HTTPS only with TLS (the chart's httpsOnly), plain HTTP only without. */
export function apiPorts(tls: boolean): PortSpec[] {
  return [tls ? PORTS.https : PORTS.http];
}

/** `consul agent` as the chart starts it: runtime values (the pod IP, the gossip key) as flags. */
function serverStartScript(gossip: boolean): string {
  return [
    `exec /bin/consul agent \\`,
    `  -advertise="\${ADVERTISE_IP}" \\`,
    ...(gossip ? [`  -encrypt="\${GOSSIP_KEY}" \\`] : []),
    `  -config-dir=${PATHS.config}`,
    '',
  ].join('\n');
}

/** Consul servers: claims for the data dir (node ID), one per node, Ready only with a leader. */
export function serverStatefulSet(settings: DatacenterSettings): Record<string, unknown> {
  const labels = selectorLabels('server');
  const { tls, gossip } = settings.security;
  const ports = SERVER_PORTS.filter((port) => port !== PORTS.http && port !== PORTS.https);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(COMPONENT.server, 'server'),
    spec: {
      persistentVolumeClaimRetentionPolicy: { ...CLAIM_RETENTION },
      podManagementPolicy: 'Parallel',
      replicas: settings.servers,
      selector: { matchLabels: labels },
      serviceName: COMPONENT.server,
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { ...labels } }, topologyKey: TOPOLOGY.hostname }],
            },
          },
          automountServiceAccountToken: false,
          containers: [
            {
              args: [serverStartScript(gossip)],
              command: ['/bin/sh', '-ec'],
              env: [
                fieldEnv('ADVERTISE_IP', 'status.podIP'),
                fieldEnv('HOST_IP', 'status.hostIP'),
                fieldEnv('POD_IP', 'status.podIP'),
                valueEnv('CONSUL_DISABLE_PERM_MGMT', 'true'),
                ...(gossip ? [secretEnv('GOSSIP_KEY', SECRET.gossipKey)] : []),
                ...(tls ? [valueEnv('CONSUL_HTTP_ADDR', `https://localhost:${PORTS.https.port}`), valueEnv('CONSUL_CACERT', CA_FILE)] : []),
              ],
              image: settings.images.consul,
              imagePullPolicy: 'IfNotPresent',
              name: 'consul',
              ports: containerPorts([...apiPorts(tls), ...ports]),
              readinessProbe: leaderReadinessProbe(tls),
              resources: resourceBlock(settings.resources.server),
              securityContext: containerSecurityContext(),
              volumeMounts: [
                { mountPath: PATHS.data, name: DATA_VOLUME },
                { mountPath: PATHS.config, name: 'config', readOnly: true },
                ...(tls ? [caCertMount(), { mountPath: PATHS.serverCert, name: 'consul-server-cert', readOnly: true }] : []),
                { ...TMP_MOUNT },
              ],
            },
          ],
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.server,
          terminationGracePeriodSeconds: 30,
          ...(settings.zones.length > 1
            ? {
                topologySpreadConstraints: [
                  { labelSelector: { matchLabels: { ...labels } }, maxSkew: 1, topologyKey: TOPOLOGY.zone, whenUnsatisfiable: 'DoNotSchedule' },
                ],
              }
            : {}),
          volumes: [
            { configMap: { name: COMPONENT.serverConfig }, name: 'config' },
            ...(tls ? [caCertVolume(), { name: 'consul-server-cert', secret: { secretName: SECRET.serverCert.name } }] : []),
            { ...TMP_VOLUME },
          ],
        },
      },
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [serverClaimTemplate(settings.storage.size, settings.storage.class)],
    },
  };
}
