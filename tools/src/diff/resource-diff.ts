/** Match the resources of two renders by identity (API group, kind, namespace, name) and diff each pair. */
import type { ResourceRef } from '../model/finding.js';
import { pointerKeys, valueAt } from '../model/json.js';
import { redactField } from '../model/redact.js';
import { diffFields, type FieldChange } from './field-diff.js';

export interface RenderedObject {
  ref: ResourceRef;
  object: Record<string, unknown>;
}

export type ResourceStatus = 'added' | 'removed' | 'changed';

export interface ResourceDiff {
  ref: ResourceRef;
  status: ResourceStatus;
  /** Field changes; empty for added and removed resources. */
  changes: FieldChange[];
}

/** API group without the version: a move from v1beta1 to v1 is a change, not a remove and an add. */
function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function identityOf(ref: ResourceRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The name a changed value goes by: its key, or for an env entry's value the variable's name. */
function nameAt(object: unknown, path: string): string {
  const segments = pointerKeys(path);
  const last = segments[segments.length - 1] ?? '';
  if (last !== 'value') return last;
  const name = valueAt(object, [...segments.slice(0, -1), 'name']);
  return typeof name === 'string' ? name : last;
}

/** Diffs print values: hide Secret data and anything the secret detector flags (model/redact.ts). */
function redactChange(kind: string, change: FieldChange, before: unknown, after: unknown): FieldChange {
  return {
    ...change,
    ...('before' in change ? { before: redactField(kind, change.path, change.before, nameAt(before, change.path)) } : {}),
    ...('after' in change ? { after: redactField(kind, change.path, change.after, nameAt(after, change.path)) } : {}),
  };
}

/** Added, removed and changed resources, in a stable order (kind, namespace, name). */
export function diffResources(base: readonly RenderedObject[], head: readonly RenderedObject[]): ResourceDiff[] {
  const before = new Map(base.map((item) => [identityOf(item.ref), item]));
  const after = new Map(head.map((item) => [identityOf(item.ref), item]));
  const diffs: ResourceDiff[] = [];
  for (const [key, item] of after) {
    const previous = before.get(key);
    if (!previous) diffs.push({ ref: item.ref, status: 'added', changes: [] });
    else {
      const changes = diffFields(previous.object, item.object).map((change) =>
        redactChange(item.ref.kind, change, previous.object, item.object),
      );
      if (changes.length > 0) diffs.push({ ref: item.ref, status: 'changed', changes });
    }
  }
  for (const [key, item] of before) if (!after.has(key)) diffs.push({ ref: item.ref, status: 'removed', changes: [] });
  // field by field: localeCompare ignores the NUL of a joined key, which then sorted namespace a/name z after ab/c
  return diffs.sort(
    (a, b) =>
      a.ref.kind.localeCompare(b.ref.kind) ||
      (a.ref.namespace ?? '').localeCompare(b.ref.namespace ?? '') ||
      a.ref.name.localeCompare(b.ref.name),
  );
}
