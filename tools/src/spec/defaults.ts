/**
 * Deep merge of the spec's `defaults` into each environment: objects merge, everything else replaces.
 * Except `destination`: server and name are alternatives, so an environment's destination replaces
 * the default one whole (an environment with `destination: {name: edge}` does not inherit `server`).
 */
const REPLACED_WHOLE = new Set(['destination']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergeDefaults(defaults: unknown, environment: unknown, depth = 0): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(environment)) return environment === undefined ? defaults : environment;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(environment)) {
    merged[key] = key in defaults && !(depth === 0 && REPLACED_WHOLE.has(key)) ? mergeDefaults(defaults[key], value, depth + 1) : value;
  }
  return merged;
}
