/**
 * The kubeconform backend: the real binary (the pinned Go build, see tools/go/go.mod), strict, fully
 * offline, its JSON report mapped to the same findings as the offline engine. It reads only schemas
 * generated from the offline engine's data (kubeconform-schemas.ts): the built-in kinds from a cached
 * layout, CRDs from --schemas from a temporary one. Each resource goes in as its own JSON file, so every
 * result names the resource it belongs to (results arrive out of order from kubeconform's workers).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { pointerSegment } from '../../parse/yaml-pointer.js';
import type { ParsedResource } from '../../parse/resource.js';
import { GO_BIN_DIR, goToolPath } from '../../render/go-tools.js';
import { KUBERNETES_VERSION, schemaData } from './catalog.js';
import { cachedCrdTypes, type CrdTypes } from './crd.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import type { JsonSchema } from './json-schema.js';
import { ensureKubeconformSchemas, kubeconformKubernetesVersion, schemaFiles, writeSchemaLayout } from './kubeconform-schemas.js';
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

export interface KubeconformBinary {
  command: string;
  /** Where it was found, for reports. */
  source: 'env' | 'go-build' | 'path';
  version: string;
}

export const INSTALL_HINT =
  'build the pinned kubeconform with `npm run go-tools` (needs Go; tools/go/go.mod pins it), set KUBECONFORM=/path/to/kubeconform, or use --schema-backend offline';

async function versionOf(command: string): Promise<string | undefined> {
  const result = await execa(command, ['-v'], { reject: false, timeout: 10_000 }).catch(() => undefined);
  return result?.exitCode === 0 ? String(result.stdout).trim() || 'unknown' : undefined;
}

/**
 * KUBECONFORM, then the pinned Go build (tools/go/bin), then PATH. A KUBECONFORM that does not run is an
 * EnvironmentError (exit 2), and so is finding nothing when `required`.
 */
export async function findKubeconform(env: NodeJS.ProcessEnv, required: boolean, goBinDir: string = GO_BIN_DIR): Promise<KubeconformBinary | undefined> {
  if (env.KUBECONFORM) {
    const version = await versionOf(env.KUBECONFORM);
    if (version) return { command: env.KUBECONFORM, source: 'env', version };
    throw new EnvironmentError(`kubeconform not found at KUBECONFORM=${env.KUBECONFORM}: ${INSTALL_HINT}`);
  }
  const goBuild = goToolPath('kubeconform', goBinDir);
  if (existsSync(goBuild)) {
    const version = await versionOf(goBuild);
    if (version) return { command: goBuild, source: 'go-build', version };
  }
  const onPath = await versionOf('kubeconform');
  if (onPath) return { command: 'kubeconform', source: 'path', version: onPath };
  if (required) throw new EnvironmentError(`kubeconform not found (looked in ${goBuild} and on PATH): ${INSTALL_HINT}`);
  return undefined;
}

/**
 * Arguments: strict, JSON with every result (-verbose: a skipped resource is a finding too), the pinned
 * Kubernetes version, only local schema roots (then KUBECONFORM_SCHEMA_LOCATION, if a user adds one),
 * the folder of resource files last.
 */
export function kubeconformArgs(options: SchemaOptions, env: NodeJS.ProcessEnv, schemaRoots: readonly string[], inputDir: string): string[] {
  const locations = [...schemaRoots, ...(env.KUBECONFORM_SCHEMA_LOCATION ?? '').split(',').filter(Boolean)];
  return [
    '-strict',
    '-output',
    'json',
    '-verbose',
    '-kubernetes-version',
    kubeconformKubernetesVersion(KUBERNETES_VERSION),
    ...locations.flatMap((location) => ['-schema-location', location]),
    ...(options.ignoreMissingSchemas ? ['-ignore-missing-schemas'] : []),
    inputDir,
  ];
}

