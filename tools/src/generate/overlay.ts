/** overlays/<env>/: one kustomization plus one small patch file per concern that differs from base/. */
import { COMPONENT, LABEL, PATHS, PORTS, SECRET, TOPOLOGY } from '../model/consul.js';
import { recommendedPdbMaxUnavailable } from '../model/quorum-math.js';
import { servesPlainHttp, type EnvironmentSpec, type Spec } from '../spec/types.js';
import { resourceBlock } from './base/agent.js';
import { aclConfig, CONFIG_KEYS, environmentConfig, tlsConfig, type AgentRole } from './base/config.js';
import { selectorLabels } from './base/labels.js';
import { serverClaimTemplate } from './base/server-statefulset.js';
import { uiPorts } from './base/services.js';
import { baseSettings } from './base/settings.js';
import { acceptedRiskPatches, type BaseResourceRef } from './accepted-risks.js';
import { toJson, toYaml } from './serialize.js';

type Patch = { path: string; documents: unknown[] } | { path: string; target: Record<string, string>; operations: unknown[] };

const ref = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, metadata: { name } });

/** Split `repo:tag@digest` into kustomize `images` fields. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest = image, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), ...(digest ? { digest } : {}) };
  return { name: withoutDigest, ...(digest ? { digest } : {}) };
}

function configPatch(role: AgentRole, env: EnvironmentSpec): unknown {
  const data: Record<string, string> = { [CONFIG_KEYS.environment]: toJson(environmentConfig(role, env.datacenter, env.servers)) };
  if (env.security.tls) data[CONFIG_KEYS.tls] = toJson(tlsConfig(role, servesPlainHttp(env)));
  if (env.security.acls) data[CONFIG_KEYS.acl] = toJson(aclConfig());
  return { ...ref('v1', 'ConfigMap', role === 'server' ? COMPONENT.serverConfig : COMPONENT.clientConfig), data };
}

function secretEnv(name: string, secret: { name: string; key: string }): unknown {
  return { name, valueFrom: { secretKeyRef: { key: secret.key, name: secret.name } } };
}

/** Env, mounts and volumes that switch an agent container to TLS, ACLs and gossip encryption. */
function agentSecurityPatch(role: AgentRole, env: EnvironmentSpec): unknown | undefined {
  const { tls, acls, gossip } = env.security;
  if (!tls && !acls && !gossip) return undefined;
  const containerEnv: unknown[] = [];
  const mounts: unknown[] = [];
  const volumes: unknown[] = [];
  if (tls) {
    containerEnv.push({ name: 'CONSUL_CACERT', value: `${PATHS.ca}/${SECRET.caCert.key}` });
    containerEnv.push({ name: 'CONSUL_HTTP_ADDR', value: `https://127.0.0.1:${PORTS.https.port}` });
    mounts.push({ mountPath: PATHS.ca, name: 'consul-ca', readOnly: true });
    volumes.push({ name: 'consul-ca', secret: { secretName: SECRET.caCert.name } });
    if (role === 'server') {
      mounts.push({ mountPath: PATHS.serverCert, name: 'server-cert', readOnly: true });
      volumes.push({ name: 'server-cert', secret: { secretName: SECRET.serverCert.name } });
    }
  }
  if (acls) containerEnv.push(secretEnv('ACL_AGENT_TOKEN', role === 'server' ? SECRET.serverAclToken : SECRET.clientAclToken));
  if (gossip) containerEnv.push(secretEnv('GOSSIP_KEY', SECRET.gossipKey));
  const ports: unknown[] = [];
  if (role === 'client' && tls) {
    ports.push({ containerPort: PORTS.https.port, hostPort: PORTS.https.port, protocol: 'TCP' });
    if (!servesPlainHttp(env)) ports.push({ containerPort: PORTS.http.port, hostPort: null, protocol: 'TCP' });
  }
  const container = {
    name: 'consul',
    ...(containerEnv.length ? { env: containerEnv } : {}),
    ...(ports.length ? { ports } : {}),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
  };
  const kind = role === 'server' ? 'StatefulSet' : 'DaemonSet';
  return {
    ...ref('apps/v1', kind, role === 'server' ? COMPONENT.server : COMPONENT.client),
    spec: { template: { spec: { containers: [container], ...(volumes.length ? { volumes } : {}) } } },
  };
}

function syncCatalogSecurityPatch(env: EnvironmentSpec): unknown | undefined {
  const { tls, acls } = env.security;
  if (!tls && !acls) return undefined;
  const containerEnv: unknown[] = [];
  if (tls) {
    containerEnv.push({ name: 'CONSUL_CACERT', value: `${PATHS.ca}/${SECRET.caCert.key}` });
    containerEnv.push({ name: 'CONSUL_HTTP_ADDR', value: `https://$(HOST_IP):${PORTS.https.port}` });
  }
  if (acls) containerEnv.push(secretEnv('CONSUL_HTTP_TOKEN', SECRET.syncCatalogAclToken));
  return {
    ...ref('apps/v1', 'Deployment', COMPONENT.syncCatalog),
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'sync-catalog',
              env: containerEnv,
              ...(tls ? { volumeMounts: [{ mountPath: PATHS.ca, name: 'consul-ca', readOnly: true }] } : {}),
            },
          ],
          ...(tls ? { volumes: [{ name: 'consul-ca', secret: { secretName: SECRET.caCert.name } }] } : {}),
        },
      },
    },
  };
}

