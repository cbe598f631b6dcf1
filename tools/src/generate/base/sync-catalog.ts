import { COMPONENT, PORTS } from '../../model/consul.js';
import type { BaseSettings } from './settings.js';
import { containerSecurityContext, fieldEnv, podSecurityContext, resourceBlock } from './agent.js';
import { metadata, selectorLabels } from './labels.js';

/**
 * Catalog sync mirrors Kubernetes Services into Consul (the seed registers services this way, not
 * with an agent per pod). It talks to its node's client agent at HOST_IP and reads the Kubernetes
 * API, so it is the one pod that mounts a service-account token.
 */
export function syncCatalogDeployment(settings: BaseSettings): Record<string, unknown> {
  const labels = selectorLabels('sync-catalog');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(COMPONENT.syncCatalog, 'sync-catalog'),
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          automountServiceAccountToken: true,
          containers: [
            {
              args: [
                'sync-catalog',
                '-k8s-default-sync=true',
                '-to-consul=true',
                '-to-k8s=false',
                '-k8s-write-namespace=$(NAMESPACE)',
                '-log-level=info',
              ],
              command: ['consul-k8s-control-plane'],
              env: [
                fieldEnv('HOST_IP', 'status.hostIP'),
                fieldEnv('NAMESPACE', 'metadata.namespace'),
                { name: 'CONSUL_HTTP_ADDR', value: `http://$(HOST_IP):${PORTS.http.port}` },
              ],
              image: settings.images.controlPlane,
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: {
                failureThreshold: 3,
                httpGet: { path: '/health/ready', port: 8080, scheme: 'HTTP' },
                initialDelaySeconds: 30,
                periodSeconds: 5,
              },
              name: 'sync-catalog',
              readinessProbe: {
                failureThreshold: 5,
                httpGet: { path: '/health/ready', port: 8080, scheme: 'HTTP' },
                initialDelaySeconds: 10,
                periodSeconds: 5,
              },
              resources: resourceBlock(settings.resources.syncCatalog),
              securityContext: containerSecurityContext(),
            },
          ],
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.syncCatalog,
        },
      },
    },
  };
}
