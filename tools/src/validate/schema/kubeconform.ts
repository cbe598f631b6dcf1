/**
 * The kubeconform backend: the real binary, strict, JSON output mapped to the same findings as the
 * offline engine. Used when asked for, or (backend auto) when kubeconform is installed.
 * Kinds kubeconform's registry lacks (Argo CD, CRDs from --schemas) get JSON Schemas written from the
 * same type data as the offline engine (json-schema.ts), in a temporary folder searched first.
 */
import { pointerSegment } from '../../parse/yaml-pointer.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import { gvkKey, KUBERNETES_VERSION, schemaData, type ObjectType } from './catalog.js';
import { cachedCrdTypes, type CrdTypes } from './crd.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import { jsonSchemaFor, KUBECONFORM_FILE_TEMPLATE, kubeconformFileName, type JsonSchema } from './json-schema.js';
import { dottedPath, identityFinding, schemaFinding } from './offline.js';

/** One entry of kubeconform's `-output json` report (`resources[]`). */
export interface KubeconformResult {
  filename?: string;
  kind?: string;
  name?: string;
  version?: string;
  status?: string;
  msg?: string;
  validationErrors?: { path?: string; msg?: string }[];
}

export const INSTALL_HINT =
  'install kubeconform (https://github.com/yannh/kubeconform/releases: put the binary on PATH or set KUBECONFORM=/path/to/kubeconform), or use --schema-backend offline';

async function answers(binary: string): Promise<boolean> {
  const result = await execa(binary, ['-v'], { reject: false, timeout: 10_000 }).catch(() => undefined);
  return result?.exitCode === 0;
}

/** KUBECONFORM, then PATH. With `required` and nothing found: EnvironmentError (exit 2). */
export async function findKubeconform(env: NodeJS.ProcessEnv, required: boolean): Promise<string | undefined> {
  const candidates = [env.KUBECONFORM, 'kubeconform'].filter((candidate): candidate is string => Boolean(candidate));
  for (const candidate of candidates) if (await answers(candidate)) return candidate;
  if (required || env.KUBECONFORM) {
    throw new EnvironmentError(`kubeconform not found${env.KUBECONFORM ? ` at KUBECONFORM=${env.KUBECONFORM}` : ' on PATH'}: ${INSTALL_HINT}`);
  }
  return undefined;
}

/** Arguments: strict, JSON, the pinned Kubernetes version; `localSchemaDir` (generated schemas) is searched first. */
export function kubeconformArgs(options: SchemaOptions, env: NodeJS.ProcessEnv, localSchemaDir?: string): string[] {
  const locations = [...(localSchemaDir ? [`${localSchemaDir}/${KUBECONFORM_FILE_TEMPLATE}`] : []), ...(env.KUBECONFORM_SCHEMA_LOCATION ?? 'default').split(',').filter(Boolean)];
  return [
    '-strict',
    '-output',
    'json',
    '-summary',
    '-kubernetes-version',
    `${KUBERNETES_VERSION}.0`,
    ...locations.flatMap((location) => ['-schema-location', location]),
    ...(options.ignoreMissingSchemas ? ['-ignore-missing-schemas'] : []),
    '-',
  ];
}

/** JSON Schemas (file name -> schema) for the resources' kinds that only our data knows: Argo CD and CRDs. */
export function localSchemas(resources: readonly ParsedResource[], crds: CrdTypes): Map<string, JsonSchema> {
  const data = schemaData();
  const lookup = (name: string): ObjectType | undefined => data.types[name] ?? crds.types[name];
  const files = new Map<string, JsonSchema>();
  for (const resource of resources) {
    const { apiVersion, kind } = resource.object as { apiVersion: string; kind: string };
    const key = gvkKey(apiVersion, kind);
    const builtIn = data.kinds[key];
    const expression = builtIn && apiVersion.startsWith('argoproj.io/') ? `ref:${builtIn}` : builtIn ? undefined : crds.kinds[key];
    const file = kubeconformFileName(apiVersion, kind);
    if (expression && !files.has(file)) files.set(file, jsonSchemaFor(expression, lookup));
  }
  return files;
}

const quotedNames = (list: string): string[] => [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1]!);

/**
 * One kubeconform validation error -> problems at the offending field. kubeconform (jsonschema)
 * reports unknown and missing properties at the parent object; the offline engine at the field itself.
 */
export function expandValidationError(path: string | undefined, message: string): { pointer: string; message: string }[] {
  const parent = !path || path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
  const unknown = /^additional ?properties (.+) not allowed$/i.exec(message);
  if (unknown) return quotedNames(unknown[1]!).map((name) => ({ pointer: `${parent}/${pointerSegment(name)}`, message: `unknown field (kubeconform: ${message})` }));
  const missing = /^missing propert(?:y|ies):? (.+)$/i.exec(message);
  if (missing) return quotedNames(missing[1]!).map((name) => ({ pointer: `${parent}/${pointerSegment(name)}`, message: `required field missing (kubeconform: ${message})` }));
  return [{ pointer: parent, message }];
}

