// Build the strict schema data for the offline engine from npm package data (never hand-written):
//  - field lists, types and formats of every Kubernetes type: @kubernetes/client-node model metadata
//    (attributeTypeMap, generated from the Kubernetes OpenAPI spec), required fields from its .d.ts;
//  - which string fields are resource Quantities (number or string): kubernetes-models' .d.ts;
//  - group/version/kind of each top-level type: the API paths of client-node's create calls;
//  - Argo CD Application, ApplicationSet, AppProject: @kubernetes-models/argo-cd's .d.ts (generated
//    from the Argo CD CRDs), read with the TypeScript compiler.
// Output: tools/schemas/kubernetes.json, deterministic. `npm run schemas` rewrites it; a test checks it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const clientNode = dirname(require.resolve('@kubernetes/client-node/package.json', { paths: [root] }));
const generated = join(clientNode, 'dist/gen');
const models = join(generated, 'models');
const kubernetesModels = dirname(require.resolve('kubernetes-models/package.json', { paths: [root] }));
const argoModels = dirname(require.resolve('@kubernetes-models/argo-cd/package.json', { paths: [root] }));

/** The OpenAPI spec a client-node model file was generated from ("release-1.36", "v1.30.1"). */
function specVersionOf(type) {
  try {
    return /OpenAPI spec version: (\S+)/.exec(readFileSync(join(models, `${type}.js`), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** The Kubernetes minor the client-node models were generated from ("OpenAPI spec version: release-1.36"). */
function kubernetesVersion() {
  const match = /^release-(\d+\.\d+)$/.exec(specVersionOf('V1Pod') ?? '');
  if (!match) throw new Error('cannot read the Kubernetes version of @kubernetes/client-node');
  return match[1];
}

/** Quantity-typed properties, as "ShortTypeName.property", from kubernetes-models' declarations. */
function quantityFields() {
  const fields = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '_schemas') walk(path);
      else if (entry.name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        const iface = /export interface I(\w+) \{([\s\S]*?)\n\}/.exec(text);
        if (!iface) continue;
        for (const match of iface[2].matchAll(/\n {4}"(\w+)"\??: (\{\s*\[key: string\]: )?IIoK8sApimachineryPkgApiResourceQuantity/g))
          fields.add(`${iface[1]}.${match[1]}`);
      }
    }
  };
  walk(kubernetesModels);
  return fields;
}

const shortName = (type) => type.replace(/^(?:[A-Z][a-z]+)*?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');

function convert(type, format, quantity) {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return `[]${convert(array[1], format, quantity)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `{}${convert(map[1], format, quantity)}`;
  switch (type) {
    case 'string':
      if (quantity) return 'quantity';
      if (format === 'date-time' || format === 'date-time-micro') return 'date';
      return format === 'byte' ? 'byte' : 'string';
    case 'number':
      // The OpenAPI format is the range the API server stores: int32 and int64 are checked as such.
      return format === 'int32' || format === 'int64' ? format : 'number';
    case 'boolean':
    case 'any':
      return type;
    // MicroTime (format date-time-micro) is a string too; client-node has no model file for it.
    case 'Date':
    case 'V1MicroTime':
      return 'date';
    case 'IntOrString':
      return 'int-or-string';
    default:
      return `ref:${type}`;
  }
}

async function kubernetesTypes(quantities) {
  const types = {};
  for (const file of readdirSync(models)
    .filter((name) => name.endsWith('.js') && !['all.js', 'ObjectSerializer.js', 'ObservableAPI.js'].includes(name))
    .sort()) {
    const name = file.replace(/\.js$/, '');
    const module = await import(pathToFileURL(join(models, file)).href);
    const model = module[name];
    if (!model?.attributeTypeMap) continue;
    const declaration = readFileSync(join(models, `${name}.d.ts`), 'utf8');
    const required = [...declaration.matchAll(/^ {4}'([^']+)': /gm)].map((match) => match[1]).sort();
    const properties = {};
    for (const attribute of model.attributeTypeMap) {
      properties[attribute.baseName] = convert(
        attribute.type,
        attribute.format,
        quantities.has(`${shortName(name)}.${attribute.baseName}`),
      );
    }
    types[name] = { properties, required };
  }
  return types;
}

/**
 * Kinds the pinned Kubernetes serves. client-node ships, next to the models generated from the current
 * release's OpenAPI spec, files left from older releases (resource.k8s.io/v1alpha2 from v1.30.1, removed
 * in 1.31): a kind whose model was not generated from the current release is not served by it, and
 * gets no schema (the `deprecated-api` rule then names it as not served).
 */
function kinds(types, release) {
  const index = {};
  for (const file of readdirSync(join(generated, 'apis'))
    .filter((name) => name.endsWith('Api.js'))
    .sort()) {
    const text = readFileSync(join(generated, 'apis', file), 'utf8');
    let path;
    for (const match of text.matchAll(/localVarPath = '([^']+)'|ObjectSerializer\.serialize\(body, "(\w+)"/g)) {
      if (match[1]) {
        path = match[1];
        continue;
      }
      const type = match[2];
      const properties = types[type]?.properties ?? {};
      if (!path || path.includes('{name}') || !('kind' in properties) || !('metadata' in properties) || type.endsWith('DeleteOptions'))
        continue;
      if (specVersionOf(type) !== `release-${release}`) continue;
      const parts = path.split('/');
      const [group, version] = parts[1] === 'api' ? ['', parts[2]] : [parts[2], parts[3]];
      index[`${group ? `${group}/` : ''}${version}/${shortName(type)}`] = type;
    }
  }
  return Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b)));
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
        if (ref === 'IObjectMeta') return 'ref:V1ObjectMeta';
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

const quantities = quantityFields();
const types = await kubernetesTypes(quantities);
const index = kinds(types, kubernetesVersion());
argoTypes(types, index);
const sortedTypes = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
const data = {
  kubernetesVersion: kubernetesVersion(),
  sources: {
    '@kubernetes/client-node': JSON.parse(readFileSync(join(clientNode, 'package.json'), 'utf8')).version,
    'kubernetes-models': JSON.parse(readFileSync(join(kubernetesModels, 'package.json'), 'utf8')).version,
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
    `wrote ${out}: Kubernetes ${data.kubernetesVersion}, ${Object.keys(data.kinds).length} kinds, ${Object.keys(types).length} types, ${quantities.size} quantity fields, ${(text.length / 1024).toFixed(0)} KiB`,
  );
}