function resourcesPatch(kind: string, name: string, container: string, resources: EnvironmentSpec['resources']['server']): unknown {
  return { ...ref('apps/v1', kind, name), spec: { template: { spec: { containers: [{ name: container, resources: resourceBlock(resources) }] } } } };
}

function overlayPatches(env: EnvironmentSpec, spec: Spec, baseResources: readonly BaseResourceRef[]): Patch[] {
  const patches: Patch[] = [
    { path: 'server-config.yaml', documents: [configPatch('server', env)] },
    { path: 'client-config.yaml', documents: [configPatch('client', env)] },
    {
      path: 'server-pdb.yaml',
      documents: [{ ...ref('policy/v1', 'PodDisruptionBudget', COMPONENT.server), spec: { maxUnavailable: recommendedPdbMaxUnavailable(env.servers) } }],
    },
    {
      path: 'server-storage.yaml',
      documents: [{ ...ref('apps/v1', 'StatefulSet', COMPONENT.server), spec: { volumeClaimTemplates: [serverClaimTemplate(env.storage.size, env.storage.class)] } }],
    },
    { path: 'server-resources.yaml', documents: [resourcesPatch('StatefulSet', COMPONENT.server, 'consul', env.resources.server)] },
    { path: 'client-resources.yaml', documents: [resourcesPatch('DaemonSet', COMPONENT.client, 'consul', env.resources.client)] },
    { path: 'sync-catalog-resources.yaml', documents: [resourcesPatch('Deployment', COMPONENT.syncCatalog, 'sync-catalog', env.resources.syncCatalog)] },
  ];
  if (env.zones.length > 1) {
    patches.push({
      path: 'server-zone-spread.yaml',
      documents: [
        {
          ...ref('apps/v1', 'StatefulSet', COMPONENT.server),
          spec: {
            template: {
              spec: {
                topologySpreadConstraints: [
                  { labelSelector: { matchLabels: selectorLabels('server') }, maxSkew: 1, topologyKey: TOPOLOGY.zone, whenUnsatisfiable: 'DoNotSchedule' },
                ],
              },
            },
          },
        },
      ],
    });
  }
  for (const role of ['server', 'client'] as const) {
    const patch = agentSecurityPatch(role, env);
    if (patch) patches.push({ path: `${role}-security.yaml`, documents: [patch] });
  }
  const syncPatch = syncCatalogSecurityPatch(env);
  if (syncPatch) patches.push({ path: 'sync-catalog-security.yaml', documents: [syncPatch] });
  if (env.security.tls) {
    patches.push({
      path: 'ui-service-ports.yaml',
      target: { kind: 'Service', name: COMPONENT.ui },
      operations: [{ op: 'replace', path: '/spec/ports', value: uiPorts(servesPlainHttp(env), true) }],
    });
  }
  for (const risk of acceptedRiskPatches(env, baseResources, spec.file)) patches.push({ path: risk.path, documents: [risk.document] });
  return patches.sort((a, b) => a.path.localeCompare(b.path));
}

function imageOverrides(env: EnvironmentSpec, spec: Spec): unknown[] {
  const base = baseSettings(spec).images;
  const overrides: unknown[] = [];
  for (const key of ['consul', 'controlPlane'] as const) {
    if (env.images[key] === base[key]) continue;
    const from = parseImage(base[key]);
    const to = parseImage(env.images[key]);
    overrides.push({
      name: from.name,
      ...(to.name !== from.name ? { newName: to.name } : {}),
      ...(to.tag ? { newTag: to.tag } : {}),
      ...(to.digest ? { digest: to.digest } : {}),
    });
  }
  return overrides;
}

/** Every file of overlays/<env>/, keyed by repository-relative path. */
export interface OverlayOptions {
  /** Include the hand-written `local/` kustomize Component. */
  localComponent: boolean;
  /** base/'s objects, which accepted risks may name (empty: an environment cannot accept risks). */
  baseResources?: readonly BaseResourceRef[];
}

export function overlayFiles(env: EnvironmentSpec, spec: Spec, options: OverlayOptions): Map<string, string> {
  const dir = `overlays/${env.name}`;
  const patches = overlayPatches(env, spec, options.baseResources ?? []);
  const files = new Map<string, string>();
  const images = imageOverrides(env, spec);
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: env.namespace,
    resources: ['../../base'],
    ...(options.localComponent ? { components: ['local'] } : {}),
    labels: [{ pairs: { [LABEL.environment]: env.name } }],
    replicas: [{ count: env.servers, name: COMPONENT.server }],
    ...(images.length ? { images } : {}),
    patches: patches.map((patch) => ('target' in patch ? { path: patch.path, target: patch.target } : { path: patch.path })),
  };
  files.set(`${dir}/kustomization.yaml`, toYaml([kustomization], spec.file));
  for (const patch of patches) {
    files.set(`${dir}/${patch.path}`, toYaml('target' in patch ? [patch.operations] : patch.documents, spec.file));
  }
  return files;
}
