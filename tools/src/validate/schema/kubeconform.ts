/**
 * The kubeconform backend: the real binary, strict, JSON output mapped to the same findings as the
 * offline engine. Used when asked for, or (backend auto) when kubeconform is installed.
 */
import { execa } from 'execa';
import { stringify } from 'yaml';
import { EnvironmentError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import { KUBERNETES_VERSION } from './catalog.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import { dottedPath, lineNear } from './offline.js';

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

export function kubeconformArgs(options: SchemaOptions, env: NodeJS.ProcessEnv): string[] {
  const locations = (env.KUBECONFORM_SCHEMA_LOCATION ?? 'default').split(',').filter(Boolean);
  for (const dir of options.schemaDirs ?? []) locations.push(`${dir}/{{.ResourceKind}}{{.KindSuffix}}.json`);
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

/** Map kubeconform's JSON report onto findings for the resources it was given, in stream order. */
export function mapKubeconformOutput(stdout: string, resources: readonly ParsedResource[], options: SchemaOptions): Finding[] {
  let report: { resources?: KubeconformResult[] };
  try {
    report = JSON.parse(stdout) as { resources?: KubeconformResult[] };
  } catch {
    return [{ rule: 'schema', severity: 'error', message: `kubeconform printed no JSON report: ${stdout.slice(0, 200)}` }];
  }
  const findings: Finding[] = [];
  for (const entry of report.resources ?? []) {
    if (entry.status === 'statusValid' || entry.status === 'statusEmpty') continue;
    const resource = resources.find((candidate) => candidate.ref.kind === entry.kind && candidate.ref.name === entry.name && (!entry.version || candidate.ref.apiVersion === entry.version));
    const base = (pointer: string): Partial<Finding> => ({
      ...(resource ? { resource: resource.ref, location: { file: resource.location.file, line: lineNear(resource, pointer) } } : { resource: { kind: entry.kind ?? '(unknown)', name: entry.name ?? '(unknown)' } }),
      ...(resource?.origin ? { origin: resource.origin } : {}),
      ...(pointer ? { path: pointer } : {}),
    });
    if (entry.status === 'statusSkipped') continue;
    if (entry.status === 'statusError' && /could not find schema|schema not found/i.test(entry.msg ?? '')) {
      findings.push({ rule: 'schema-missing', severity: options.ignoreMissingSchemas ? 'warning' : 'error', message: `no schema for ${entry.version ?? ''} ${entry.kind ?? ''} (kubeconform: ${entry.msg ?? ''})`, ...base('') });
      continue;
    }
    const errors = entry.validationErrors?.length ? entry.validationErrors : [{ path: '', msg: entry.msg ?? 'invalid' }];
    for (const error of errors) {
      const pointer = error.path ?? '';
      findings.push({ rule: 'schema', severity: 'error', message: `${pointer ? `${dottedPath(pointer)}: ` : ''}${error.msg ?? 'invalid'}`, ...base(pointer) });
    }
  }
  return findings;
}

export function kubeconformSchemaEngine(binary: string, env: NodeJS.ProcessEnv = process.env): SchemaEngine {
  return {
    name: `kubeconform (${binary})`,
    async validate(resources, options) {
      if (resources.length === 0) return [];
      const input = resources.map((resource) => stringify(resource.object)).join('---\n');
      const result = await execa(binary, kubeconformArgs(options, env), { input, reject: false, timeout: 120_000 });
      if (result.exitCode !== 0 && result.exitCode !== 1) {
        throw new EnvironmentError(`kubeconform exited with ${String(result.exitCode)}: ${String(result.stderr).trim().split('\n').pop() ?? ''}`);
      }
      return mapKubeconformOutput(String(result.stdout), resources, options);
    },
  };
}
