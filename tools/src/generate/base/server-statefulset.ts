import { COMPONENT, PATHS, SERVER_PORTS, TOPOLOGY } from '../../model/consul.js';
import { SYNC_OPTIONS_ANNOTATION } from '../../validate/argocd/facts.js';
import type { BaseSettings } from './settings.js';
import {
  agentStartScript,
  containerPorts,
  containerSecurityContext,
  DOWNWARD_ENV,
  leaderReadinessProbe,
  plainHttpEnv,
  podSecurityContext,
  resourceBlock,
} from './agent.js';
import { metadata, selectorLabels } from './labels.js';

export const DATA_VOLUME = 'data';

/**
 * Argo CD sync option on the claim template: if claims ever become tracked, deleting the Application
 * keeps them (Prune=false alone only protects against pruning, not against app deletion).
 */
export const CLAIM_SYNC_OPTIONS = { [SYNC_OPTIONS_ANNOTATION]: 'Delete=false' } as const;

/** The server claims outlive the StatefulSet on purpose (the seed): never delete them on delete or scale-down. */
export const CLAIM_RETENTION = { whenDeleted: 'Retain', whenScaled: 'Retain' } as const;

/**
 * The server claim: explicit apiVersion and kind, or Argo CD reports the StatefulSet OutOfSync forever
 * (the API server adds them). No tracking label: with one, Argo CD would take the claims as its own
 * and prune them. Overlays patch the whole list with this same template, so both stay identical.
 */
export function serverClaimTemplate(size: string, storageClass?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { annotations: { ...CLAIM_SYNC_OPTIONS }, name: DATA_VOLUME },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
  };
}

/** Consul servers: claims for the data dir (node ID), one per node, Ready only with a leader. */
export function serverStatefulSet(settings: BaseSettings): Record<string, unknown> {
  const labels = selectorLabels('server');
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
              args: [agentStartScript(['-advertise=$POD_IP', '-client=0.0.0.0'])],
              command: ['/bin/sh', '-ec'],
              env: [...DOWNWARD_ENV, plainHttpEnv()],
              image: settings.images.consul,
              imagePullPolicy: 'IfNotPresent',
              name: 'consul',
              ports: containerPorts(SERVER_PORTS),
              readinessProbe: leaderReadinessProbe(),
              resources: resourceBlock(settings.resources.server),
              securityContext: containerSecurityContext(),
              volumeMounts: [
                { mountPath: PATHS.data, name: DATA_VOLUME },
                { mountPath: PATHS.config, name: 'config', readOnly: true },
                { mountPath: PATHS.extraConfig, name: 'extra-config' },
              ],
            },
          ],
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.server,
          terminationGracePeriodSeconds: 30,
          volumes: [
            { configMap: { name: COMPONENT.serverConfig }, name: 'config' },
            { emptyDir: {}, name: 'extra-config' },
          ],
        },
      },
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [serverClaimTemplate(settings.storageSize)],
    },
  };
}
