/** The Consul facts of one render that a reviewer weighs in a diff: servers, storage, PDB, image, security. */
import { COMPONENT, SECRET } from '../model/consul.js';
import { parseImageReference } from '../model/image-reference.js';
import type { ParsedResource } from '../parse/resource.js';
import { agentConfigFrom, aclDefaultDeny, configValue, tlsEnabled } from '../model/consul-config.js';
import { asArray, asObject, get, isKind } from '../model/k8s-objects.js';
import { versionOf } from '../model/version.js';

export interface ClaimState {
  name: string;
  /** null when the template names no class (the cluster default applies). */
  storageClass: string | null;
  size?: string;
}

export interface ServerState {
  replicas: number;
  claims: ClaimState[];
  image?: string;
  /** verify_incoming for RPC (tls.internal_rpc, else tls.defaults), when set. */
  verifyIncoming?: boolean;
  /** The datacenter of the server config, when set. */
  datacenter?: string;
  /** bootstrap_expect of the server config, when set. */
  bootstrapExpect?: number;
  pdb?: { maxUnavailable?: number | string; minAvailable?: number | string };
  tls: boolean;
  acls: boolean;
  gossip: boolean;
}

export function serverStatefulSetOf(resources: readonly ParsedResource[]): ParsedResource | undefined {
  return resources.find((resource) => isKind(resource, 'StatefulSet', 'apps') && resource.ref.name === COMPONENT.server);
}

function claimsOf(statefulSet: ParsedResource): ClaimState[] {
  return asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).map((template, index) => {
    const storageClass = get(template, 'spec', 'storageClassName');
    const size = get(template, 'spec', 'resources', 'requests', 'storage');
    const name = get(template, 'metadata', 'name');
    return {
      name: typeof name === 'string' ? name : `#${index}`,
      storageClass: typeof storageClass === 'string' ? storageClass : null,
      ...(typeof size === 'string' || typeof size === 'number' ? { size: String(size) } : {}),
    };
  });
}

function consulImageOf(statefulSet: ParsedResource): string | undefined {
  const containers = asArray(get(statefulSet.object, 'spec', 'template', 'spec', 'containers'));
  const consul = containers.find((container) => get(container, 'name') === 'consul') ?? containers[0];
  const image = get(consul, 'image');
  return typeof image === 'string' ? image : undefined;
}

/** The server side of a render, or undefined when it has no server StatefulSet. */
export function serverStateOf(resources: readonly ParsedResource[]): ServerState | undefined {
  const statefulSet = serverStatefulSetOf(resources);
  if (!statefulSet) return undefined;
  const replicas = get(statefulSet.object, 'spec', 'replicas');
  const pdb = resources.find((resource) => resource.ref.kind === 'PodDisruptionBudget' && resource.ref.name === COMPONENT.server);
  const pdbSpec = pdb ? asObject(get(pdb.object, 'spec')) : undefined;
  const configMap = resources.find((resource) => resource.ref.kind === 'ConfigMap' && resource.ref.name === COMPONENT.serverConfig);
  const config = agentConfigFrom(asObject(get(configMap?.object, 'data'))).config;
  const podTemplate = JSON.stringify(get(statefulSet.object, 'spec', 'template') ?? {});
  const image = consulImageOf(statefulSet);
  const bootstrapExpect = config.bootstrap_expect;
  const verifyIncoming =
    configValue(config, 'tls.internal_rpc.verify_incoming') ??
    configValue(config, 'tls.defaults.verify_incoming') ??
    configValue(config, 'verify_incoming');
  return {
    replicas: typeof replicas === 'number' ? replicas : 1,
    claims: claimsOf(statefulSet),
    ...(image ? { image } : {}),
    ...(typeof bootstrapExpect === 'number' ? { bootstrapExpect } : {}),
    ...(typeof config.datacenter === 'string' ? { datacenter: config.datacenter } : {}),
    ...(typeof verifyIncoming === 'boolean' ? { verifyIncoming } : {}),
    ...(pdbSpec
      ? {
          pdb: {
            ...(pdbSpec.maxUnavailable !== undefined ? { maxUnavailable: pdbSpec.maxUnavailable as number | string } : {}),
            ...(pdbSpec.minAvailable !== undefined ? { minAvailable: pdbSpec.minAvailable as number | string } : {}),
          },
        }
      : {}),
    tls: tlsEnabled(config),
    acls: aclDefaultDeny(config),
    // a renamed key Secret is a gossip-key-change, not gossip switched off
    gossip:
      podTemplate.includes(`"${SECRET.gossipKey.name}"`) ||
      gossipKeyRef(statefulSet) !== undefined ||
      (typeof config.encrypt === 'string' && config.encrypt !== ''),
  };
}

/** `hashicorp/consul:1.20.2@sha256:...` -> { major: 1, minor: 20, patch: 2 }. */
export function consulVersionOf(image: string | undefined): { major: number; minor: number; patch: number; text: string } | undefined {
  const tag = image ? parseImageReference(image).tag : undefined;
  if (tag === undefined) return undefined;
  const version = versionOf(tag);
  if (!version) return undefined;
  return { major: version.major, minor: version.minor, patch: version.patch, text: tag };
}

/** `name/key` of the gossip key each container's env reads (CONSUL_GOSSIP_KEY or any env named *GOSSIP*). */
export function gossipKeyRef(workload: ParsedResource | undefined): string | undefined {
  const containers = [
    ...asArray(get(workload?.object, 'spec', 'template', 'spec', 'initContainers')),
    ...asArray(get(workload?.object, 'spec', 'template', 'spec', 'containers')),
  ];
  for (const container of containers) {
    for (const env of asArray(get(container, 'env'))) {
      const ref = get(env, 'valueFrom', 'secretKeyRef');
      const name = get(env, 'name');
      if (ref && typeof name === 'string' && /GOSSIP/i.test(name)) return `${String(get(ref, 'name'))}/${String(get(ref, 'key'))}`;
    }
  }
  return undefined;
}
