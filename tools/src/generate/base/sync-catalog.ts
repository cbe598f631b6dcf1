import { SYNC_WAVE_ANNOTATION, WAVE } from '../../model/argocd-sync.js';
import { COMPONENT, CONSUL_DOMAIN } from '../../model/consul.js';
import type { DatacenterSettings } from './settings.js';
import { containerSecurityContext, podSecurityContext, resourceBlock, TMP_MOUNT, TMP_VOLUME } from './agent.js';
import { caCertMount, caCertVolume, LOG_FLAGS, serverConnectionEnv } from './control-plane.js';
import { metadata, selectorLabels } from './labels.js';

/**
 * The sync direction: Kubernetes Services into Consul only (the seed). With -to-k8s=false the
 * command never writes to the Kubernetes API, so its RBAC is read-only.
 */
export const SYNC_TO_K8S = false;

/**
 * Namespaces whose Services are synced: all but Kubernetes' own (the chart's k8sAllowNamespaces and
 * k8sDenyNamespaces defaults). Without -allow-k8s-namespace the command syncs nothing.
 */
const SYNC_ALLOW_NAMESPACES = ['*'] as const;
const SYNC_DENY_NAMESPACES = ['kube-system', 'kube-public'] as const;

/**
 * The chart's syncCatalog defaults that the command's own defaults differ from (values.yaml
 * nodePortSyncType, addK8SNamespaceSuffix). Without ExternalFirst, the command's ExternalOnly
 * registers no instance for a NodePort Service on nodes without an ExternalIP; without the suffix,
 * same-named Services of two namespaces merge into one Consul service.
 */
const NODE_PORT_SYNC_TYPE = 'ExternalFirst';

function syncCatalogArgs(): string[] {
  return [
    'sync-catalog',
    ...LOG_FLAGS,
    '-k8s-default-sync=true',
    `-to-k8s=${String(SYNC_TO_K8S)}`,
    `-consul-domain=${CONSUL_DOMAIN}`,
    ...SYNC_ALLOW_NAMESPACES.map((namespace) => `-allow-k8s-namespace=${namespace}`),
    ...SYNC_DENY_NAMESPACES.map((namespace) => `-deny-k8s-namespace=${namespace}`),
    '-k8s-write-namespace=$(NAMESPACE)',
    `-node-port-sync-type=${NODE_PORT_SYNC_TYPE}`,
    '-add-k8s-namespace-suffix',
  ];
}

/**
 * Catalog sync mirrors Kubernetes Services into the Consul catalog (the seed registers services this
 * way, not with an agent per pod). Control plane 1.x talks to the servers through CONSUL_ADDRESSES
 * and logs in through the component auth method with its own service-account token, which it also
 * needs to watch Services and EndpointSlices.
 */
export function syncCatalogDeployment(settings: DatacenterSettings): Record<string, unknown> {
  const labels = selectorLabels('sync-catalog');
  const tls = settings.security.tls;
  const probe = (failureThreshold: number, initialDelaySeconds: number) => ({
    failureThreshold,
    httpGet: { path: '/health/ready', port: 8080, scheme: 'HTTP' },
    initialDelaySeconds,
    periodSeconds: 5,
    successThreshold: 1,
    timeoutSeconds: 5,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...metadata(COMPONENT.syncCatalog, 'sync-catalog'), annotations: { [SYNC_WAVE_ANNOTATION]: String(WAVE.aclClients) } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          automountServiceAccountToken: true,
          containers: [
            {
              args: syncCatalogArgs(),
              command: ['consul-k8s-control-plane'],
              env: serverConnectionEnv({ datacenter: settings.datacenter, security: settings.security, login: 'sync-catalog' }),
              image: settings.images.controlPlane,
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: probe(3, 30),
              name: 'sync-catalog',
              readinessProbe: probe(5, 10),
              resources: resourceBlock(settings.resources.syncCatalog),
              securityContext: containerSecurityContext(),
              volumeMounts: [...(tls ? [caCertMount()] : []), { ...TMP_MOUNT }],
            },
          ],
          securityContext: podSecurityContext(),
          serviceAccountName: COMPONENT.syncCatalog,
          volumes: [...(tls ? [caCertVolume()] : []), { ...TMP_VOLUME }],
        },
      },
    },
  };
}
