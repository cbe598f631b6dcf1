/**
 * JSON values as the tools read them: plain objects, RFC 6901 pointers (`~0` is `~`, `~1` is `/`),
 * the value at a path, and the deep merge that the spec's defaults and Consul's config files share
 * (objects merge key by key, everything else replaces). Pure.
 */
export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One pointer segment for an object key or list index: `~` -> `~0`, `/` -> `~1`. */
export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  // the schema walk names every field of every object: most keys have nothing to escape
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** The keys of a pointer, unescaped: `/metadata/annotations/a~1b` -> `metadata`, `annotations`, `a/b`; `` -> none. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a path of keys (list indexes as numbers or digit strings); undefined when any step is missing. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (Array.isArray(current)) current = typeof key === 'number' || /^\d+$/.test(key) ? current[Number(key)] : undefined;
    else current = isPlainObject(current) ? current[String(key)] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * `override` merged into `base`, as a new value: two objects merge key by key, anything else is
 * replaced by `override` (an absent override keeps `base`). `replaceWhole(path)` names keys whose
 * objects replace instead of merging. Neither input is changed.
 */
export function mergeJson(
  base: unknown,
  override: unknown,
  replaceWhole: (path: readonly string[]) => boolean = () => false,
  path: readonly string[] = [],
): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const at = [...path, key];
    merged[key] = key in base && !replaceWhole(at) ? mergeJson(base[key], value, replaceWhole, at) : value;
  }
  return merged;
}

/** A JSON value as a message shows it: a string, number or boolean as written, anything else as JSON (never `[object Object]`). */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
