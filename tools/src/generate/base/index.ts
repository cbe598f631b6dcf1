import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, mountedConfigMapNames, type ConfigMapContent } from '../../model/config-checksum.js';
import { COMPONENT } from '../../model/consul.js';
import { get } from '../../model/k8s-objects.js';
import type { Spec } from '../../environments/types.js';
import { toYaml } from '../serialize.js';
import { autopilotObjects } from './autopilot.js';
import { gossipJob, serverAclInitJob, tlsInitJob } from './bootstrap.js';
import { clientDaemonSet } from './client-daemonset.js';
import { agentConfigFiles, configMap } from './config.js';
import { authMethodObjects, serviceAccount, syncCatalogRbac } from './rbac.js';
import { serverPdb } from './server-pdb.js';
import { serverStatefulSet } from './server-statefulset.js';
import { dnsService, serverService, uiService } from './services.js';
import { baseSettings, type DatacenterSettings } from './settings.js';
import { syncCatalogDeployment } from './sync-catalog.js';

/**
 * Every object of one datacenter, by the base/ file it belongs in. The same function builds base/
 * (from the defaults) and each environment's model, whose difference from base/ is its overlay.
 */
export function datacenterObjects(settings: DatacenterSettings): Record<string, Record<string, unknown>[]> {
  const { tls, acls, gossip } = settings.security;
  const files: Record<string, Record<string, unknown>[]> = {
    'autopilot-config.yaml': autopilotObjects(settings),
    'client-config.yaml': [configMap('client', agentConfigFiles('client', settings))],
    'client-daemonset.yaml': [clientDaemonSet(settings)],
    'dns-service.yaml': [dnsService()],
    'server-config.yaml': [configMap('server', agentConfigFiles('server', settings))],
    'server-pdb.yaml': [serverPdb(settings.servers)],
    'server-service.yaml': [serverService(settings)],
    'server-statefulset.yaml': [serverStatefulSet(settings)],
    'service-accounts.yaml': [
      serviceAccount(COMPONENT.server, 'server'),
      serviceAccount(COMPONENT.client, 'client'),
      serviceAccount(COMPONENT.syncCatalog, 'sync-catalog', true),
    ],
    'sync-catalog-deployment.yaml': [syncCatalogDeployment(settings)],
    'sync-catalog-rbac.yaml': syncCatalogRbac(settings.clusterScopedSuffix),
    'ui-service.yaml': [uiService(settings)],
  };
  if (gossip) files['bootstrap-gossip-encryption.yaml'] = gossipJob(settings);
  if (tls) files['bootstrap-tls-init.yaml'] = tlsInitJob(settings);
  if (acls) {
    files['bootstrap-server-acl-init.yaml'] = serverAclInitJob(settings);
    files['auth-method.yaml'] = authMethodObjects(settings.clusterScopedSuffix);
  }
  withConfigChecksums(Object.values(files).flat());
  return files;
}

const WORKLOAD_KINDS: ReadonlySet<unknown> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * Every workload that mounts a ConfigMap of the datacenter gets the checksum of that config on its
 * pod template (the chart's config-checksum), so that a config change rolls its pods. In place.
 */
function withConfigChecksums(objects: readonly Record<string, unknown>[]): void {
  const configMaps = new Map<string, ConfigMapContent>();
  for (const object of objects) {
    const name = get(object, 'metadata', 'name');
    if (object.kind === 'ConfigMap' && typeof name === 'string') configMaps.set(name, { name, data: object.data, binaryData: object.binaryData });
  }
  for (const object of objects) {
    if (!WORKLOAD_KINDS.has(object.kind)) continue;
    const template = get(object, 'spec', 'template') as Record<string, unknown> | undefined;
    const mounted = mountedConfigMapNames(get(template, 'spec')).flatMap((name) => configMaps.get(name) ?? []);
    if (!template || mounted.length === 0) continue;
    const metadata = (template.metadata ?? {}) as Record<string, unknown>;
    template.metadata = {
      ...metadata,
      annotations: { ...(metadata.annotations as Record<string, string> | undefined), [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(mounted) },
    };
  }
}

/** base/'s objects: every component of the seed architecture, for a generic 3-server datacenter of the defaults. */
export function baseObjects(spec: Spec): Record<string, Record<string, unknown>[]> {
  return datacenterObjects(baseSettings(spec));
}

/** base/: the files of `documents` (baseObjects), and its kustomization listing them. */
export function baseFiles(spec: Spec, documents: Record<string, Record<string, unknown>[]>): Map<string, string> {
  const files = new Map<string, string>();
  const names = Object.keys(documents).sort();
  for (const name of names) files.set(`base/${name}`, toYaml(documents[name] ?? [], spec.file));
  files.set(
    'base/kustomization.yaml',
    toYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names }], spec.file),
  );
  return files;
}