/** JSON Schemas (file name -> schema) for the CRD kinds among the resources: the kinds the built-in layout lacks. */
export function crdSchemas(resources: readonly ParsedResource[], crds: CrdTypes): Map<string, JsonSchema> {
  const data = schemaData();
  const kinds: Record<string, string> = {};
  for (const resource of resources) {
    const key = `${String(resource.object.apiVersion)}/${String(resource.object.kind)}`;
    const expression = data.kinds[key] ? undefined : crds.kinds[key];
    if (expression) kinds[key] = expression;
  }
  return schemaFiles(kinds, (name) => crds.types[name] ?? data.types[name]);
}

const quotedNames = (list: string): string[] => [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1]!);

/**
 * kubeconform's error path -> a JSON pointer into `object`. kubeconform joins the path's keys with "/"
 * without escaping, so "/metadata/annotations/consul.hashicorp.com/connect-inject" is one annotation key
 * with a slash, not two levels: the keys are found by walking the object (a key of one segment first,
 * then segments joined with "/"). A path that does not resolve keeps its segments as they are.
 */
export function kubeconformPointer(object: unknown, path: string | undefined): string {
  const segments = (path ?? '').split('/').filter((segment, index) => index > 0 || segment !== '');
  const walk = (value: unknown, from: number): string[] | undefined => {
    if (from === segments.length) return [];
    if (typeof value !== 'object' || value === null) return undefined;
    for (let to = from + 1; to <= segments.length; to++) {
      const key = segments.slice(from, to).join('/');
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const rest = walk((value as Record<string, unknown>)[key], to);
      if (rest) return [key, ...rest];
    }
    return undefined;
  };
  const keys = walk(object, 0) ?? segments;
  return keys.map((key) => `/${pointerSegment(key)}`).join('');
}

/**
 * One kubeconform validation error (its parent as a JSON pointer) -> problems at the offending field.
 * kubeconform (jsonschema) reports unknown and missing properties at the parent object; the offline
 * engine at the field itself.
 */
export function expandValidationError(parent: string, message: string): { pointer: string; message: string }[] {
  const unknown = /^additional ?properties (.+) not allowed$/i.exec(message);
  if (unknown) return quotedNames(unknown[1]!).map((name) => ({ pointer: `${parent}/${pointerSegment(name)}`, message: `unknown field (kubeconform: ${message})` }));
  const missing = /^missing propert(?:y|ies):? (.+)$/i.exec(message);
  if (missing) return quotedNames(missing[1]!).map((name) => ({ pointer: `${parent}/${pointerSegment(name)}`, message: `required field missing (kubeconform: ${message})` }));
  return [{ pointer: parent, message }];
}

/** The file a resource is written to for kubeconform: its index in the batch, so a result names its resource. */
export function inputFileName(index: number): string {
  return `${String(index).padStart(6, '0')}.json`;
}

/**
 * What kubeconform reads: one JSON file per resource. JSON, not YAML: kubeconform parses YAML 1.1, where an
 * unquoted yes, no, on or off is a boolean, so a YAML 1.2 re-serialisation could change values.
 */
export function kubeconformInputFiles(resources: readonly ParsedResource[]): Map<string, string> {
  return new Map(resources.map((resource, index) => [inputFileName(index), JSON.stringify(resource.object)]));
}

