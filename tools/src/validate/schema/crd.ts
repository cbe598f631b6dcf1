/**
 * CustomResourceDefinition YAML from schema folders -> entries of the same type table, so custom
 * kinds are checked by the same strict walker: objects without x-kubernetes-preserve-unknown-fields
 * reject unknown properties; x-kubernetes-int-or-string accepts both; the JSON-schema keywords (enum,
 * minimum, maximum, pattern, maxLength, ...) and the int32/int64/date-time/byte formats are checked.
 * What is not (x-kubernetes-validations, anyOf/oneOf/allOf/not, a version without a schema, a CRD that
 * cannot be read) becomes a note, reported as a warning on the resources of that kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlStream } from '../../parse/yaml-reader.js';
import type { Constraint, ObjectType, TypeExpression } from './catalog.js';
import { Converter, type OpenApi } from './crd-schema.js';
import { errnoCode } from '../../model/errors.js';

/** @internal the depth bound the too-deep CRD case is built from; the CRD reader enforces it */
export { MAX_SCHEMA_DEPTH } from './crd-schema.js';

/** Something of a CRD the engine does not check, said once per kind: the resources of the kind get it as a warning. */
export interface CrdNote {
  /** "group/version/Kind" */
  kind: string;
  file: string;
  line: number;
  message: string;
}

export interface CrdTypes {
  /** "group/version/Kind" -> type expression of the whole object */
  kinds: Record<string, TypeExpression>;
  types: Record<string, ObjectType>;
  /** check:NAME -> the keywords of a constrained property */
  constraints: Record<string, Constraint>;
  /** What the engine could not read; each one a warning on the resources of that kind, or on the stream when no kind is known. */
  notes: CrdNote[];
}

type CrdVersion = { name?: string; served?: boolean; schema?: { openAPIV3Schema?: OpenApi } };
type CrdDocument = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    group?: string;
    names?: { kind?: string };
    version?: string;
    versions?: CrdVersion[];
    validation?: { openAPIV3Schema?: OpenApi };
  };
} | null;

/** A schema folder that cannot be used: the message names the folder or file:line and what to fix. */
export class SchemaFolderError extends Error {
  override name = 'SchemaFolderError';
}

function schemaFiles(dir: string): string[] {
  try {
    // a folder named like a schema file (crds.yaml/) is not a file to read
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => !entry.isDirectory() && /\.(ya?ml|json)$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const code = errnoCode(error) ?? 'unreadable';
    throw new SchemaFolderError(`--schemas ${dir}: cannot read the folder (${code}); pass a folder of CustomResourceDefinition YAML files`);
  }
}

/**
 * The documents of a schema file, each with its line. Broken YAML is an error at file:line; a document
 * nested past the parser's stack, or with an alias bomb, is unreadable (a note), not "invalid YAML".
 */
function crdDocuments(path: string): { crd: CrdDocument; line: number; unreadable?: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error) ?? 'unreadable';
    throw new SchemaFolderError(`${path}: cannot read the schema file (${code}); fix its permissions or link, or remove it`);
  }
  return readYamlStream(text).map((document) => {
    const { line } = document;
    const [error] = document.problems.filter((candidate) => !candidate.tooDeep);
    if (error)
      throw new SchemaFolderError(`${path}:${error.line}: invalid YAML in a schema folder (${error.detail}); fix or remove the file`);
    if (document.problems[0]) return { crd: null, line, unreadable: document.problems[0].message };
    const value = document.value();
    return value.ok ? { crd: value.value as CrdDocument, line } : { crd: null, line, unreadable: value.message };
  });
}

/** The versions a CRD serves, each with its schema: v1 per version; v1beta1 also spec.version and spec.validation for all. */
function servedVersions(crd: NonNullable<CrdDocument>): { name: string; schema: OpenApi | undefined }[] {
  const spec = crd.spec ?? {};
  const shared = spec.validation?.openAPIV3Schema;
  const versions: CrdVersion[] = spec.versions ?? (spec.version ? [{ name: spec.version, served: true }] : []);
  return versions
    .filter((version) => version.served !== false && typeof version.name === 'string')
    .map((version) => ({ name: version.name!, schema: version.schema?.openAPIV3Schema ?? shared }));
}

const CRD_API_VERSIONS = ['apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1'];

/**
 * Every CRD in the folders (files ending .yaml/.yml/.json), served versions only, apiextensions v1 and
 * v1beta1. Other documents are ignored. A CRD the engine cannot read, or reads only in part, is a note.
 */
export function loadCrdTypes(dirs: readonly string[]): CrdTypes {
  const result: CrdTypes = { kinds: {}, types: {}, constraints: {}, notes: [] };
  for (const dir of dirs) {
    for (const file of schemaFiles(dir)) {
      const path = join(dir, file);
      for (const { crd, line, unreadable } of crdDocuments(path)) {
        if (unreadable) {
          result.notes.push({
            kind: '',
            file: path,
            line,
            message: `a document in a schema folder cannot be read: ${unreadable}; a CustomResourceDefinition in it gives no schema`,
          });
          continue;
        }
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const name = crd.metadata?.name ?? '(unnamed)';
        const group = crd.spec?.group;
        const kind = crd.spec?.names?.kind;
        const versions = servedVersions(crd);
        if (!CRD_API_VERSIONS.includes(crd.apiVersion ?? '') || !group || !kind || versions.length === 0) {
          const reason = !CRD_API_VERSIONS.includes(crd.apiVersion ?? '')
            ? `apiVersion ${JSON.stringify(crd.apiVersion ?? '')} is not ${CRD_API_VERSIONS.join(' or ')}`
            : !group || !kind
              ? 'it has no spec.group or spec.names.kind'
              : 'it serves no version';
          result.notes.push({
            kind: group && kind ? `${group}/*/${kind}` : '',
            file: path,
            line,
            message: `CustomResourceDefinition ${name} cannot be read (${reason}): its kind gets no schema`,
          });
          continue;
        }
        for (const version of versions) {
          const key = `${group}/${version.name}/${kind}`;
          const converter = new Converter(result);
          if (!version.schema) {
            converter.skipped.add('it has no openAPIV3Schema for this version, so any fields are accepted');
            result.kinds[key] = 'any';
          } else {
            const root = version.schema;
            const withMeta = {
              ...root,
              type: root.type ?? 'object',
              properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...(root.properties ?? {}) },
            };
            const rootName = `crd:${key}`;
            result.kinds[key] = converter.convert(withMeta, rootName);
            const type = result.types[rootName];
            if (type) type.properties.metadata = 'ref:meta.v1.ObjectMeta';
          }
          for (const skipped of [...converter.skipped].sort())
            result.notes.push({
              kind: key,
              file: path,
              line,
              message: `CustomResourceDefinition ${name} (${version.name}): not checked: ${skipped}`,
            });
        }
      }
    }
  }
  return result;
}

/** loadCrdTypes, read once per set of folders for the life of the returned function. */
export function cachedCrdTypes(): (dirs: readonly string[]) => CrdTypes {
  const cache = new Map<string, CrdTypes>();
  return (dirs) => {
    const key = dirs.join('\0');
    let entry = cache.get(key);
    if (!entry) {
      entry = loadCrdTypes(dirs);
      cache.set(key, entry);
    }
    return entry;
  };
}
