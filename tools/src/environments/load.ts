import { readFile } from 'node:fs/promises';
import type { DefinedError } from 'ajv';
import { closest } from '../model/did-you-mean.js';
import { errnoCode, SpecError, SpecFileMissingError, type SpecProblem } from '../model/errors.js';
import { pointerKeys } from '../model/json.js';
import { readYamlDocument, type YamlDocument } from '../parse/yaml-reader.js';
import { clusterKey } from '../model/argocd.js';
import { hasUrlCredential } from '../model/secret-shapes.js';
import { checkDefaults, checkEnvironment, checkSeverityKeys, type Locate, type MergedEnvironment } from './checks.js';
import { checkEnvironmentCluster, clustersOf } from './clusters.js';
import { mergeDefaults, resolvedEnvironment } from './defaults.js';
import { specSchemaValidator } from './compiled-schema.js';
import { TIERS, type EnvironmentSpec, type Spec } from './types.js';

export const SPEC_FILE = 'environments.yaml';

/** Read and check the spec file. Throws SpecError (path-named, with lines) on any problem. */
export async function loadSpec(path: string, displayName = SPEC_FILE): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new SpecFileMissingError(displayName, 'not found: create it (see docs/guide.md, "Adding an environment")');
    throw new SpecError(displayName, [{ path: '(file)', message: `cannot be read (${code ?? String(error)})` }]);
  }
  return parseSpec(text, displayName);
}

/**
 * Pure: spec text in, typed and defaulted spec out.
 * @internal pure spec parsing on inline text; loadSpec reaches it after reading the file
 */
export function parseSpec(text: string, file = SPEC_FILE): Spec {
  const read = readYamlDocument(text);
  const problems: SpecProblem[] = read.problems.map((problem) => {
    const at = { line: problem.line, col: problem.col };
    if (problem.code === 'DUPLICATE_KEY') return { ...duplicateProblem(read, problem.offset), ...at };
    if (problem.tooDeep) return { path: '(yaml)', message: 'nested too deep to read (too deep): the spec needs only a few levels', ...at };
    return { path: '(yaml)', message: problem.detail, ...at };
  });
  if (problems.length > 0) throw new SpecError(file, problems);

  const result = read.value();
  if (!result.ok) {
    const position = read.position(read.document.contents?.range?.[0] ?? 0);
    throw new SpecError(file, [
      {
        path: '(yaml)',
        message: result.undefinedAlias ? result.message : `${result.message}: write the values out, or use fewer aliases of aliases`,
        line: position.line,
        col: position.col,
      },
    ]);
  }
  const raw = result.value;
  const { document } = read;
  const locate: Locate = (path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return read.position(range[0]);
    }
    return {};
  };

  problems.push(...nonFiniteProblems(raw, [], locate));
  if (problems.length > 0) throw new SpecError(file, problems);

  const validate = specSchemaValidator();
  if (!validate(raw)) {
    // ajv's own keywords only (no custom ones are added), so every error is one of its typed errors
    const errors = (validate.errors ?? []) as DefinedError[];
    problems.push(...withoutFollowOns(errors.map((error) => schemaProblem(error, locate))));
    throw new SpecError(file, problems);
  }

  // the validator is a type guard: from here on the text is a SpecFile, the type derived from the same schema
  const spec = raw;
  if (hasUrlCredential(spec.repository.url)) {
    problems.push({
      path: 'repository.url',
      message:
        'carries credentials (user:password@ or a token before the host): generate would copy them into argocd/project.yaml and every Application; write the URL without them and give Argo CD the credentials as a repository Secret (argocd repo add)',
      ...locate(['repository', 'url']),
    });
  }
  const clusters = clustersOf(spec.clusters);
  const defaults = spec.defaults ?? {};
  const defaultProblems = checkDefaults(defaults, locate);
  problems.push(...defaultProblems);
  // an image missing under defaults is reported once there, not again for every environment
  const reported = new Set(defaultProblems.map((problem) => problem.path.replace(/^defaults\./, '')));
  const merged: MergedEnvironment[] = [];
  const environments: EnvironmentSpec[] = [];
  for (const [name, entry] of Object.entries(spec.environments)) {
    // Each environment is its own Consul datacenter, named after it unless the spec says otherwise.
    const environment = { name, ...mergeDefaults(defaults, entry) };
    environment.datacenter ??= name;
    const own = checkEnvironment(environment, (path) => locate(['environments', name, ...path]));
    problems.push(...own.filter((problem) => !reported.has(problem.path.replace(`environments.${name}.`, ''))));
    problems.push(...checkEnvironmentCluster(environment, clusters, (path) => locate(['environments', name, ...path])));
    merged.push(environment);
    const resolved = resolvedEnvironment(environment);
    if (resolved) environments.push(resolved);
  }
  const namespaces = new Map<string, string>();
  for (const environment of merged) {
    // One cluster, however its URL is spelt (case, :443, a trailing slash) or named (in-cluster).
    const key = `${clusterKey(environment.destination) ?? ''}/${environment.namespace}`;
    const other = namespaces.get(key);
    if (other) {
      problems.push({
        path: `environments.${environment.name}.namespace`,
        message: `"${environment.namespace}" on the same destination as environment "${other}": give each environment its own namespace or cluster`,
        ...locate(['environments', environment.name, 'namespace']),
      });
    }
    namespaces.set(key, environment.name);
  }
  problems.push(...sharedDatacenterProblems(merged, locate));
  problems.push(...checkSeverityKeys(spec.defaults?.severity, ['defaults', 'severity'], locate));
  for (const [tier, settings] of Object.entries(spec.tiers ?? {}))
    problems.push(...checkSeverityKeys(settings.severity, ['tiers', tier, 'severity'], locate));
  for (const [name, entry] of Object.entries(spec.environments))
    problems.push(...checkSeverityKeys(entry.severity, ['environments', name, 'severity'], locate));
  for (const name of Object.keys(spec.removedEnvironments ?? {}).filter((removed) => removed in spec.environments)) {
    problems.push({
      path: `removedEnvironments.${name}`,
      message: `"${name}" is still under environments: remove it there, or drop this entry`,
      ...locate(['removedEnvironments', name]),
    });
  }
  if (problems.length > 0) throw new SpecError(file, problems);

  const tierSeverity: Spec['tierSeverity'] = {};
  for (const tier of TIERS) {
    const severity = spec.tiers?.[tier]?.severity;
    if (severity) tierSeverity[tier] = severity;
  }
  environments.sort((a, b) => a.name.localeCompare(b.name));
  return {
    file,
    repository: { url: spec.repository.url, revision: spec.repository.revision ?? 'HEAD' },
    defaults,
    tierSeverity,
    environments,
    ...(clusters.length > 0 ? { clusters } : {}),
    removedEnvironments: Object.fromEntries(Object.entries(spec.removedEnvironments ?? {}).map(([name, reason]) => [name, reason.trim()])),
    remoteBases: spec.remoteBases ?? [],
  };
}

