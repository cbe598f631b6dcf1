/**
 * CustomResourceDefinition YAML from schema folders -> entries of the same type table, so custom
 * kinds are checked by the same strict walker: objects without x-kubernetes-preserve-unknown-fields
 * reject unknown properties; x-kubernetes-int-or-string accepts both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { ObjectType, TypeExpression } from './catalog.js';

type OpenApi = {
  type?: string;
  properties?: Record<string, OpenApi>;
  items?: OpenApi;
  additionalProperties?: OpenApi | boolean;
  required?: string[];
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  anyOf?: OpenApi[];
  oneOf?: OpenApi[];
};

export interface CrdTypes {
  /** "group/version/Kind" -> type expression of the whole object */
  kinds: Record<string, TypeExpression>;
  types: Record<string, ObjectType>;
}

function convert(schema: OpenApi | undefined, name: string, types: Record<string, ObjectType>): TypeExpression {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true) return 'any';
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `[]${convert(schema.items, `${name}[]`, types)}`;
    case 'object': {
      if (!schema.properties) {
        const additional = schema.additionalProperties;
        return typeof additional === 'object' ? `{}${convert(additional, `${name}{}`, types)}` : 'any';
      }
      const properties: Record<string, TypeExpression> = {};
      for (const [key, value] of Object.entries(schema.properties)) properties[key] = convert(value, `${name}.${key}`, types);
      types[name] = { properties, required: [...(schema.required ?? [])].sort() };
      return `ref:${name}`;
    }
    default:
      return 'any';
  }
}

type CrdDocument = { kind?: string; spec?: { group?: string; names?: { kind?: string }; versions?: { name: string; served?: boolean; schema?: { openAPIV3Schema?: OpenApi } }[] } } | null;

/** A schema folder that cannot be used: the message names the folder or file:line and what to fix. */
export class SchemaFolderError extends Error {
  override name = 'SchemaFolderError';
}

function schemaFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((file) => /\.(ya?ml|json)$/.test(file)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SchemaFolderError(`--schemas ${dir}: cannot read the folder (${code}); pass a folder of CustomResourceDefinition YAML files`);
  }
}

function crdDocuments(path: string): CrdDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    const [error] = document.errors;
    if (error) throw new SchemaFolderError(`${path}:${lineCounter.linePos(error.pos[0]).line}: invalid YAML in a schema folder (${error.message.split('\n')[0]}); fix or remove the file`);
  }
  return list.map((document) => document.toJS() as CrdDocument);
}

/** Every CRD in the folders (files ending .yaml/.yml/.json), served versions only. Other documents are ignored. */
export function loadCrdTypes(dirs: readonly string[]): CrdTypes {
  const result: CrdTypes = { kinds: {}, types: {} };
  for (const dir of dirs) {
    for (const file of schemaFiles(dir)) {
      for (const crd of crdDocuments(join(dir, file))) {
        if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.group || !crd.spec.names?.kind) continue;
        for (const version of crd.spec.versions ?? []) {
          if (version.served === false) continue;
          const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
          const root = version.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
          const rootName = `crd:${key}`;
          const withMeta = { ...root, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...(root.properties ?? {}) } };
          const expression = convert(withMeta, rootName, result.types);
          const type = result.types[rootName];
          if (type) type.properties.metadata = 'ref:V1ObjectMeta';
          result.kinds[key] = expression;
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
