// Build the strict schema data for the offline engine from maintained sources (never hand-written):
//  - Kubernetes: the OpenAPI v3 documents of k8s.io/kubernetes (api/openapi-spec/v3/*.json, the module
//    pinned below, from the Go module cache: `go mod download -json` prints its folder) for field lists,
//    types, formats, required fields, x-kubernetes-list-type map and its keys (with their defaults),
//    and the kinds (the POST paths). The committed documents are written with the OpenAPIEnums gate off;
//    the server serves the enums from pkg/generated/openapi/zz_generated.openapi.go (the `Enum:` of each
//    property, `+enum` in the API types), so they are read from there;
//  - Argo CD Application, ApplicationSet, AppProject: @kubernetes-models/argo-cd's .d.ts (generated
//    from the Argo CD CRDs), read with the TypeScript compiler.
// Output: tools/schemas/kubernetes.json, deterministic. `npm run schemas` rewrites it; a test checks it.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const KUBERNETES_MODULE = 'k8s.io/kubernetes';
const KUBERNETES_MODULE_VERSION = 'v1.36.3';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const argoModels = dirname(require.resolve('@kubernetes-models/argo-cd/package.json', { paths: [root] }));

/** The folder of the pinned k8s.io/kubernetes module (downloaded into the Go module cache if need be). */
function kubernetesModuleDir() {
  const output = execFileSync('go', ['mod', 'download', '-json', `${KUBERNETES_MODULE}@${KUBERNETES_MODULE_VERSION}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  const { Dir: dir, Error: error } = JSON.parse(output);
  if (!dir) throw new Error(`go mod download ${KUBERNETES_MODULE}@${KUBERNETES_MODULE_VERSION}: ${error ?? 'no folder'}`);
  return dir;
}

/** "io.k8s.api.core.v1.Container" -> "core.v1.Container": group (last segment), version, type. */
const shortName = (name) => name.split('.').slice(-3).join('.');

/** Component types that are one scalar in JSON. */
const SCALAR_TYPES = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
};

function scalar(schema) {
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') return 'int-or-string';
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return 'date';
      return schema.format === 'byte' ? 'byte' : 'string';
    case 'integer':
      // The OpenAPI format is the range the API server stores: int32 and int64 are checked as such.
      return schema.format === 'int32' || schema.format === 'int64' ? schema.format : 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/** The OpenAPI v3 component schemas of every group-version document, by full name. */
function openApiDocuments(dir) {
  const folder = join(dir, 'api/openapi-spec/v3');
  const schemas = {};
  const documents = [];
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const document = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    documents.push(document);
    Object.assign(schemas, document.components?.schemas ?? {});
  }
  return { schemas, documents };
}

/** Enums of the served spec: "full type name" -> property -> {values, items} from zz_generated.openapi.go. */
function servedEnums(dir, schemas) {
  const text = readFileSync(join(dir, 'pkg/generated/openapi/zz_generated.openapi.go'), 'utf8');
  const byVersionAndType = new Map();
  for (const name of Object.keys(schemas)) {
    const key = name.split('.').slice(-2).join('.');
    byVersionAndType.set(key, [...(byVersionAndType.get(key) ?? []), name]);
  }
  const enums = {};
  let owner;
  let property;
  for (const line of text.split('\n')) {
    const definition = /^func schema_(\w+)\(ref common\.ReferenceCallback\)/.exec(line);
    if (definition) {
      owner = definition[1];
      property = undefined;
      continue;
    }
    const field = /^\t{5}"([^"]+)": \{$/.exec(line);
    if (field) property = field[1];
    const values = /^(\t+)Enum:\s+\[\]interface\{\}\{(.*)\},$/.exec(line);
    if (!values || !owner) continue;
    // schema_k8sio_api_core_v1_Container: the group is the segment before the version.
    const parts = owner.split('_');
    const [group, version, type] = parts.slice(-3);
    const candidates = (byVersionAndType.get(`${version}.${type}`) ?? []).filter((name) => name.endsWith(`.${group}.${version}.${type}`));
    if (candidates.length === 0) continue; // a type no served document uses (Rule, inlined in RuleWithOperations, has its own definition there)
    if (candidates.length !== 1) throw new Error(`cannot place the enum of ${owner}.${property}: ${candidates.length} candidates`);
    if (!property) throw new Error(`an enum outside a property in ${owner}`);
    const list = JSON.parse(`[${values[2]}]`);
    if (list.some((value) => typeof value !== 'string' || value.includes('|')))
      throw new Error(`unexpected enum values in ${owner}.${property}`);
    // Depth 7: the property itself; deeper: its items (accessModes).
    const target = values[1].length === 7 ? 'values' : 'items';
    ((enums[candidates[0]] ??= {})[property] ??= {})[target] = list;
  }
  return enums;
}

function kubernetesTypes(schemas, enums) {
  const types = {};
  const names = new Map();
  for (const name of Object.keys(schemas).sort()) {
    const short = shortName(name);
    if (names.has(short)) throw new Error(`two types shorten to ${short}: ${names.get(short)} and ${name}`);
    names.set(short, name);
  }
  const refName = (ref) => ref.replace('#/components/schemas/', '');
  const isObjectType = (name) => {
    const schema = schemas[name];
    return schema && !SCALAR_TYPES[name] && schema.properties !== undefined;
  };
  const expression = (schema, enumValues) => {
    const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
    if (ref) {
      const name = refName(ref);
      if (SCALAR_TYPES[name]) return SCALAR_TYPES[name];
      if (isObjectType(name)) return `ref:${shortName(name)}`;
      return scalar(schemas[name] ?? {}) ?? 'any';
    }
    if (schema.type === 'array') return `[]${expression(schema.items ?? {}, undefined)}`;
    if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object')
      return `{}${expression(schema.additionalProperties, undefined)}`;
    const base = scalar(schema) ?? 'any';
    return base === 'string' && enumValues ? `enum:${enumValues.join('|')}` : base;
  };
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObjectType(name)) continue;
    const properties = {};
    const listMapKeys = {};
    const typeEnums = enums[name] ?? {};
    for (const key of Object.keys(schema.properties).sort()) {
      const property = schema.properties[key];
      const values = typeEnums[key];
      let text = expression(property, values?.values);
      if (values?.items && text === '[]string') text = `[]enum:${values.items.join('|')}`;
      properties[key] = text;
      if (property['x-kubernetes-list-type'] === 'map') {
        // A key field's default counts as its value (structured-merge-diff does: ports by containerPort and protocol TCP).
        const item = schemas[refName(property.items?.$ref ?? property.items?.allOf?.[0]?.$ref ?? '')];
        listMapKeys[key] = property['x-kubernetes-list-map-keys'].map((field) => {
          const fallback = item?.properties?.[field]?.default;
          return typeof fallback === 'string' && fallback !== '' ? `${field}=${fallback}` : field;
        });
      }
    }
    types[shortName(name)] = {
      properties,
      required: [...(schema.required ?? [])].sort(),
      ...(Object.keys(listMapKeys).length > 0 ? { listMapKeys } : {}),
    };
  }
  return types;
}

/** Kinds the pinned Kubernetes serves: the type each POST path (not a subresource) creates. */
function kinds(documents, types) {
  const index = {};
  for (const document of documents) {
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      const ref = operations.post?.requestBody?.content?.['*/*']?.schema?.$ref;
      if (!ref || path.includes('{name}')) continue;
      const name = shortName(ref.replace('#/components/schemas/', ''));
      const properties = types[name]?.properties ?? {};
      if (!('kind' in properties) || !('metadata' in properties) || name.endsWith('DeleteOptions')) continue;
      const parts = path.split('/');
      const [group, version] = parts[1] === 'api' ? ['', parts[2]] : [parts[2], parts[3]];
      index[`${group ? `${group}/` : ''}${version}/${name.split('.').pop()}`] = name;
    }
  }
  return index;
}

/** Argo CD kinds: walk the declared interfaces with the TypeScript compiler. */
function argoTypes(types, index) {
  for (const kind of ['Application', 'ApplicationSet', 'AppProject']) {
    const file = join(argoModels, 'argoproj.io/v1alpha1', `${kind}.d.ts`);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const iface = source.statements.find((node) => ts.isInterfaceDeclaration(node) && node.name.text === `I${kind}`);
    const typeName = `ArgoprojV1alpha1${kind}`;
    const describe = (node, name) => {
      if (!node) return 'any';
      if (ts.isParenthesizedTypeNode(node)) return describe(node.type, name);
      if (ts.isArrayTypeNode(node)) return `[]${describe(node.elementType, `${name}Item`)}`;
      if (ts.isTypeReferenceNode(node)) {
        const ref = node.typeName.getText(source);
        if (ref === 'Array') return `[]${describe(node.typeArguments?.[0], `${name}Item`)}`;
        if (ref === 'IObjectMeta') return 'ref:meta.v1.ObjectMeta';
        return 'any';
      }
      if (ts.isTypeLiteralNode(node)) {
        const signature = node.members.find((member) => ts.isIndexSignatureDeclaration(member));
        if (signature && node.members.length === 1) return `{}${describe(signature.type, `${name}Value`)}`;
        const properties = {};
        const required = [];
        for (const member of node.members) {
          if (!ts.isPropertySignature(member)) continue;
          const key = member.name.getText(source).replace(/^"|"$/g, '');
          properties[key] = describe(member.type, `${name}.${key}`);
          if (!member.questionToken) required.push(key);
        }
        types[name] = { properties, required: required.sort() };
        return `ref:${name}`;
      }
      if (ts.isUnionTypeNode(node)) {
        const kinds = new Set(
          node.types.map((member) => (ts.isLiteralTypeNode(member) ? typeof (member.literal.text ?? '') : member.getText(source))),
        );
        if (kinds.has('number') && kinds.has('string')) return 'int-or-string';
        return describe(node.types[0], name);
      }
      if (ts.isLiteralTypeNode(node)) return node.literal.kind === ts.SyntaxKind.NumericLiteral ? 'number' : 'string';
      switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
          return 'string';
        case ts.SyntaxKind.NumberKeyword:
          return 'number';
        case ts.SyntaxKind.BooleanKeyword:
          return 'boolean';
        default:
          return 'any';
      }
    };
    describe(ts.factory.createTypeLiteralNode(iface.members), typeName);
    // `describe` built the literal from the interface members, which carry source positions.
    index[`argoproj.io/v1alpha1/${kind}`] = typeName;
  }
}

const moduleDir = kubernetesModuleDir();
const { schemas, documents } = openApiDocuments(moduleDir);
const types = kubernetesTypes(schemas, servedEnums(moduleDir, schemas));
const index = kinds(documents, types);
argoTypes(types, index);
const sortedTypes = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
const release = /^v(\d+\.\d+)\.\d+$/.exec(KUBERNETES_MODULE_VERSION)[1];
const data = {
  kubernetesVersion: release,
  sources: {
    [KUBERNETES_MODULE]: KUBERNETES_MODULE_VERSION,
    '@kubernetes-models/argo-cd': JSON.parse(readFileSync(join(argoModels, 'package.json'), 'utf8')).version,
  },
  kinds: Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b))),
  types: sortedTypes,
};
const out = join(root, 'tools/schemas/kubernetes.json');
const text = `${JSON.stringify(data)}\n`;
if (process.argv.includes('--print')) process.stdout.write(text);
else {
  writeFileSync(out, text);
  console.log(
    `wrote ${out}: Kubernetes ${data.kubernetesVersion} (${KUBERNETES_MODULE} ${KUBERNETES_MODULE_VERSION}), ${Object.keys(data.kinds).length} kinds, ${Object.keys(types).length} types, ${(text.length / 1024).toFixed(0)} KiB`,
  );
}