/**
 * One mistake, one problem: a misspelt required key (`server:` for `servers:`) is reported as the
 * unknown key with its suggestion, not also as the required key that is then missing.
 */
function withoutFollowOns(problems: readonly SpecProblem[]): SpecProblem[] {
  const suggested = new Set(
    problems.flatMap((problem) =>
      problem.suggestion ? [`${problem.path.split('.').slice(0, -1).concat(problem.suggestion).join('.')}`] : [],
    ),
  );
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\0${problem.message}`;
    if (seen.has(key) || (problem.message === 'required' && suggested.has(problem.path))) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `.inf`, `-.inf` and `.nan` are YAML floats that no Kubernetes field stores; JSON Schema's integer
 * check passes Infinity, so they are refused first, at their line.
 */
function nonFiniteProblems(value: unknown, path: string[], locate: Locate): SpecProblem[] {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? []
      : [
          {
            path: path.join('.') || '(root)',
            message: `${String(value)} (.inf or .nan in YAML) is not a number Kubernetes can store: write a finite number`,
            ...locate(path),
          },
        ];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => nonFiniteProblems(item, [...path, String(index)], locate));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => nonFiniteProblems(item, [...path, key], locate));
  return [];
}

function schemaProblem(error: DefinedError, locate: Locate): SpecProblem {
  const segments = pointerKeys(error.instancePath);
  let message = error.message ?? 'is invalid';
  let suggestion: string | undefined;
  if (error.keyword === 'additionalProperties') {
    const extra = error.params.additionalProperty;
    segments.push(extra);
    const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    suggestion = closest(extra, known);
    message = suggestion
      ? `unknown key: did you mean "${suggestion}"? (the spec is strict)`
      : `unknown key: remove it or check its spelling (the spec is strict${known.length > 0 ? `; known here: ${known.join(', ')}` : ''})`;
  } else if (error.keyword === 'enum') {
    message = `unknown value ${JSON.stringify(error.data)}: use one of ${error.params.allowedValues.map(String).join(', ')}`;
  } else if (error.keyword === 'required') {
    segments.push(error.params.missingProperty);
    message = 'required';
  } else if (error.keyword === 'propertyNames') {
    message = 'environment names must be DNS labels (lowercase letters, digits and "-")';
  } else if (error.keyword === 'pattern') {
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    const shown = JSON.stringify(error.data);
    if (!description) message = `${shown} is not matching ${error.params.pattern}`;
    else message = /^[a-z]/.test(description) ? `${shown} is not ${description}` : `${shown} is not allowed here. ${description}`;
  } else if (error.keyword === 'maximum' || error.keyword === 'minimum') {
    const { limit } = error.params;
    message = `${String(error.data)} is out of range: must be ${error.keyword === 'maximum' ? 'at most' : 'at least'} ${limit}${limit === 2 ** 31 - 1 ? ' (Kubernetes stores it as an int32)' : ''}`;
  }
  return { path: segments.join('.') || '(root)', message, ...(suggestion ? { suggestion } : {}), ...locate(segments) };
}

/**
 * Each environment runs its own Consul datacenter, and says so with its own name: two environments
 * with one name look like one datacenter in every log, metric and DNS answer, and a client pointed
 * at the wrong servers would join them. Sharing a name needs a stated reason on each sharer.
 */
function sharedDatacenterProblems(environments: readonly MergedEnvironment[], locate: Locate): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const environment of environments) {
    const others = environments
      .filter((other) => other !== environment && other.datacenter === environment.datacenter)
      .map((other) => other.name);
    if (others.length === 0 || environment.datacenterShared !== undefined) continue;
    problems.push({
      path: `environments.${environment.name}.datacenter`,
      message: `"${environment.datacenter}" is also the datacenter of ${others.map((name) => `"${name}"`).join(', ')}: give each environment its own datacenter name, or state why they share it in datacenterShared`,
      ...locate(['environments', environment.name, 'datacenter']),
    });
  }
  return problems;
}

/** The dotted path of the duplicated key at `offset`: `environments.<name>` gets its own message. */
function duplicateProblem(read: YamlDocument, offset: number): Omit<SpecProblem, 'line' | 'col'> {
  const path = read.keyPathAt(offset);
  if (path?.length === 2 && path[0] === 'environments') {
    return {
      path: path.join('.'),
      message: 'duplicate environment name: each environment appears once (YAML would keep only one of them)',
    };
  }
  return { path: path?.join('.') ?? '(yaml)', message: 'duplicate key: each key may appear once in a mapping' };
}
