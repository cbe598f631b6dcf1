/**
 * The strategic-merge patch that turns a base/ object into an environment's object. Lists are
 * never merged entry by entry: a list that differs is written whole, so the patched list has exactly
 * the environment's entries in the environment's order (a merge would put an added env entry before
 * the base's entries, and `$(VAR)` expands only variables defined earlier in the same container).
 */
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '../model/json.js';

/**
 * Kubernetes lists that strategic merge merges by a key (their patchMergeKey). kustomize's merge
 * moves every entry a patch names to the front of the list, so entries are never patched one by
 * one: a keyed list that differs is written whole, with the `$patch: replace` directive. The one
 * exception is a list of a single container on both sides, where order cannot change. Other
 * lists are replaced by a patch anyway, and the directive there would be kept as a literal entry.
 */
const KEYED_LISTS = new Set(['containers', 'initContainers', 'env', 'volumes', 'volumeMounts', 'ports', 'topologySpreadConstraints']);
const SINGLE_ENTRY_MERGE = new Set(['containers', 'initContainers']);

const REPLACE_DIRECTIVE = { $patch: 'replace' } as const;

function listPatch(field: string, base: unknown, desired: readonly unknown[]): unknown[] {
  // A new list (the base has none) and an unkeyed list are taken as written.
  if (!KEYED_LISTS.has(field) || !Array.isArray(base)) return [...desired];
  const [only] = desired;
  const before: unknown = base[0];
  if (
    SINGLE_ENTRY_MERGE.has(field) &&
    base.length === 1 &&
    desired.length === 1 &&
    isPlainObject(only) &&
    isPlainObject(before) &&
    only.name === before.name
  ) {
    const patch = objectPatch(before, only);
    return patch ? [{ name: only.name, ...patch }] : [];
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
