import { CLIENT_PORTS, COMPONENT, PATHS, PORTS } from '../../model/consul.js';
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

/** Host ports of the client agent: pods reach their node's agent at HOST_IP:8500 (not a NodePort). */
export const CLIENT_HOST_PORTS = [PORTS.http.port, PORTS.grpc.port];

/** One client agent per node, servers' nodes included (anti-affinity does not apply to DaemonSets). */
export function clientDaemonSet(settings: BaseSettings): Record<string, unknown> {
  const labels = selectorLabels('client');
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: metadata(COMPONENT.client, 'client'),
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              args: [agentStartScript(['-advertise=$POD_IP', '-client=0.0.0.0', '-node=$NODE_NAME'])],
              command: ['/bin/sh', '-ec'],
              env: [...DOWNWARD_ENV, plainHttpEnv()],
              image: settings.images.consul,
              imagePullPolicy: 'IfNotPresent',
              name: 'consul',
              ports: containerPorts(CLIENT_PORTS, CLIENT_HOST_PORTS),
              readinessProbe: leaderReadinessProbe(),
              resources: resourceBlock(settings.resources.client),
              securityContext: containerSecurityContext(),
              volumeMounts: [
                { mountPath: PATHS.data, name: 'data' },
                { mountPath: PATHS.config, name: 'config', readOnly: true },
                { mountPath: PATHS.extraConfig, name: 'extra-config' },
              ],
            },
          ],
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.client,
          terminationGracePeriodSeconds: 10,
          tolerations: [{ operator: 'Exists' }],
          volumes: [
            { emptyDir: {}, name: 'data' },
            { configMap: { name: COMPONENT.clientConfig }, name: 'config' },
            { emptyDir: {}, name: 'extra-config' },
          ],
        },
      },
      updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
  };
}
