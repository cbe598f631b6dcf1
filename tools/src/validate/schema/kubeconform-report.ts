/**
 * kubeconform's side of the conversation: the input files it reads (one JSON file per resource, so
 * every result names its resource: results arrive out of order from kubeconform's workers) and its
 * `-output json` report, mapped to the same findings, at the same JSON paths, as the offline engine.
 */
import { basename } from 'node:path';
import type { Finding } from '../../model/finding.js';
import { pointerSegment } from '../../model/json.js';
import type { ParsedResource } from '../../parse/resource.js';
import { KUBERNETES_VERSION } from './catalog.js';
import type { SchemaOptions } from './engine.js';
import { dottedPath, schemaFinding } from './offline.js';

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

const quotedNames = (list: string): string[] => [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1]!);

/**
 * kubeconform's error path -> a JSON pointer into `object`. kubeconform joins the path's keys with "/"
 * without escaping, so "/metadata/annotations/consul.hashicorp.com/connect-inject" is one annotation key
 * with a slash, not two levels: the keys are found by walking the object (a key of one segment first,
 * then segments joined with "/"). A path that does not resolve keeps its segments as they are.
 * @internal pure mapping of kubeconform paths, pinned directly; the kubeconform engine reaches it
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
 * @internal pure mapping of kubeconform errors, pinned directly; the kubeconform engine reaches it
 */
export function expandValidationError(parent: string, message: string): { pointer: string; message: string }[] {
  const unknown = /^additional ?properties (.+) not allowed$/i.exec(message);
  if (unknown)
    return quotedNames(unknown[1]!).map((name) => ({
      pointer: `${parent}/${pointerSegment(name)}`,
      message: `unknown field (kubeconform: ${message})`,
    }));
  const missing = /^missing propert(?:y|ies):? (.+)$/i.exec(message);
  if (missing)
    return quotedNames(missing[1]!).map((name) => ({
      pointer: `${parent}/${pointerSegment(name)}`,
      message: `required field missing (kubeconform: ${message})`,
    }));
  return [{ pointer: parent, message }];
}

/** The file a resource is written to for kubeconform: its index in the batch, so a result names its resource. */
function inputFileName(index: number): string {
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
    return [
      {
        rule: 'schema',
        severity: 'error',
        message: `kubeconform printed no JSON report: ${stdout.slice(0, 200)}`,
        hint: 'run kubeconform by hand on the render, or use --schema-backend offline',
      },
    ];
  }
  const byFile = new Map(resources.map((resource, index) => [inputFileName(index), resource]));
  const findings: Finding[] = [];
  for (const entry of report.resources ?? []) {
    if (entry.status === 'statusValid' || entry.status === 'statusEmpty') continue;
    const resource = byFile.get(basename(entry.filename ?? ''));
    const label = `${entry.version ?? ''} ${entry.kind ?? ''}`.trim();
    const push = (
      rule: 'schema' | 'schema-missing',
      severity: Finding['severity'],
      pointer: string,
      message: string,
      hint: string,
    ): void => {
      if (resource) findings.push(schemaFinding(resource, rule, severity, pointer, message, hint));
      else
        findings.push({
          rule,
          severity,
          message,
          hint,
          resource: { kind: entry.kind || '(unknown)', name: entry.name || '(unknown)' },
          ...(pointer ? { path: pointer } : {}),
        });
    };
    const missingHint = 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
    // We never pass -skip, so kubeconform skips a resource only for a missing schema under -ignore-missing-schemas.
    if (entry.status === 'statusSkipped')
      push('schema-missing', 'warning', '', `no schema for ${label} (kubeconform skipped it)`, missingHint);
    else if (entry.status === 'statusError' && /could not find schema/i.test(entry.msg ?? '')) {
      push(
        'schema-missing',
        options.ignoreMissingSchemas ? 'warning' : 'error',
        '',
        `no schema for ${label} (kubeconform: ${entry.msg ?? ''})`,
        missingHint,
      );
    } else {
      const errors = entry.validationErrors?.length ? entry.validationErrors : [{ path: '', msg: entry.msg || 'invalid' }];
      for (const error of errors) {
        const parent = kubeconformPointer(resource?.object, error.path);
        for (const problem of expandValidationError(parent, error.msg || 'invalid')) {
          const where = dottedPath(problem.pointer);
          push(
            'schema',
            'error',
            problem.pointer,
            `${where ? `${where}: ` : ''}${problem.message}`,
            where ? `fix the field at ${where} (${label}, Kubernetes ${KUBERNETES_VERSION})` : `fix the object (${label})`,
          );
        }
      }
    }
  }
  return findings;
}
