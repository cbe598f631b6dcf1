/**
 * What one environment's overlay must render: the objects of its model, as `kustomize build` of
 * overlays/<env> gives them (cluster-scoped names with their `-<env>` suffix, the environment's images).
 * Built by the same builders as base/ and the overlay, so the gate and validate know the datacenter
 * from the generator itself, not from a list kept by hand. Pure.
 */
import type { EnvironmentSpec } from '../spec/types.js';
import { datacenterObjects } from './base/index.js';
import { environmentSettings } from './base/settings.js';

export function renderedEnvironmentModel(env: EnvironmentSpec): Record<string, unknown>[] {
  return Object.values(datacenterObjects(environmentSettings(env, { images: env.images }, true))).flat();
}
