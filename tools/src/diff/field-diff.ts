/**
 * Field-level semantic diff of two JSON values: key order and formatting never count. Lists of
 * objects that all carry a unique `name` (containers, ports, env, volumes) are matched by name, so a
 * reordering is no change and an insertion is one added item; other lists compare by position.
 * Paths are JSON pointers into the head object (into the base object for removed items).
 */
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject, pointerSegment } from '../model/json.js';

export type ChangeType = 'added' | 'removed' | 'changed';

export interface FieldChange {
  path: string;
  type: ChangeType;
  before?: unknown;
  after?: unknown;
}

function namesOf(list: readonly unknown[]): string[] | undefined {
  const names = list.map((item) => (isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((name) => name === undefined)) return undefined;
  return new Set(names).size === names.length ? (names as string[]) : undefined;
}

function diffLists(before: readonly unknown[], after: readonly unknown[], path: string, out: FieldChange[]): void {
  const beforeNames = namesOf(before);
  const afterNames = namesOf(after);
  if (beforeNames && afterNames && (before.length > 0 || after.length > 0)) {
    afterNames.forEach((name, index) => {
      const previous = beforeNames.indexOf(name);
      if (previous < 0) out.push({ path: `${path}/${index}`, type: 'added', after: after[index] });
      else diffInto(before[previous], after[index], `${path}/${index}`, out);
    });
    beforeNames.forEach((name, index) => {
      if (!afterNames.includes(name)) out.push({ path: `${path}/${index}`, type: 'removed', before: before[index] });
    });
    return;
  }
  const shared = Math.min(before.length, after.length);
  for (let index = 0; index < shared; index++) diffInto(before[index], after[index], `${path}/${index}`, out);
  for (let index = shared; index < after.length; index++) out.push({ path: `${path}/${index}`, type: 'added', after: after[index] });
  for (let index = shared; index < before.length; index++) out.push({ path: `${path}/${index}`, type: 'removed', before: before[index] });
}

function diffInto(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(after).sort()) {
      const child = `${path}/${pointerSegment(key)}`;
      if (!(key in before)) out.push({ path: child, type: 'added', after: after[key] });
      else diffInto(before[key], after[key], child, out);
    }
    for (const key of Object.keys(before).sort()) {
      if (!(key in after)) out.push({ path: `${path}/${pointerSegment(key)}`, type: 'removed', before: before[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffLists(before, after, path, out);
    return;
  }
  out.push({ path: path || '/', type: 'changed', before, after });
}

/** Every field that differs between `before` and `after`. Empty when they are semantically equal. */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  diffInto(before, after, '', out);
  return out;
}
