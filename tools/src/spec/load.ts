import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { SpecError, type SpecProblem } from '../model/errors.js';
import { mergeDefaults, isPlainObject } from './defaults.js';
import { specJsonSchema } from './schema.js';
import { TIERS, type EnvironmentSpec, type Spec, type Tier } from './types.js';

export const SPEC_FILE = 'environments.yaml';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const REQUIRED_AFTER_DEFAULTS = [
  'namespace',
  'datacenter',
  'storage.class',
  'storage.size',
  'zones',
  'minNodes',
  'images.consul',
  'images.controlPlane',
  'security.tls',
  'security.acls',
  'security.gossip',
  'resources.server',
  'resources.client',
  'resources.syncCatalog',
] as const;

let compiledSchema: ReturnType<Ajv['compile']> | undefined;
function schemaValidator(): ReturnType<Ajv['compile']> {
  compiledSchema ??= new Ajv({ allErrors: true, strict: false }).compile(specJsonSchema);
  return compiledSchema;
}

/** Read and check the spec file. Throws SpecError (path-named, with lines) on any problem. */
export async function loadSpec(path: string, displayName = SPEC_FILE): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(displayName, [{ path: '(file)', message: code === 'ENOENT' ? 'not found: create it (see README, "Adding an environment")' : `cannot be read (${code ?? String(error)})` }]);
  }
  return parseSpec(text, displayName);
}

/** Pure: spec text in, typed and defaulted spec out. */
export function parseSpec(text: string, file = SPEC_FILE): Spec {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: SpecProblem[] = document.errors.map((error) => {
    const position = error.linePos?.[0];
    const duplicate = error.code === 'DUPLICATE_KEY';
    return {
      path: duplicate ? duplicatePath(document, error.pos[0], lineCounter) : '(yaml)',
      message: duplicate ? 'duplicate key: each environment name (and each key) may appear once' : error.message.split('\n')[0] ?? error.message,
      ...(position ? { line: position.line, col: position.col } : {}),
    };
  });
  if (problems.length > 0) throw new SpecError(file, problems);

  const raw: unknown = document.toJS();
  const locate = (path: readonly (string | number)[]): { line?: number; col?: number } => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]);
    }
    return {};
  };

  const validate = schemaValidator();
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) problems.push(schemaProblem(error, locate));
    throw new SpecError(file, problems);
  }

  const spec = raw as {
    repository: { url: string; revision?: string };
    defaults?: Record<string, unknown>;
    tiers?: Record<string, { severity?: Record<string, string> }>;
    environments: Record<string, Record<string, unknown>>;
  };
  const environments: EnvironmentSpec[] = [];
  for (const [name, entry] of Object.entries(spec.environments)) {
    const merged = mergeDefaults(spec.defaults ?? {}, entry) as Record<string, unknown>;
    const environment = { name, ...merged } as unknown as EnvironmentSpec;
    problems.push(...checkEnvironment(environment, merged, (path) => locate(['environments', name, ...path])));
    environments.push(environment);
  }
  const namespaces = new Map<string, string>();
  for (const environment of environments) {
    const key = `${environment.destination?.server ?? environment.destination?.name ?? ''}/${environment.namespace}`;
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
  if (problems.length > 0) throw new SpecError(file, problems);

  const tierSeverity: Spec['tierSeverity'] = {};
  for (const tier of TIERS) {
    const severity = spec.tiers?.[tier]?.severity;
    if (severity) tierSeverity[tier] = severity as Record<string, 'error' | 'warning' | 'info' | 'off'>;
  }
  environments.sort((a, b) => a.name.localeCompare(b.name));
  return {
    file,
    repository: { url: spec.repository.url, revision: spec.repository.revision ?? 'HEAD' },
    defaults: (spec.defaults ?? {}) as Spec['defaults'],
    tierSeverity,
    environments,
  };
}

function checkEnvironment(
  environment: EnvironmentSpec,
  merged: Record<string, unknown>,
  locate: (path: readonly string[]) => { line?: number; col?: number },
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: string, message: string): void => {
    problems.push({ path: `environments.${environment.name}.${path}`, message, ...locate(path.split('.')) });
  };
  for (const required of REQUIRED_AFTER_DEFAULTS) {
    if (getPath(merged, required) === undefined) at(required, 'required: set it here or under defaults');
  }
  const tier: Tier = environment.tier;
  const servers = environment.servers;
  if (servers < 1) at('servers', 'must be at least 1: a Consul datacenter needs a server');
  else if (tier !== 'development' && (servers < 3 || servers % 2 === 0)) at('servers', `must be an odd number >= 3 for tier ${tier}`);
  else if (servers % 2 === 0) at('servers', 'must be odd: an even count adds no fault tolerance over one server fewer');
  if (typeof environment.namespace === 'string' && (!DNS_LABEL.test(environment.namespace) || environment.namespace.length > 63)) {
    at('namespace', `"${environment.namespace}" is not a DNS label (lowercase letters, digits and "-", at most 63 characters)`);
  }
  if (Array.isArray(environment.zones) && environment.zones.length === 0) at('zones', 'must list at least one zone');
  const destination = environment.destination;
  if (!destination || (destination.server === undefined) === (destination.name === undefined)) {
    at('destination', 'set exactly one of destination.server (API URL) or destination.name (Argo CD cluster name)');
  }
  if (tier !== 'development' && environment.security) {
    for (const key of ['tls', 'acls', 'gossip'] as const) {
      if (environment.security[key] === false) at(`security.${key}`, `must be true for tier ${tier}: client agents listen on host ports reachable from every node`);
    }
  }
  return problems;
}

function getPath(value: unknown, dotted: string): unknown {
  let current: unknown = value;
  for (const key of dotted.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function schemaProblem(error: ErrorObject, locate: (path: readonly (string | number)[]) => { line?: number; col?: number }): SpecProblem {
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    segments.push(extra);
    message = 'unknown key: remove it or check its spelling (the spec is strict)';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String).join(', ')}`;
  } else if (error.keyword === 'required') {
    segments.push(String((error.params as { missingProperty: string }).missingProperty));
    message = 'required';
  } else if (error.keyword === 'propertyNames') {
    message = 'environment names must be DNS labels (lowercase letters, digits and "-")';
  }
  return { path: segments.join('.') || '(root)', message, ...locate(segments) };
}

function duplicatePath(document: Document, offset: number, lineCounter: LineCounter): string {
  const contents = document.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) {
      if (isScalar(pair.key) && isMap(pair.value) && pair.value.range && offset >= pair.value.range[0] && offset <= pair.value.range[2]) {
        return String(pair.key.value);
      }
    }
  }
  return `(line ${lineCounter.linePos(offset).line})`;
}
