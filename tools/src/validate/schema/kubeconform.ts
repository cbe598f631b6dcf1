/**
 * The kubeconform backend: the real binary (the pinned Go build, see tools/go/go.mod), strict, fully
 * offline, its JSON report mapped to the same findings as the offline engine. It reads only schemas
 * generated from the offline engine's data (kubeconform-schemas.ts): the built-in kinds from a cached
 * layout, CRDs from --schemas from a temporary one. Its report is mapped in kubeconform-report.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../../child-process.js';
import { EnvironmentError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import { builtVersion, GO_BIN_DIR, goToolPath } from '../../render/go-tools.js';
import { KUBERNETES_VERSION, schemaData } from './catalog.js';
import { cachedCrdTypes, type CrdTypes } from './crd.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import type { JsonSchema } from './json-schema.js';
import { ensureKubeconformSchemas, kubeconformKubernetesVersion, schemaFiles, writeSchemaLayout } from './kubeconform-schemas.js';
import { kubeconformInputFiles, mapKubeconformOutput } from './kubeconform-report.js';
import { crdNoteFindings, identityFinding } from './offline.js';

export interface KubeconformBinary {
  command: string;
  /** Where it was found, for reports. */
  source: 'env' | 'go-build' | 'path';
  version: string;
}

const INSTALL_HINT =
  'build the pinned kubeconform with `npm run go-tools` (needs Go; tools/go/go.mod pins it), set KUBECONFORM=/path/to/kubeconform, or use --schema-backend offline';

async function versionOf(command: string): Promise<string | undefined> {
  const result = await runChild(command, ['-v'], { timeoutMs: 10_000 });
  return result.exitCode === 0 ? String(result.stdout).trim() || 'unknown' : undefined;
}

/**
 * KUBECONFORM, then the pinned Go build (tools/go/bin), then PATH. A KUBECONFORM that does not run is an
 * EnvironmentError (exit 2), and so is finding nothing when `required`.
 */
export async function findKubeconform(
  env: NodeJS.ProcessEnv,
  required: boolean,
  goBinDir: string = GO_BIN_DIR,
): Promise<KubeconformBinary | undefined> {
  if (env.KUBECONFORM) {
    const version = await versionOf(env.KUBECONFORM);
    if (version) return { command: env.KUBECONFORM, source: 'env', version };
    throw new EnvironmentError(`kubeconform not found at KUBECONFORM=${env.KUBECONFORM}: ${INSTALL_HINT}`);
  }
  const goBuild = goToolPath('kubeconform', goBinDir);
  if (existsSync(goBuild)) {
    const version = builtVersion('kubeconform', goBinDir) ?? (await versionOf(goBuild));
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
export function kubeconformArgs(
  options: SchemaOptions,
  env: NodeJS.ProcessEnv,
  schemaRoots: readonly string[],
  inputDir: string,
): string[] {
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

/**
 * JSON Schemas (file name -> schema) for the CRD kinds among the resources: the kinds the built-in layout lacks.
 * @internal CRD to JSON Schema for kubeconform, asserted directly; the kubeconform engine reaches it
 */
export function crdSchemas(resources: readonly ParsedResource[], crds: CrdTypes): Map<string, JsonSchema> {
  const data = schemaData();
  const kinds: Record<string, string> = {};
  for (const resource of resources) {
    const key = `${String(resource.object.apiVersion)}/${String(resource.object.kind)}`;
    const expression = data.kinds[key] ? undefined : crds.kinds[key];
    if (expression) kinds[key] = expression;
  }
  return schemaFiles(
    kinds,
    (name) => crds.types[name] ?? data.types[name],
    (name) => crds.constraints[name],
  );
}

/**
 * Run kubeconform on resources that have apiVersion and kind; its raw JSON report.
 * @internal one raw kubeconform run, asserted on its real output; the kubeconform engine reaches it
 */
export async function runKubeconform(
  binary: KubeconformBinary,
  resources: readonly ParsedResource[],
  options: SchemaOptions,
  crds: CrdTypes,
  env: NodeJS.ProcessEnv,
): Promise<string> {
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
    const result = await runChild(binary.command, kubeconformArgs(options, env, roots, inputDir), {
      timeoutMs: 120_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      const reason = result.timedOut ? 'timed out' : `exited with ${String(result.exitCode ?? result.signal)}`;
      throw new EnvironmentError(
        `kubeconform (${binary.command}) ${reason}: ${String(result.stderr).trim().split('\n').pop() ?? ''}; ${INSTALL_HINT}`,
      );
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
      const crds = crdTypes(options.schemaDirs ?? []);
      findings.push(...crdNoteFindings(checkable, crds));
      const stdout = await runKubeconform(binary, checkable, options, crds, env);
      return [...findings, ...mapKubeconformOutput(stdout, checkable, options)];
    },
  };
}
