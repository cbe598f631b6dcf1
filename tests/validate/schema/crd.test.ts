/** CRD folders -> type table entries: what is strict, what is preserved, and clear errors for bad folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedCrdTypes, loadCrdTypes, MAX_SCHEMA_DEPTH, SchemaFolderError } from '../../../tools/src/validate/schema/crd.js';
import { Converter, type OpenApi } from '../../../tools/src/validate/schema/crd-schema.js';
import { CRD_DIR } from './corpus.js';

const scratch = mkdtempSync(join(tmpdir(), 'consul-gitops-crd-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folderWith(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const widgetCrd = (served: boolean) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { x-kubernetes-int-or-string: true }
                extra: { type: object, x-kubernetes-preserve-unknown-fields: true }
                tags: { type: object, additionalProperties: { type: string } }
    - name: v0
      served: ${String(served)}
      storage: false
`;

describe('loadCrdTypes', () => {
  it("reads Consul's ServiceDefaults: strict objects, maps of strings, preserved fields, metadata as ObjectMeta", () => {
    const types = loadCrdTypes([CRD_DIR]);
    const root = types.kinds['consul.hashicorp.com/v1alpha1/ServiceDefaults'];
    expect(root).toBe('ref:crd:consul.hashicorp.com/v1alpha1/ServiceDefaults');
    const object = types.types['crd:consul.hashicorp.com/v1alpha1/ServiceDefaults']!;
    expect(object.properties).toMatchObject({ apiVersion: 'string', kind: 'string', metadata: 'ref:meta.v1.ObjectMeta', status: 'any' });
    const spec = types.types['crd:consul.hashicorp.com/v1alpha1/ServiceDefaults.spec']!;
    expect(spec.properties).toMatchObject({ protocol: 'string', maxInboundConnections: 'integer', meta: '{}string' });
    expect(types.types['crd:consul.hashicorp.com/v1alpha1/ServiceDefaults.spec.envoyExtensions[]']).toEqual({
      properties: { name: 'string', required: 'boolean', arguments: 'any' },
      required: ['name'],
    });
  });

  it('int-or-string, required fields, and only served versions', () => {
    const dir = folderWith('served', { 'widget.yaml': widgetCrd(false) });
    const types = loadCrdTypes([dir]);
    expect(Object.keys(types.kinds).filter((key) => key.startsWith('example.com/'))).toEqual(['example.com/v1/Widget']);
    expect(types.types['crd:example.com/v1/Widget.spec']).toEqual({
      properties: { size: 'int-or-string', extra: 'any', tags: '{}string' },
      required: ['size'],
    });
  });

  it('a version without a schema accepts any fields, with a note naming the CRD and the version', () => {
    const dir = folderWith('no-schema', { 'widget.yaml': widgetCrd(true) });
    const types = loadCrdTypes([dir]);
    expect(types.kinds['example.com/v0/Widget']).toBe('any');
    expect(types.notes).toEqual([
      {
        kind: 'example.com/v0/Widget',
        file: join(dir, 'widget.yaml'),
        line: 1,
        message:
          'CustomResourceDefinition widgets.example.com (v0): not checked: it has no openAPIV3Schema for this version, so any fields are accepted',
      },
    ]);
  });

  it('keeps the keywords and formats of a property (enum, minimum, maximum, pattern, maxLength, int32, date-time, byte)', () => {
    const types = loadCrdTypes([CRD_DIR]);
    expect(types.types['crd:toys.example.org/v1/Widget.spec']?.properties).toMatchObject({
      protocol: 'check:crd:toys.example.org/v1/Widget.spec.protocol',
      zones: 'check:crd:toys.example.org/v1/Widget.spec.zones',
    });
    expect(types.constraints['crd:toys.example.org/v1/Widget.spec.protocol']).toEqual({ type: 'string', enum: ['tcp', 'http', 'grpc'] });
    expect(types.constraints['crd:toys.example.org/v1/Widget.spec.replicas']).toEqual({ type: 'int32', minimum: 1, maximum: 9 });
    expect(types.constraints['crd:toys.example.org/v1/Widget.spec.weight']).toEqual({
      type: 'number',
      minimum: 0,
      maximum: 1,
      exclusiveMaximum: true,
    });
    expect(types.constraints['crd:toys.example.org/v1/Widget.spec.name']).toEqual({
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*$',
      minLength: 2,
      maxLength: 12,
    });
    const dir = folderWith('formats', {
      'f.yaml': widgetCrd(false).replace(
        'extra: { type: object, x-kubernetes-preserve-unknown-fields: true }',
        'at: { type: string, format: date-time }\n                blob: { type: string, format: byte }\n                big: { type: integer, format: int64 }',
      ),
    });
    expect(loadCrdTypes([dir]).types['crd:example.com/v1/Widget.spec']?.properties).toMatchObject({
      at: 'date',
      blob: 'byte',
      big: 'int64',
    });
  });

  it('reads a v1beta1 CRD: spec.validation for every version, spec.version when there is no versions list', () => {
    const types = loadCrdTypes([CRD_DIR]);
    expect(types.kinds['toys.example.org/v1alpha1/Gadget']).toBe('ref:crd:toys.example.org/v1alpha1/Gadget');
    expect(types.types['crd:toys.example.org/v1alpha1/Gadget.spec']).toEqual({
      properties: {
        size: 'check:crd:toys.example.org/v1alpha1/Gadget.spec.size',
        color: 'check:crd:toys.example.org/v1alpha1/Gadget.spec.color',
      },
      required: ['size'],
    });
    const dir = folderWith('v1beta1-single', {
      'old.yaml': `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata: { name: olds.example.com }
spec:
  group: example.com
  version: v1
  names: { kind: Old, plural: olds }
  validation:
    openAPIV3Schema:
      properties:
        spec: { type: object, properties: { size: { type: integer } } }
`,
    });
    const single = loadCrdTypes([dir]);
    expect(single.kinds['example.com/v1/Old']).toBe('ref:crd:example.com/v1/Old');
    expect(single.types['crd:example.com/v1/Old.spec']).toEqual({ properties: { size: 'integer' }, required: [] });
    expect(single.notes).toEqual([]);
  });

  it.each([
    [
      'an unknown CRD apiVersion',
      'apiVersion: apiextensions.k8s.io/v2\nkind: CustomResourceDefinition\nmetadata: { name: a.example.com }\nspec: { group: example.com, names: { kind: A }, versions: [{ name: v1, served: true }] }\n',
      /CustomResourceDefinition a\.example\.com cannot be read \(apiVersion "apiextensions\.k8s\.io\/v2" is not apiextensions\.k8s\.io\/v1 or apiextensions\.k8s\.io\/v1beta1\)/,
    ],
    [
      'no group or kind',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: b.example.com }\nspec: { versions: [{ name: v1, served: true }] }\n',
      /CustomResourceDefinition b\.example\.com cannot be read \(it has no spec\.group or spec\.names\.kind\)/,
    ],
    [
      'no served version',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: c.example.com }\nspec: { group: example.com, names: { kind: C }, versions: [] }\n',
      /CustomResourceDefinition c\.example\.com cannot be read \(it serves no version\)/,
    ],
  ])('a CRD it cannot read (%s) is a note naming it, not a silent pass', (_name, text, message) => {
    const dir = folderWith(`unreadable-${String(_name).replace(/\W+/g, '-')}`, { 'x.yaml': text });
    const types = loadCrdTypes([dir]);
    expect(types.notes).toHaveLength(1);
    expect(types.notes[0]?.message).toMatch(message);
    expect(types.notes[0]?.line).toBe(1);
  });

  it('notes what it skips: CEL rules, anyOf, nesting past the depth limit', () => {
    const types = loadCrdTypes([CRD_DIR]);
    expect(types.notes.map((note) => `${note.kind}: ${note.message}`)).toEqual([
      'toys.example.org/v1/Sprocket: CustomResourceDefinition sprockets.toys.example.org (v1): not checked: x-kubernetes-validations (CEL rules; the API server checks them)',
    ]);
    let nested = '{ type: string }';
    for (let depth = 0; depth < MAX_SCHEMA_DEPTH + 5; depth++) nested = `{ type: object, properties: { a: ${nested} } }`;
    const dir = folderWith('deep-schema', {
      'deep.yaml': widgetCrd(false).replace(
        'tags: { type: object, additionalProperties: { type: string } }',
        `tags: ${nested}\n                either: { anyOf: [{ type: string }, { type: integer }] }`,
      ),
    });
    const messages = loadCrdTypes([dir]).notes.map((note) => note.message);
    expect(messages).toEqual([
      'CustomResourceDefinition widgets.example.com (v1): not checked: anyOf/oneOf/allOf/not (only the type and the keywords beside them are checked)',
      `CustomResourceDefinition widgets.example.com (v1): not checked: the schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep (too deep; below that, fields are not checked)`,
    ]);
  });

  it('a CRD file 4,000 levels deep is a "too deep" note at its file and line, not "invalid YAML" and not a crash', () => {
    let text = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n';
    for (let depth = 0; depth < 4000; depth++) text += `${' '.repeat(depth + 2)}k:\n`;
    text += `${' '.repeat(4002)}v: 1\n`;
    const dir = folderWith('deep-yaml', { 'deep.yaml': text });
    const types = loadCrdTypes([dir]);
    expect(types.notes).toEqual([
      {
        kind: '',
        file: join(dir, 'deep.yaml'),
        line: 1,
        message: expect.stringMatching(/^a document in a schema folder cannot be read: nested too deep to read \(too deep\)/),
      },
    ]);
  });

  it('an alias bomb in a schema folder is a note, not an internal error', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let level = 0; level < 8; level++)
      text += `b${level}: &b${level} [${Array(10)
        .fill(level === 0 ? '*a' : `*b${level - 1}`)
        .join(', ')}]\n`;
    const dir = folderWith('bomb', { 'bomb.yaml': text });
    expect(loadCrdTypes([dir]).notes[0]?.message).toMatch(/too many YAML alias expansions/);
  });

  it('a folder that does not exist is a clear error naming the flag and the folder', () => {
    expect(() => loadCrdTypes(['/no/such/folder'])).toThrow(SchemaFolderError);
    expect(() => loadCrdTypes(['/no/such/folder'])).toThrow(
      '--schemas /no/such/folder: cannot read the folder (ENOENT); pass a folder of CustomResourceDefinition YAML files',
    );
  });

  it('a CRD file with broken YAML is a clear error at its file and line, not a silently missing schema', () => {
    const dir = folderWith('broken', {
      'broken.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: [unclosed\n',
    });
    expect(() => loadCrdTypes([dir])).toThrow(/broken\.yaml:\d+: invalid YAML in a schema folder .*; fix or remove the file/);
  });
});

describe('loadCrdTypes: what it reads of a folder and of each CRD', () => {
  const crd = (head: string, spec: string): string => `${head}kind: CustomResourceDefinition\n${spec === '' ? '' : `spec: ${spec}\n`}`;
  const V1 = 'apiVersion: apiextensions.k8s.io/v1\n';
  const NAMED = `${V1}metadata: { name: c.example.com }\n`;
  const notesOf = (name: string, text: string) =>
    loadCrdTypes([folderWith(name, { 'x.yaml': text })]).notes.map(({ kind, message }) => ({ kind, message }));

  it.each([
    [
      'no served version: the note is on the kind in every version',
      crd(NAMED, '{ group: example.com, names: { kind: C }, versions: [{ name: v1, served: false }] }'),
      'example.com/*/C',
      'CustomResourceDefinition c.example.com cannot be read (it serves no version): its kind gets no schema',
    ],
    [
      'a served version without a name serves nothing',
      crd(NAMED, '{ group: example.com, names: { kind: C }, versions: [{ served: true, schema: { openAPIV3Schema: { type: object } } }] }'),
      'example.com/*/C',
      'CustomResourceDefinition c.example.com cannot be read (it serves no version): its kind gets no schema',
    ],
    [
      'a group without a kind: no kind to put the note on',
      crd(NAMED, '{ group: example.com, versions: [{ name: v1, served: true }] }'),
      '',
      'CustomResourceDefinition c.example.com cannot be read (it has no spec.group or spec.names.kind): its kind gets no schema',
    ],
    [
      'a kind without a group',
      crd(NAMED, '{ names: { kind: C }, versions: [{ name: v1, served: true }] }'),
      '',
      'CustomResourceDefinition c.example.com cannot be read (it has no spec.group or spec.names.kind): its kind gets no schema',
    ],
    [
      'no spec and no metadata',
      crd(V1, ''),
      '',
      'CustomResourceDefinition (unnamed) cannot be read (it has no spec.group or spec.names.kind): its kind gets no schema',
    ],
    [
      'no apiVersion',
      crd('metadata: { name: c.example.com }\n', '{ group: example.com, names: { kind: C }, versions: [{ name: v1, served: true }] }'),
      'example.com/*/C',
      'CustomResourceDefinition c.example.com cannot be read (apiVersion "" is not apiextensions.k8s.io/v1 or apiextensions.k8s.io/v1beta1): its kind gets no schema',
    ],
  ])('a CRD it cannot read (%s) is one note, on its kind when it has group and kind', (name, text, kind, message) => {
    expect(notesOf(`note-${name.replace(/\W+/g, '-')}`, text)).toEqual([{ kind, message }]);
  });

  it('reads only .yaml, .yml and .json files, not folders named like one, nor other files', () => {
    const dir = folderWith('file-names', {
      'gadget.yml': widgetCrd(false).replaceAll('Widget', 'Gadget').replaceAll('widgets', 'gadgets'),
      'notes.txt': 'group: [unclosed\n',
      'old.yaml.bak': 'group: [unclosed\n',
    });
    mkdirSync(join(dir, 'more.yaml'));
    const types = loadCrdTypes([dir]);
    expect(Object.keys(types.kinds)).toEqual(['example.com/v1/Gadget']);
    expect(types.notes).toEqual([]);
  });

  it('other documents and empty ones beside a CRD are passed over without a note', () => {
    const dir = folderWith('others', {
      'mixed.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\n---\n${widgetCrd(false)}`,
    });
    const types = loadCrdTypes([dir]);
    expect(Object.keys(types.kinds)).toEqual(['example.com/v1/Widget']);
    expect(types.notes).toEqual([]);
  });

  it('the root of every CRD kind has apiVersion and kind as strings and metadata as ObjectMeta, even when its schema omits them', () => {
    const types = loadCrdTypes([folderWith('root-fields', { 'widget.yaml': widgetCrd(false) })]);
    expect(types.types['crd:example.com/v1/Widget']!.properties).toEqual({
      apiVersion: 'string',
      kind: 'string',
      metadata: 'ref:meta.v1.ObjectMeta',
      spec: 'ref:crd:example.com/v1/Widget.spec',
    });
  });

  it('a root schema that preserves unknown fields accepts anything, with no object type to add metadata to', () => {
    const text = widgetCrd(false).replace(
      'type: object\n          properties:',
      'type: object\n          x-kubernetes-preserve-unknown-fields: true\n          properties:',
    );
    const types = loadCrdTypes([folderWith('preserved-root', { 'widget.yaml': text })]);
    expect(types.kinds['example.com/v1/Widget']).toBe('any');
    expect(types.types['crd:example.com/v1/Widget']).toBeUndefined();
  });

  it('a folder that cannot be read is a SchemaFolderError by name, as its message prints', () => {
    let caught: unknown;
    try {
      loadCrdTypes(['/no/such/folder']);
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).toBe(
      'SchemaFolderError: --schemas /no/such/folder: cannot read the folder (ENOENT); pass a folder of CustomResourceDefinition YAML files',
    );
  });
});

