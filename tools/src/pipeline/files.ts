/** The files kind of run (`validate -f`): plain manifests, checked as they are, without kustomize. */
import type { ManifestInput } from '../discover-files.js';
import type { Finding } from '../model/finding.js';
import { parseRendered, type ParseOutput } from '../parse/documents.js';
import type { ParsedResource } from '../parse/resource.js';
import type { OverlayResult, RunResult } from '../report/result.js';
import { POLICY_RULES } from '../validate/rules/index.js';
import { runPolicies } from '../validate/run-policies.js';
import { fileThreadCount, readOnThreads, threadSchemaEngine, type FileRead, type ShareRunner, type ThreadHost } from './file-threads.js';
import { checkParsed, type PipelineOptions } from './overlay.js';
import { loadSpecFindings, specResult } from './spec.js';

/** Plain manifests are not rendered from an overlay, so nothing asks them to carry its environment label or be its whole datacenter. */
const FILES_MODE_RULES = POLICY_RULES.filter((rule) => rule.id !== 'environment-label' && rule.id !== 'environment-completeness');

export type FilesOptions = Omit<PipelineOptions, 'dirs' | 'kustomize' | 'concurrency' | 'sources'>;

/** Where files mode's threads come from: the environment, the machine and the worker threads (defaults: the real ones). */
export interface FileThreading {
  env?: NodeJS.ProcessEnv;
  host?: ThreadHost;
  runShare?: ShareRunner;
}

/**
 * Files mode (`validate -f`): plain manifests, no kustomize. Each -f argument is one entry of the report;
 * its files are parsed one by one (findings name the file and line) and checked together, so rules
 * across objects (a Service and its pods) see the whole folder. environments.yaml is used when the run
 * starts next to one (objects labelled with one of its environments get that tier's checks).
 * With many files, worker threads read them and check their schemas first (file-threads.ts); the main
 * thread then parses from their values and runs the rules: the report is the same byte for byte.
 */
export async function validateFiles(
  inputs: readonly ManifestInput[],
  options: FilesOptions,
  threading: FileThreading = {},
): Promise<RunResult> {
  const { spec, findings: specFindings } = await loadSpecFindings(options.repoRoot);
  const policies = (resources: readonly ParsedResource[]): Finding[] => {
    return runPolicies(resources, spec, FILES_MODE_RULES, { selection: options.rules ?? 'all' });
  };
  const schemaOptions = options.schemaOptions ?? {};
  const files = inputs.flatMap((input) => input.files);
  const threads = fileThreadCount(files.length, options.schema, schemaOptions, threading.env, threading.host);
  const read = threads > 1 ? await readOnThreads(files, threads, options.schema, schemaOptions, threading.runShare) : undefined;
  let next = 0;
  const overlays: OverlayResult[] = [];
  for (const input of inputs) {
    const parsed: ParseOutput = { resources: [], findings: [] };
    const done: FileRead[] = [];
    for (const file of input.files) {
      const onThread = read?.[next++];
      if (onThread) done.push(onThread);
      const one = onThread?.parsed ?? parseRendered({ yaml: file.text, file: file.path });
      parsed.resources.push(...one.resources);
      parsed.findings.push(...one.findings);
    }
    const checkOptions = read ? { ...options, schema: threadSchemaEngine(options.schema.name, done) } : options;
    const result = await checkParsed(parsed, { path: input.path, policies }, spec, checkOptions);
    options.onOverlay?.(result);
    overlays.push(result);
  }
  if (specFindings.length > 0) overlays.unshift(specResult(specFindings));
  return {
    mode: 'files',
    overlays,
    tool: { kustomize: 'none (files mode)', schemaBackend: options.schema.name, kubernetesVersion: options.kubernetesVersion },
  };
}
