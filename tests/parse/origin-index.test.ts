/** The origin index names the file of the kustomization tree that defines an object, renames undone. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originIndex } from '../../tools/src/parse/origin-index.js';
import { SourceIndex } from '../../tools/src/parse/origin.js';
import { readKustomizationTree } from '../../tools/src/validate/kustomization/read.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-origins-'));
  await mkdir(join(root, 'base'));
  await mkdir(join(root, 'overlay'));
  await writeFile(join(root, 'base/kustomization.yaml'), 'resources: [rbac.yaml, sa.yaml]\n');
  await writeFile(
    join(root, 'base/rbac.yaml'),
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: reader}\n',
  );
  await writeFile(join(root, 'base/sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: agent}\n');
  await writeFile(
    join(root, 'overlay/kustomization.yaml'),
    'namePrefix: team-\nresources: [../base, extra.yaml]\ntransformers: [names.yaml]\n',
  );
  await writeFile(join(root, 'overlay/extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: extra}\n');
  await writeFile(
    join(root, 'overlay/names.yaml'),
    'apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata: {name: x}\nsuffix: -prod\nfieldSpecs: [{kind: ClusterRole, path: metadata/name}]\n',
  );
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('originIndex', () => {
  it('finds the defining file through resources, namePrefix and a PrefixSuffixTransformer', async () => {
    const origins = originIndex(await readKustomizationTree(join(root, 'overlay'), root), root, new SourceIndex(root));
    expect(await origins('ServiceAccount', 'agent')).toBe('base/sa.yaml');
    expect(await origins('ServiceAccount', 'team-agent')).toBe('base/sa.yaml');
    expect(await origins('Service', 'extra')).toBe('overlay/extra.yaml');
    expect(await origins('ClusterRole', 'reader-prod')).toBe('base/rbac.yaml');
    // the transformer renames ClusterRoles only
    expect(await origins('ConfigMap', 'reader-prod')).toBeUndefined();
    expect(await origins('Deployment', 'nowhere')).toBeUndefined();
  });
});

describe('SourceIndex', () => {
  it('parses a file once while it is among the most recently used, and again once it has been pushed out', async () => {
    const index = new SourceIndex(root, 2);
    expect(await index.objects('overlay/extra.yaml')).toEqual([{ kind: 'Service', name: 'extra' }]);
    await writeFile(join(root, 'overlay/extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: changed}\n');
    // still kept: the file is not read again
    expect(await index.objects('overlay/extra.yaml')).toEqual([{ kind: 'Service', name: 'extra' }]);
    await index.objects('base/sa.yaml');
    // used again, extra.yaml is the most recent: reading a third file pushes out sa.yaml, not extra.yaml
    await index.objects('overlay/extra.yaml');
    await index.objects('base/rbac.yaml');
    expect(await index.objects('overlay/extra.yaml')).toEqual([{ kind: 'Service', name: 'extra' }]);
    // two more files push extra.yaml out, and the next read sees the file as it is now
    await index.objects('base/sa.yaml');
    await index.objects('base/rbac.yaml');
    expect(await index.objects('overlay/extra.yaml')).toEqual([{ kind: 'Service', name: 'changed' }]);
    await writeFile(join(root, 'overlay/extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: extra}\n');
  });
});