describe('cachedCrdTypes', () => {
  it('reads a set of folders once: the second call gives the same tables, even after the folder changed', () => {
    const dir = folderWith('cached', { 'widget.yaml': widgetCrd(false) });
    const load = cachedCrdTypes();
    const first = load([dir]);
    writeFileSync(join(dir, 'widget.yaml'), 'group: [unclosed\n');
    expect(load([dir])).toBe(first);
    expect(Object.keys(first.kinds)).toEqual(['example.com/v1/Widget']);
  });

  it('keys by the list of folders, so two folders are not taken for one whose path is their concatenation', () => {
    const parent = folderWith('cache-keys', {});
    const [first, second] = [join(parent, 'a'), join(parent, 'b')];
    const joined = `${first}${second}`;
    for (const [dir, kind] of [
      [first, 'Widget'],
      [second, 'Gadget'],
      [joined, 'Sprocket'],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'crd.yaml'), widgetCrd(false).replaceAll('Widget', kind).replaceAll('widgets', `${kind.toLowerCase()}s`));
    }
    const load = cachedCrdTypes();
    expect(Object.keys(load([first, second]).kinds)).toEqual(['example.com/v1/Widget', 'example.com/v1/Gadget']);
    expect(Object.keys(load([joined]).kinds)).toEqual(['example.com/v1/Sprocket']);
  });
});

