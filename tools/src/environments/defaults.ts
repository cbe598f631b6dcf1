/**
 * The spec's `defaults` merged into one environment: objects merge key by key, everything else
 * replaces. Except `destination`: server and name are alternatives, so an environment's destination
 * replaces the default one whole (an environment with `destination: {name: edge}` does not inherit
 * `server`). Written out per key over the schema's types, so the result is typed without a cast; a
 * test walks the schema and fails when an object key is added here without a merge.
 */
import type { ContainerResources, EnvironmentDefaults, EnvironmentEntry, EnvironmentSpec } from './types.js';

/** Two objects of one shape, key by key (the second wins); one alone as it is. */
function merged<T extends object>(base: T | undefined, override: T | undefined): T | undefined {
  return base && override ? { ...base, ...override } : (override ?? base);
}

function mergedContainer(base: ContainerResources | undefined, override: ContainerResources | undefined): ContainerResources | undefined {
  if (!base || !override) return override ?? base;
  return { ...base, ...override, requests: merged(base.requests, override.requests), limits: merged(base.limits, override.limits) };
}

type Resources = EnvironmentEntry['resources'];

function mergedResources(base: Resources, override: Resources): Resources {
  if (!base || !override) return override ?? base;
  return {
    ...base,
    ...override,
    server: mergedContainer(base.server, override.server),
    client: mergedContainer(base.client, override.client),
    syncCatalog: mergedContainer(base.syncCatalog, override.syncCatalog),
  };
}

export function mergeDefaults(defaults: EnvironmentDefaults, environment: EnvironmentEntry): EnvironmentEntry {
  return {
    ...defaults,
    ...environment,
    storage: merged(defaults.storage, environment.storage),
    images: merged(defaults.images, environment.images),
    security: merged(defaults.security, environment.security),
    resources: mergedResources(defaults.resources, environment.resources),
    severity: merged(defaults.severity, environment.severity),
    destination: environment.destination ?? defaults.destination,
  };
}

/**
 * The environment as the loader returns it, once every key the defaults may fill is set (checks.ts
 * reports each missing one); undefined while one is missing. The datacenter is the environment's
 * name unless the spec sets another.
 */
export function resolvedEnvironment(environment: EnvironmentEntry & { name: string }): EnvironmentSpec | undefined {
  const { namespace, storage, zones, minNodes, images, security, resources, destination } = environment;
  if (namespace === undefined || zones === undefined || minNodes === undefined || destination === undefined) return undefined;
  if (storage?.class === undefined || storage.size === undefined) return undefined;
  if (images?.consul === undefined || images.controlPlane === undefined) return undefined;
  if (security?.tls === undefined || security.acls === undefined || security.gossip === undefined) return undefined;
  if (resources?.server === undefined || resources.client === undefined || resources.syncCatalog === undefined) return undefined;
  return {
    ...environment,
    datacenter: environment.datacenter ?? environment.name,
    namespace,
    storage: { ...storage, class: storage.class, size: storage.size },
    zones,
    minNodes,
    images: { ...images, consul: images.consul, controlPlane: images.controlPlane },
    security: { ...security, tls: security.tls, acls: security.acls, gossip: security.gossip },
    resources: { ...resources, server: resources.server, client: resources.client, syncCatalog: resources.syncCatalog },
    destination,
  };
}
