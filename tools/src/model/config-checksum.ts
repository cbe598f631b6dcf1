/**
 * A pod template rolls only when the template itself changes, not when a ConfigMap it mounts does.
 * The chart puts `consul.hashicorp.com/config-checksum` (a hash of the config) on the server and
 * client pod templates so that a config change restarts the agents; the generator writes it and the
 * `config-rollout` rule recomputes it over the rendered ConfigMaps, so a layered patch that changes
 * the config without the annotation is caught before sync. Pure.
 */
import { createHash } from 'node:crypto';
import { get } from './k8s-objects.js';

export const CONFIG_CHECKSUM_ANNOTATION = 'consul.hashicorp.com/config-checksum';

/** A ConfigMap's name and content, as rendered. */
export interface ConfigMapContent {
  name: string;
  data?: unknown;
  binaryData?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys sorted at every level: the same content gives the same text, whatever its key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value ?? null;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

/** sha256 (hex) over the ConfigMaps' names, data and binaryData, in name order. */
export function configChecksum(configMaps: readonly ConfigMapContent[]): string {
  const content = [...configMaps]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((configMap) => [configMap.name, canonical(configMap.data ?? {}), canonical(configMap.binaryData ?? {})]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The ConfigMaps a pod spec mounts as volumes (plain and projected), sorted and without repeats. */
export function mountedConfigMapNames(podSpec: unknown): string[] {
  const names = new Set<string>();
  const volumes = get(podSpec, 'volumes');
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    const name = get(volume, 'configMap', 'name');
    if (typeof name === 'string') names.add(name);
    const sources = get(volume, 'projected', 'sources');
    for (const source of Array.isArray(sources) ? sources : []) {
      const projected = get(source, 'configMap', 'name');
      if (typeof projected === 'string') names.add(projected);
    }
  }
  return [...names].sort();
}