describe('Converter: one schema to type expressions', () => {
  const convert = (schema: unknown, depth = 0) => {
    const tables = { types: {}, constraints: {} };
    const converter = new Converter(tables);
    const expression = converter.convert(schema as OpenApi, 'n', depth);
    return { expression, ...tables, skipped: [...converter.skipped] };
  };

  it('nesting up to the depth limit is walked; one level past it is any, with a note', () => {
    expect(convert({ type: 'string' }, MAX_SCHEMA_DEPTH)).toEqual({ expression: 'string', types: {}, constraints: {}, skipped: [] });
    expect(convert({ type: 'string' }, MAX_SCHEMA_DEPTH + 1)).toEqual({
      expression: 'any',
      types: {},
      constraints: {},
      skipped: [`the schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep (too deep; below that, fields are not checked)`],
    });
    let items: unknown = { type: 'string' };
    for (let depth = 0; depth <= MAX_SCHEMA_DEPTH; depth++) items = { type: 'array', items };
    expect(convert(items).skipped).toHaveLength(1);
    let maps: unknown = { type: 'string' };
    for (let depth = 0; depth <= MAX_SCHEMA_DEPTH; depth++) maps = { type: 'object', additionalProperties: maps };
    expect(convert(maps).skipped).toHaveLength(1);
  });

  it('no schema, a schema that is not an object, and preserved unknown fields are any', () => {
    expect(convert(undefined).expression).toBe('any');
    expect(convert('string').expression).toBe('any');
    expect(convert({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } })).toEqual({
      expression: 'any',
      types: {},
      constraints: {},
      skipped: [],
    });
    expect(convert({ description: 'no type' }).expression).toBe('any');
  });

  it('maps: additionalProperties that is a schema, true, or absent', () => {
    expect(
      convert({ type: 'object', additionalProperties: { type: 'object', properties: { a: { type: 'string' } }, required: ['b', 'a'] } }),
    ).toEqual({
      expression: '{}ref:n{}',
      types: { 'n{}': { properties: { a: 'string' }, required: ['a', 'b'] } },
      constraints: {},
      skipped: [],
    });
    expect(convert({ type: 'object', additionalProperties: true }).expression).toBe('any');
    expect(convert({ type: 'object' }).expression).toBe('any');
  });

  it('patterns: one that compiles (with the u flag, as the walk reads it) is kept, another is a note', () => {
    expect(convert({ type: 'string', pattern: '^\\p{Lu}', maxLength: 3 }).constraints).toEqual({
      n: { type: 'string', pattern: '^\\p{Lu}', maxLength: 3 },
    });
    expect(convert({ type: 'string', pattern: '\\a', maxLength: 3 })).toEqual({
      expression: 'check:n',
      types: {},
      constraints: { n: { type: 'string', maxLength: 3 } },
      skipped: ['the pattern "\\\\a" at n, which is not a regular expression the engine can compile'],
    });
    expect(convert({ type: 'string', pattern: '(' }).expression).toBe('string');
  });

  it('a type OpenAPI v3 does not have is any, with a note', () => {
    expect(convert({ type: 'null' })).toEqual({
      expression: 'any',
      types: {},
      constraints: {},
      skipped: ['the type "null" at n, which OpenAPI v3 does not have'],
    });
  });
});
