/** The default schema backend: strict, in process, offline, from the generated schema data. */
import type { Finding } from '../../model/finding.js';
import { pointerKeys } from '../../model/json.js';
import type { ParsedResource } from '../../parse/resource.js';
import { gvkKey, schemaData, type ObjectType, type TypeExpression } from './catalog.js';
import { cachedCrdTypes, type CrdTypes } from './crd.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import { kindProblems, typeChecks } from './server-checks.js';
import { Walker, type SchemaProblem } from './walker.js';

const VERSION_PREFIX = /^(?:[A-Z][a-z]+)*?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/;

/** "core.v1.Container" (group, version, type: the Kubernetes data) -> "Container". */
const KUBERNETES_TYPE = /^[a-z][\w-]*\.v\d\w*\.(\w+)$/;

function typeLabel(name: string): string {
  if (name.startsWith('crd:')) return name.slice(name.lastIndexOf('/') + 1);
  const kubernetes = KUBERNETES_TYPE.exec(name);
  if (kubernetes) return kubernetes[1]!;
  return name.replace(VERSION_PREFIX, '');
}

/** "/spec/template/spec/containers/0/nam" -> "spec.template.spec.containers[0].nam" */
export function dottedPath(pointer: string): string {
  return pointerKeys(pointer).reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    '',
  );
}

/**
 * Line of a JSON pointer in the resource, else of its nearest ancestor that has one: a missing required
 * field points at the mapping that lacks it, not at the top of the document.
 */
function lineNear(resource: ParsedResource, pointer: string): number | undefined {
  for (let current = pointer; current; current = current.slice(0, current.lastIndexOf('/'))) {
    const line = resource.lineOf(current);
    if (line !== undefined) return line;
  }
  return resource.location.line;
}

/** A schema finding on a resource, located at the field (or the nearest mapping above it). */
export function schemaFinding(
  resource: ParsedResource,
  rule: 'schema' | 'schema-missing',
  severity: Finding['severity'],
  pointer: string,
  message: string,
  hint: string,
): Finding {
  return {
    rule,
    severity,
    message,
    hint,
    resource: resource.ref,
    ...(pointer ? { path: pointer } : {}),
    location: { ...resource.location, line: lineNear(resource, pointer) },
    ...(resource.origin ? { origin: resource.origin } : {}),
  };
}

/** An object without apiVersion or kind cannot be looked up by any backend: the same finding for all. */
export function identityFinding(resource: ParsedResource): Finding | undefined {
  const { apiVersion, kind } = resource.object;
  const missing = [
    typeof apiVersion !== 'string' || !apiVersion ? 'apiVersion' : '',
    typeof kind !== 'string' || !kind ? 'kind' : '',
  ].filter(Boolean);
  if (missing.length === 0) return undefined;
  return schemaFinding(
    resource,
    'schema',
    'error',
    '',
    `object without ${missing.join(' and ')}: Kubernetes cannot tell what it is`,
    'set apiVersion and kind',
  );
}

/**
 * Warnings for what the CRDs in the schema folders could not say: on each resource of a kind whose CRD
 * is read only in part (x-kubernetes-validations, no schema, too deep), and once on the stream for a CRD
 * that could not be read at all. The same for every backend: neither checks what the note names.
 */
export function crdNoteFindings(resources: readonly ParsedResource[], crds: CrdTypes): Finding[] {
  const findings: Finding[] = [];
  const keyOf = (resource: ParsedResource): string => gvkKey(String(resource.object.apiVersion), String(resource.object.kind));
  for (const note of crds.notes) {
    if (note.kind && !note.kind.includes('/*/')) {
      const hint = 'the API server checks what is named here at sync only; fix the CRD if the offline check should cover it';
      for (const resource of resources)
        if (keyOf(resource) === note.kind)
          findings.push(schemaFinding(resource, 'schema-missing', 'warning', '', `${note.message} (${note.file}:${note.line})`, hint));
      continue;
    }
    // An unreadable CRD: said on the stream, when a resource could be of its kind (or its kind is unknown).
    const [group = '', , kind = ''] = note.kind.split('/');
    if (note.kind && !resources.some((resource) => keyOf(resource).startsWith(`${group}/`) && keyOf(resource).endsWith(`/${kind}`)))
      continue;
    findings.push({
      rule: 'schema-missing',
      severity: 'warning',
      message: note.message,
      hint: 'fix the CustomResourceDefinition file, or remove it from the --schemas folder',
      location: { file: note.file, line: note.line },
    });
  }
  return findings;
}

export function offlineSchemaEngine(): SchemaEngine {
  const crdTypes = cachedCrdTypes();
  return {
    name: 'offline',
    // async although nothing is awaited: SchemaEngine.validate returns a promise, and a throw here is its rejection
    // eslint-disable-next-line @typescript-eslint/require-await
    async validate(resources: readonly ParsedResource[], options: SchemaOptions): Promise<Finding[]> {
      const data = schemaData();
      const crds = crdTypes(options.schemaDirs ?? []);
      const lookup = (name: string): ObjectType | undefined => data.types[name] ?? crds.types[name];
      const walker = new Walker(lookup, typeLabel, (name) => crds.constraints[name], typeChecks);
      const findings: Finding[] = crdNoteFindings(resources, crds);
      for (const resource of resources) {
        const identity = identityFinding(resource);
        if (identity) {
          findings.push(identity);
          continue;
        }
        const apiVersion = resource.object.apiVersion as string;
        const kind = resource.object.kind as string;
        const key = gvkKey(apiVersion, kind);
        const core = data.kinds[key];
        const expression: TypeExpression | undefined = core ? `ref:${core}` : crds.kinds[key];
        if (!expression) {
          const severity = options.ignoreMissingSchemas ? 'warning' : 'error';
          const known = Object.keys(data.kinds).filter((candidate) => candidate.endsWith(`/${kind}`));
          const hint = known.length
            ? `known versions of ${kind}: ${known.map((candidate) => candidate.slice(0, -kind.length - 1)).join(', ')}`
            : 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
          findings.push(
            schemaFinding(
              resource,
              'schema-missing',
              severity,
              '',
              `no schema for ${apiVersion} ${kind} (Kubernetes ${data.kubernetesVersion}, Argo CD, and the CRDs in the schema folders)`,
              hint,
            ),
          );
          continue;
        }
        const problems: SchemaProblem[] = [];
        walker.walkResource(resource.object, expression, problems, resource.scalarAt?.bind(resource));
        // The server's own checks of the whole object; the walk already found any wrong type they would trip on.
        const refused = new Set(problems.map((problem) => problem.pointer));
        problems.push(
          ...kindProblems(resource.object, key, core !== undefined && !key.startsWith('argoproj.io/')).filter(
            (problem) => !refused.has(problem.pointer),
          ),
        );
        for (const problem of problems) {
          findings.push(
            schemaFinding(
              resource,
              'schema',
              'error',
              problem.pointer,
              problem.pointer ? `${dottedPath(problem.pointer)}: ${problem.message}` : problem.message,
              `fix the field at ${dottedPath(problem.pointer)} (${apiVersion} ${kind}, Kubernetes ${data.kubernetesVersion})`,
            ),
          );
        }
      }
      return findings;
    },
  };
}
