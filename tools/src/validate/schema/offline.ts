/** The default schema backend: strict, in process, offline, from the generated schema data. */
import type { Finding } from '../../model/finding.js';
import type { ParsedResource } from '../../parse/resource.js';
import { gvkKey, schemaData, type ObjectType, type TypeExpression } from './catalog.js';
import { cachedCrdTypes } from './crd.js';
import type { SchemaEngine, SchemaOptions } from './engine.js';
import { Walker, type SchemaProblem } from './walker.js';

const VERSION_PREFIX = /^(?:[A-Z][a-z]+)*?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/;

function typeLabel(name: string): string {
  if (name.startsWith('crd:')) return name.slice(name.lastIndexOf('/') + 1);
  return name.replace(VERSION_PREFIX, '');
}

/** "/spec/template/spec/containers/0/nam" -> "spec.template.spec.containers[0].nam" */
export function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

/**
 * Line of a JSON pointer in the resource, else of its nearest ancestor that has one: a missing required
 * field points at the mapping that lacks it, not at the top of the document.
 */
export function lineNear(resource: ParsedResource, pointer: string): number | undefined {
  for (let current = pointer; current; current = current.slice(0, current.lastIndexOf('/'))) {
    const line = resource.lineOf(current);
    if (line !== undefined) return line;
  }
  return resource.location.line;
}

/** A schema finding on a resource, located at the field (or the nearest mapping above it). */
export function schemaFinding(resource: ParsedResource, rule: 'schema' | 'schema-missing', severity: Finding['severity'], pointer: string, message: string, hint: string): Finding {
  return {
    rule,
    severity,
    message,
    hint,
    resource: resource.ref,
    ...(pointer ? { path: pointer } : {}),
    location: { file: resource.location.file, line: lineNear(resource, pointer) },
    ...(resource.origin ? { origin: resource.origin } : {}),
  };
}

/** An object without apiVersion or kind cannot be looked up by any backend: the same finding for all. */
export function identityFinding(resource: ParsedResource): Finding | undefined {
  const { apiVersion, kind } = resource.object;
  const missing = [typeof apiVersion !== 'string' || !apiVersion ? 'apiVersion' : '', typeof kind !== 'string' || !kind ? 'kind' : ''].filter(Boolean);
  if (missing.length === 0) return undefined;
  return schemaFinding(resource, 'schema', 'error', '', `object without ${missing.join(' and ')}: Kubernetes cannot tell what it is`, 'set apiVersion and kind');
}

export function offlineSchemaEngine(): SchemaEngine {
  const crdTypes = cachedCrdTypes();
  return {
    name: 'offline',
    async validate(resources: readonly ParsedResource[], options: SchemaOptions): Promise<Finding[]> {
      const data = schemaData();
      const crds = crdTypes(options.schemaDirs ?? []);
      const lookup = (name: string): ObjectType | undefined => data.types[name] ?? crds.types[name];
      const walker = new Walker(lookup, typeLabel);
      const findings: Finding[] = [];
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
          const hint = known.length ? `known versions of ${kind}: ${known.map((candidate) => candidate.slice(0, -kind.length - 1)).join(', ')}` : 'add its CustomResourceDefinition to a --schemas folder, or pass --ignore-missing-schemas';
          findings.push(schemaFinding(resource, 'schema-missing', severity, '', `no schema for ${apiVersion} ${kind} (Kubernetes ${data.kubernetesVersion}, Argo CD, and the CRDs in the schema folders)`, hint));
          continue;
        }
        const problems: SchemaProblem[] = [];
        walker.walk(resource.object, expression, '', problems);
        for (const problem of problems) {
          findings.push(schemaFinding(resource, 'schema', 'error', problem.pointer, `${dottedPath(problem.pointer)}: ${problem.message}`, `fix the field at ${dottedPath(problem.pointer)} (${apiVersion} ${kind}, Kubernetes ${data.kubernetesVersion})`));
        }
      }
      return findings;
    },
  };
}