/** Map kubeconform's JSON report onto findings for the resources it was given (`resources[i]` was file inputFileName(i)). */
export function mapKubeconformOutput(stdout: string, resources: readonly ParsedResource[], options: SchemaOptions): Finding[] {
  let report: { resources?: KubeconformResult[] };
  try {
    report = JSON.parse(stdout) as { resources?: KubeconformResult[] };
  } catch {
    return [{ rule: 'schema', severity: 'error', message: `kubeconform printed no JSON report: ${stdout.slice(0, 200)}`, hint: 'run kubeconform by hand on the render, or use --schema-backend offline' }];
  }
  const byFile = new Map(resources.map((resource, index) => [inputFileName(index), resource]));
  const findings: Finding[] = [];
  for (const entry of report.resources ?? []) {
    if (entry.status === 'statusValid' || entry.status === 'statusEmpty') continue;
    const resource = byFile.get(basename(entry.filename ?? ''));
    const label = `${entry.version ?? ''} ${entry.kind ?? ''}`.trim();
    const push = (rule: 'schema' | 'schema-missing', severity: Finding['severity'], pointer: string, message: string, hint: string): void => {
      if (resource) findings.push(schemaFinding(resource, rule, severity, pointer, message, hint));
      else findings.push({ rule, severity, message, hint, resource: { kind: entry.kind || '(unknown)', name: entry.name || '(unknown)' }, ...(pointer ? { path: pointer } : {}) });
    };
    const missingHint = 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
    // We never pass -skip, so kubeconform skips a resource only for a missing schema under -ignore-missing-schemas.
    if (entry.status === 'statusSkipped') push('schema-missing', 'warning', '', `no schema for ${label} (kubeconform skipped it)`, missingHint);
    else if (entry.status === 'statusError' && /could not find schema/i.test(entry.msg ?? '')) {
      push('schema-missing', options.ignoreMissingSchemas ? 'warning' : 'error', '', `no schema for ${label} (kubeconform: ${entry.msg ?? ''})`, missingHint);
    } else {
      const errors = entry.validationErrors?.length ? entry.validationErrors : [{ path: '', msg: entry.msg || 'invalid' }];
      for (const error of errors) {
        const parent = kubeconformPointer(resource?.object, error.path);
        for (const problem of expandValidationError(parent, error.msg || 'invalid')) {
          const where = dottedPath(problem.pointer);
          push('schema', 'error', problem.pointer, `${where ? `${where}: ` : ''}${problem.message}`, where ? `fix the field at ${where} (${label}, Kubernetes ${KUBERNETES_VERSION})` : `fix the object (${label})`);
        }
      }
    }
  }
  return findings;
}

/** Run kubeconform on resources that have apiVersion and kind; its raw JSON report. */
export async function runKubeconform(binary: KubeconformBinary, resources: readonly ParsedResource[], options: SchemaOptions, crds: CrdTypes, env: NodeJS.ProcessEnv): Promise<string> {
  const roots = [ensureKubeconformSchemas()];
  const scratch = mkdtempSync(join(tmpdir(), 'consul-gitops-kubeconform-'));
  try {
    const custom = crdSchemas(resources, crds);
    if (custom.size > 0) {
      writeSchemaLayout(join(scratch, 'crds'), KUBERNETES_VERSION, custom);
      roots.push(join(scratch, 'crds'));
    }
    const inputDir = join(scratch, 'resources');
    mkdirSync(inputDir);
    for (const [file, text] of kubeconformInputFiles(resources)) writeFileSync(join(inputDir, file), text);
    const result = await execa(binary.command, kubeconformArgs(options, env, roots, inputDir), { reject: false, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      const reason = result.timedOut ? 'timed out' : `exited with ${String(result.exitCode ?? result.signal)}`;
      throw new EnvironmentError(`kubeconform (${binary.command}) ${reason}: ${String(result.stderr).trim().split('\n').pop() ?? ''}; ${INSTALL_HINT}`);
    }
    return String(result.stdout);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function kubeconformSchemaEngine(binary: KubeconformBinary, env: NodeJS.ProcessEnv = process.env): SchemaEngine {
  const crdTypes = cachedCrdTypes();
  return {
    name: `kubeconform ${binary.version} (${binary.source})`,
    async validate(resources, options) {
      const findings: Finding[] = [];
      const checkable = resources.filter((resource) => {
        const identity = identityFinding(resource);
        if (identity) findings.push(identity);
        return !identity;
      });
      if (checkable.length === 0) return findings;
      const stdout = await runKubeconform(binary, checkable, options, crdTypes(options.schemaDirs ?? []), env);
      return [...findings, ...mapKubeconformOutput(stdout, checkable, options)];
    },
  };
}
