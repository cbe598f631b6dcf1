/**
 * The strict schema data (tools/schemas/kubernetes.json, built by `npm run schemas` from the OpenAPI v3
 * documents and served enums of the pinned k8s.io/kubernetes, and Argo CD's npm models) and CRD schemas
 * from folders, as one type table. Loaded once per process, on first use.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_ROOT } from '../../model/tools-root.js';

/**
 * A type expression: string | integer | int32 | int64 | number | boolean | any | date | byte | quantity |
 * int-or-string | enum:A|B|C | ref:T | check:C | []X | {}X. int32/int64 are integers in that range (the OpenAPI
 * format), date an RFC 3339 date-time, byte base64, enum:... a string that is one of the values (the `enum` the
 * API server publishes); check:C is a constrained value (CRD keywords), see Constraint.
 */
export type TypeExpression = string;

export interface ObjectType {
  properties: Record<string, TypeExpression>;
  required: string[];
  /**
   * Lists of x-kubernetes-list-type map: property -> the key fields of its items; `field=value` names the
   * value a missing key field defaults to (`protocol=TCP`). Two items with equal keys are duplicates.
   */
  listMapKeys?: Record<string, string[]>;
}

/** JSON-schema keywords of a CRD property on top of its type (`check:NAME` in an expression). */
export interface Constraint {
  type: TypeExpression;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
}

export interface SchemaData {
  kubernetesVersion: string;
  sources: Record<string, string>;
  /** "group/version/Kind" (core: "v1/Kind") -> type name */
  kinds: Record<string, string>;
  types: Record<string, ObjectType>;
}

export const SCHEMA_FILE = join(TOOLS_ROOT, 'schemas/kubernetes.json');

let data: SchemaData | undefined;
let loadMs = 0;

export function schemaData(): SchemaData {
  if (!data) {
    const started = performance.now();
    data = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as SchemaData;
    loadMs = performance.now() - started;
  }
  return data;
}

/** Milliseconds spent reading and parsing the schema data in this process (0 until first use). */
export function schemaLoadMs(): number {
  return loadMs;
}

/** The pinned Kubernetes version, from the head of the schema data (not the whole 680 KiB file). */
export const KUBERNETES_VERSION: string = (() => {
  let fd: number | undefined;
  try {
    fd = openSync(SCHEMA_FILE, 'r');
    const head = Buffer.alloc(200);
    const length = readSync(fd, head, 0, head.length, 0);
    return /"kubernetesVersion":"([^"]+)"/.exec(head.toString('utf8', 0, length))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
})();

/** "apps/v1" + "StatefulSet" -> "apps/v1/StatefulSet" */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
