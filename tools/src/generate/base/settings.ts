import { SpecError } from '../../model/errors.js';
import type { ContainerResources, Spec } from '../../spec/types.js';

/** What base/ is generated from: the spec's defaults, completed by these fallbacks. */
export interface BaseSettings {
  datacenter: string;
  servers: number;
  storageSize: string;
  images: { consul: string; controlPlane: string };
  resources: { server: ContainerResources; client: ContainerResources; syncCatalog: ContainerResources };
}

const FALLBACK_RESOURCES: BaseSettings['resources'] = {
  server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  client: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  syncCatalog: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
};

/** loadSpec already reports missing default images; this guards specs built in code. */
export function baseSettings(spec: Pick<Spec, 'defaults'> & Partial<Pick<Spec, 'file'>>): BaseSettings {
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
    servers: 3,
    storageSize: defaults.storage?.size ?? '10Gi',
    images: { consul: images.consul, controlPlane: images.controlPlane },
    resources: {
      server: defaults.resources?.server ?? FALLBACK_RESOURCES.server,
      client: defaults.resources?.client ?? FALLBACK_RESOURCES.client,
      syncCatalog: defaults.resources?.syncCatalog ?? FALLBACK_RESOURCES.syncCatalog,
    },
  };
}
