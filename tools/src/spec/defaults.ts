/**
 * Deep merge of the spec's `defaults` into each environment: objects merge, everything else replaces.
 * Except `destination`: server and name are alternatives, so an environment's destination replaces
 * the default one whole (an environment with `destination: {name: edge}` does not inherit `server`).
 */
import { mergeJson } from '../model/json.js';

const REPLACED_WHOLE = new Set(['destination']);

export function mergeDefaults(defaults: unknown, environment: unknown): unknown {
  return mergeJson(defaults, environment, (path) => path.length === 1 && REPLACED_WHOLE.has(path[0] ?? ''));
}
