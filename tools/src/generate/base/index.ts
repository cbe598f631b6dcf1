import { COMPONENT } from '../../model/consul.js';
import type { Spec } from '../../spec/types.js';
import { toYaml } from '../serialize.js';
import { clientDaemonSet } from './client-daemonset.js';
import { agentConfig, CONFIG_KEYS, configMap, environmentConfig } from './config.js';
import { serviceAccount, syncCatalogRbac } from './rbac.js';
import { serverPdb } from './server-pdb.js';
import { serverStatefulSet } from './server-statefulset.js';
import { dnsService, serverService, uiService } from './services.js';
import { baseSettings } from './settings.js';
import { syncCatalogDeployment } from './sync-catalog.js';

/** base/: every component of the seed architecture, for a generic 3-server datacenter. */
export function baseFiles(spec: Spec): Map<string, string> {
  const settings = baseSettings(spec);
  const documents: Record<string, unknown[]> = {
    'client-config.yaml': [
      configMap('client', {
        [CONFIG_KEYS.agent]: agentConfig('client'),
        [CONFIG_KEYS.environment]: environmentConfig('client', settings.datacenter, settings.servers),
      }),
    ],
    'client-daemonset.yaml': [clientDaemonSet(settings)],
    'dns-service.yaml': [dnsService()],
    'server-config.yaml': [
      configMap('server', {
        [CONFIG_KEYS.agent]: agentConfig('server'),
        [CONFIG_KEYS.environment]: environmentConfig('server', settings.datacenter, settings.servers),
      }),
    ],
    'server-pdb.yaml': [serverPdb(settings.servers)],
    'server-service.yaml': [serverService()],
    'server-statefulset.yaml': [serverStatefulSet(settings)],
    'service-accounts.yaml': [
      serviceAccount(COMPONENT.server, 'server'),
      serviceAccount(COMPONENT.client, 'client'),
      serviceAccount(COMPONENT.syncCatalog, 'sync-catalog'),
    ],
    'sync-catalog-deployment.yaml': [syncCatalogDeployment(settings)],
    'sync-catalog-rbac.yaml': syncCatalogRbac(),
    'ui-service.yaml': [uiService()],
  };
  const files = new Map<string, string>();
  const names = Object.keys(documents).sort();
  for (const name of names) files.set(`base/${name}`, toYaml(documents[name] ?? [], spec.file));
  files.set(
    'base/kustomization.yaml',
    toYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names }], spec.file),
  );
  return files;
}
