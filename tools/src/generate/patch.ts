/**
 * The strategic-merge patch that turns a base/ object into an environment's object. Lists are
 * never merged entry by entry: a list that differs is written whole, so the patched list has exactly
 * the environment's entries in the environment's order (a merge would put an added env entry before
 * the base's entries, and `$(VAR)` expands only variables defined earlier in the same container).
 */
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '../spec/defaults.js';

/**
 * Kubernetes lists that strategic merge merges by a key (their patchMergeKey), with the key this
 * generator merges them by. A list with the same keys in the same order is patched entry by entry
 * (each entry keeps its place); otherwise it is written whole with the `$patch: replace` directive.
 * Container and Service ports are keyed by port number, which TCP and UDP entries share: they are
 * always written whole. Other lists are replaced by a patch anyway, and the directive there would be
 * kept as a literal entry.
 */
const KEYED_LISTS: Readonly<Record<string, string | undefined>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: undefined,
  topologySpreadConstraints: undefined,
};

export const REPLACE_DIRECTIVE = { $patch: 'replace' } as const;

function keysOf(list: readonly unknown[], key: string): unknown[] | undefined {
  const keys = list.map((entry) => (isPlainObject(entry) ? entry[key] : undefined));
  return keys.every((value) => value !== undefined) ? keys : undefined;
}

function listPatch(field: string, base: unknown, desired: readonly unknown[]): unknown[] {
  // A new list (the base has none) and an unkeyed list are taken as written.
  if (!(field in KEYED_LISTS) || !Array.isArray(base)) return [...desired];
  const key = KEYED_LISTS[field];
  if (key !== undefined) {
    const before = keysOf(base, key);
    const after = keysOf(desired, key);
    if (before && after && isDeepStrictEqual(before, after)) {
      return desired.flatMap((entry, index) => {
        const patch = objectPatch(base[index] as Record<string, unknown>, entry as Record<string, unknown>);
        return patch ? [{ [key]: (entry as Record<string, unknown>)[key], ...patch }] : [];
      });
    }
  }
  return [{ ...REPLACE_DIRECTIVE }, ...desired];
}

/** The patch of one value: undefined when nothing changes; `null` deletes a key. */
function valuePatch(field: string, base: unknown, desired: unknown): unknown {
  if (isDeepStrictEqual(base, desired)) return undefined;
  if (isPlainObject(base) && isPlainObject(desired)) return objectPatch(base, desired);
  if (Array.isArray(desired)) return listPatch(field, base, desired);
  return desired === undefined ? null : desired;
}

function objectPatch(base: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(desired)])) {
    const value = valuePatch(key, base[key], desired[key]);
    if (value !== undefined) patch[key] = value;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

export function refOf(object: Record<string, unknown>): ObjectRef {
  const metadata = object.metadata as { name: string };
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), metadata: { name: metadata.name } };
}

/** The patch document turning `base` into `desired` (same kind and name), or undefined when they are equal. */
export function strategicPatch(base: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> | undefined {
  const patch = objectPatch(base, desired);
  if (!patch) return undefined;
  const metadata = { ...(patch.metadata as Record<string, unknown> | undefined), name: refOf(base).metadata.name };
  return { ...patch, ...refOf(base), metadata };
}

/** A patch that removes the object from the render. */
export function deletePatch(base: Record<string, unknown>): Record<string, unknown> {
  return { ...refOf(base), $patch: 'delete' };
}
