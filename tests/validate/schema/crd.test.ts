/** CRD folders -> type table entries: what is strict, what is preserved, and clear errors for bad folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCrdTypes, SchemaFolderError } from '../../../tools/src/validate/schema/crd.js';
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
    expect(object.properties).toMatchObject({ apiVersion: 'string', kind: 'string', metadata: 'ref:V1ObjectMeta', status: 'any' });
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
    expect(types.types['crd:example.com/v1/Widget.spec']).toEqual({ properties: { size: 'int-or-string', extra: 'any', tags: '{}string' }, required: ['size'] });
  });

  it('a version without a schema accepts any fields', () => {
    const dir = folderWith('no-schema', { 'widget.yaml': widgetCrd(true) });
    expect(loadCrdTypes([dir]).kinds['example.com/v0/Widget']).toBe('any');
  });

  it('a folder that does not exist is a clear error naming the flag and the folder', () => {
    expect(() => loadCrdTypes(['/no/such/folder'])).toThrow(SchemaFolderError);
    expect(() => loadCrdTypes(['/no/such/folder'])).toThrow('--schemas /no/such/folder: cannot read the folder (ENOENT); pass a folder of CustomResourceDefinition YAML files');
  });

  it('a CRD file with broken YAML is a clear error at its file and line, not a silently missing schema', () => {
    const dir = folderWith('broken', { 'broken.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: [unclosed\n' });
    expect(() => loadCrdTypes([dir])).toThrow(/broken\.yaml:\d+: invalid YAML in a schema folder .*; fix or remove the file/);
  });
});
