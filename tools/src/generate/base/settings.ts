import { SpecError } from '../../model/errors.js';
import type { EnvironmentSpec, SecuritySpec, Spec, Toleration } from '../../environments/types.js';

/**
 * Everything one datacenter's manifests are built from. base/ is built from the spec's defaults
 * (a generic 3-server datacenter); each overlay is the difference between base/ and the same
 * builders run on its environment.
 */
export interface DatacenterSettings {
  datacenter: string;
  servers: number;
  storage: { size: string; class?: string };
  /** Zones the servers spread over; more than one adds a hard zone spread. */
  zones: readonly string[];
  images: EnvironmentSpec['images'];
  security: SecuritySpec;
  resources: EnvironmentSpec['resources'];
  /** Tolerations of the client DaemonSet (none by default: a client only where pods may run). */
  clientTolerations: readonly Toleration[];
  /**
   * Appended to the names of cluster-scoped objects (ClusterRoles, ClusterRoleBindings), so that two
   * environments on one cluster do not share them. base/ has none; an overlay's kustomize transformer
   * adds `-<environment>`.
   */
  clusterScopedSuffix: string;
}

const FALLBACK_RESOURCES: DatacenterSettings['resources'] = {
  server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  client: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  syncCatalog: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
};

const BASE_SERVERS = 3;

/** loadSpec already reports missing default images; this guards specs built in code. */
export function baseSettings(spec: Pick<Spec, 'defaults'> & Partial<Pick<Spec, 'file'>>): DatacenterSettings {
  const defaults = spec.defaults;
  const images = defaults.images;
  if (!images?.consul || !images.controlPlane) {
    const missing = (['consul', 'controlPlane'] as const).filter((key) => !images?.[key]);
    throw new SpecError(
      spec.file ?? 'environments.yaml',
      missing.map((key) => ({ path: `defaults.images.${key}`, message: 'required: base/ pins this image; set it under defaults' })),
    );
  }
  return {
    datacenter: defaults.datacenter ?? 'dc1',
    servers: BASE_SERVERS,
    storage: { size: defaults.storage?.size ?? '10Gi', ...(defaults.storage?.class ? { class: defaults.storage.class } : {}) },
    zones: defaults.zones ?? [],
    images: { consul: images.consul, controlPlane: images.controlPlane },
    security: { tls: defaults.security?.tls ?? true, acls: defaults.security?.acls ?? true, gossip: defaults.security?.gossip ?? true },
    resources: {
      server: defaults.resources?.server ?? FALLBACK_RESOURCES.server,
      client: defaults.resources?.client ?? FALLBACK_RESOURCES.client,
      syncCatalog: defaults.resources?.syncCatalog ?? FALLBACK_RESOURCES.syncCatalog,
    },
    clientTolerations: defaults.clientTolerations ?? [],
    clusterScopedSuffix: '',
  };
}

/** The suffix an environment's cluster-scoped object names get. */
export function clusterScopedSuffix(environment: string): string {
  return `-${environment}`;
}

/**
 * One environment's settings. Images stay those of base/: an overlay changes them with kustomize's
 * `images` field, not with patches. `rendered` gives the names as the overlay renders them (its
 * transformer adds the cluster-scoped suffix); without it, as the overlay's patches see them.
 */
export function environmentSettings(env: EnvironmentSpec, base: Pick<DatacenterSettings, 'images'>, rendered = false): DatacenterSettings {
  return {
    datacenter: env.datacenter,
    servers: env.servers,
    storage: { size: env.storage.size, class: env.storage.class },
    zones: env.zones,
    images: base.images,
    security: { ...env.security },
    resources: env.resources,
    clientTolerations: env.clientTolerations ?? [],
    clusterScopedSuffix: rendered ? clusterScopedSuffix(env.name) : '',
  };
}
