/** Deep merge of the spec's `defaults` into each environment: objects merge, everything else replaces. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergeDefaults(defaults: unknown, environment: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(environment)) return environment === undefined ? defaults : environment;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(environment)) {
    merged[key] = key in defaults ? mergeDefaults(defaults[key], value) : value;
  }
  return merged;
}
