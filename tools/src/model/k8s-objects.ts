/** Small, typed readers over unstructured Kubernetes objects: guards by kind, pod templates, selectors, labels. */
import { LABEL } from './consul.js';
import type { ParsedResource } from './resource.js';

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = asObject(current)?.[key];
    if (current === undefined) return undefined;
  }
  return current;
}

export function isKind(resource: ParsedResource, kind: string, group?: string): boolean {
  if (resource.ref.kind !== kind) return false;
  if (group === undefined) return true;
  const apiVersion = resource.ref.apiVersion ?? '';
  const resourceGroup = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return resourceGroup === group;
}

/** Kinds with a pod template (or a pod spec): what containersOf and podSpecOf read. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'] as const;

/** The pod spec of a workload (CronJob nests one level deeper), with its JSON pointer. */
export function podSpecOf(resource: ParsedResource): { spec: Json; pointer: string } | undefined {
  const object = resource.object;
  switch (resource.ref.kind) {
    case 'Pod': {
      const spec = asObject(object.spec);
      return spec ? { spec, pointer: '/spec' } : undefined;
    }
    case 'CronJob': {
      const spec = asObject(get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
      return spec ? { spec, pointer: '/spec/jobTemplate/spec/template/spec' } : undefined;
    }
    default: {
      if (!(WORKLOAD_KINDS as readonly string[]).includes(resource.ref.kind)) return undefined;
      const spec = asObject(get(object, 'spec', 'template', 'spec'));
      return spec ? { spec, pointer: '/spec/template/spec' } : undefined;
    }
  }
}

export function podLabelsOf(resource: ParsedResource): Record<string, string> {
  const pointer =
    resource.ref.kind === 'CronJob'
      ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']
      : ['spec', 'template', 'metadata', 'labels'];
  return (asObject(get(resource.object, ...pointer)) ?? {}) as Record<string, string>;
}

export interface ContainerRef {
  container: Json;
  pointer: string;
  init: boolean;
}

const containerCache = new WeakMap<ParsedResource, ContainerRef[]>();

/** Init containers, then containers, with their pointers; read once per resource (rules are pure, objects never change). */
export function containersOf(resource: ParsedResource): ContainerRef[] {
  let containers = containerCache.get(resource);
  if (!containers) {
    containers = readContainers(resource);
    containerCache.set(resource, containers);
  }
  return containers;
}

function readContainers(resource: ParsedResource): ContainerRef[] {
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const list = (key: string, init: boolean): ContainerRef[] =>
    asArray(pod.spec[key]).flatMap((container, index) => {
      const object = asObject(container);
      return object ? [{ container: object, pointer: `${pod.pointer}/${key}/${index}`, init }] : [];
    });
  return [...list('initContainers', true), ...list('containers', false)];
}

/** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) against a label set. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const object = asObject(selector);
  if (!object) return false;
  const matchLabels = asObject(object.matchLabels) ?? (object.matchExpressions === undefined ? object : {});
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const expression of asArray(object.matchExpressions)) {
    const { key, operator, values } = (asObject(expression) ?? {}) as { key?: string; operator?: string; values?: string[] };
    if (typeof key !== 'string') return false;
    const has = key in labels;
    const inValues = has && (values ?? []).includes(labels[key] ?? '');
    if (operator === 'In' && !inValues) return false;
    if (operator === 'NotIn' && inValues) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return Object.keys(matchLabels).length > 0 || asArray(object.matchExpressions).length > 0;
}

export function intOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The environment an overlay renders, from the first object that carries the `environment` label. */
export function environmentLabelOf(resources: readonly ParsedResource[]): string | undefined {
  for (const resource of resources) {
    const value = get(resource.object, 'metadata', 'labels', LABEL.environment);
    if (typeof value === 'string') return value;
  }
  return undefined;
}