/**
 * The stream kubeconform reads: one JSON document per resource. JSON, not YAML: kubeconform parses YAML 1.1,
 * where an unquoted yes, no, on or off is a boolean, so a YAML 1.2 re-serialisation could change values.
 */
export function kubeconformInput(resources: readonly ParsedResource[]): string {
  return resources.map((resource) => JSON.stringify(resource.object)).join('\n---\n') + '\n';
}

/** Map kubeconform's JSON report onto findings for the resources it was given (matched by apiVersion, kind and name). */
export function mapKubeconformOutput(stdout: string, resources: readonly ParsedResource[], options: SchemaOptions): Finding[] {
  let report: { resources?: KubeconformResult[] };
  try {
    report = JSON.parse(stdout) as { resources?: KubeconformResult[] };
  } catch {
    return [{ rule: 'schema', severity: 'error', message: `kubeconform printed no JSON report: ${stdout.slice(0, 200)}`, hint: 'run kubeconform by hand on the render, or use --schema-backend offline' }];
  }
  const unmatched = [...resources];
  const findings: Finding[] = [];
  for (const entry of report.resources ?? []) {
    if (entry.status === 'statusValid' || entry.status === 'statusEmpty') continue;
    const index = unmatched.findIndex((candidate) => candidate.ref.kind === entry.kind && candidate.ref.name === (entry.name || '(no name)') && (!entry.version || candidate.ref.apiVersion === entry.version));
    const resource = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    const label = `${entry.version ?? ''} ${entry.kind ?? ''}`.trim();
    const push = (rule: 'schema' | 'schema-missing', severity: Finding['severity'], pointer: string, message: string, hint: string): void => {
      if (resource) findings.push(schemaFinding(resource, rule, severity, pointer, message, hint));
      else findings.push({ rule, severity, message, hint, resource: { kind: entry.kind ?? '(unknown)', name: entry.name ?? '(unknown)' }, ...(pointer ? { path: pointer } : {}) });
    };
    const missingHint = 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
    // We never pass -skip, so kubeconform skips a resource only for a missing schema under -ignore-missing-schemas.
    if (entry.status === 'statusSkipped') push('schema-missing', 'warning', '', `no schema for ${label} (kubeconform skipped it)`, missingHint);
    else if (entry.status === 'statusError' && /could not find schema|schema not found/i.test(entry.msg ?? '')) {
      push('schema-missing', options.ignoreMissingSchemas ? 'warning' : 'error', '', `no schema for ${label} (kubeconform: ${entry.msg ?? ''})`, missingHint);
    } else {
      const errors = entry.validationErrors?.length ? entry.validationErrors : [{ path: '', msg: entry.msg || 'invalid' }];
      for (const error of errors) {
        for (const problem of expandValidationError(error.path, error.msg || 'invalid')) {
          const where = dottedPath(problem.pointer);
          push('schema', 'error', problem.pointer, `${where ? `${where}: ` : ''}${problem.message}`, where ? `fix the field at ${where} (${label}, Kubernetes ${KUBERNETES_VERSION})` : `fix the object (${label})`);
        }
      }
    }
  }
  return findings;
}

export function kubeconformSchemaEngine(binary: string, env: NodeJS.ProcessEnv = process.env): SchemaEngine {
  const crdTypes = cachedCrdTypes();
  return {
    name: `kubeconform (${binary})`,
    async validate(resources, options) {
      const findings: Finding[] = [];
      const checkable = resources.filter((resource) => {
        const identity = identityFinding(resource);
        if (identity) findings.push(identity);
        return !identity;
      });
      if (checkable.length === 0) return findings;
      const schemas = localSchemas(checkable, crdTypes(options.schemaDirs ?? []));
      const dir = schemas.size > 0 ? mkdtempSync(join(tmpdir(), 'consul-gitops-kubeconform-')) : undefined;
      try {
        if (dir) for (const [file, schema] of schemas) writeFileSync(join(dir, file), JSON.stringify(schema));
        const input = kubeconformInput(checkable);
        const result = await execa(binary, kubeconformArgs(options, env, dir), { input, reject: false, timeout: 120_000 });
        if (result.exitCode !== 0 && result.exitCode !== 1) {
          throw new EnvironmentError(`kubeconform exited with ${String(result.exitCode)}: ${String(result.stderr).trim().split('\n').pop() ?? ''}`);
        }
        return [...findings, ...mapKubeconformOutput(String(result.stdout), checkable, options)];
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
