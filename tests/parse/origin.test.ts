/** Findings pointed at the file that set the field: the overlay's patches (the last listed first), then the resource's origin file. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../tools/src/model/finding.js';
import { kustomizationFilesIn, readKustomizationSync } from '../../tools/src/parse/kustomization.js';
import { locateInSources, SourceIndex } from '../../tools/src/parse/origin.js';

const root = mkdtempSync(join(tmpdir(), 'consul-gitops-origin-'));
const write = (path: string, text: string): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const SERVER = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\n';
write(
  'base/server.yaml',
  `${SERVER}spec:\n  replicas: 3\n  serviceName: consul\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\nmetadata: {name: orphan}\n`,
);
write('overlays/two/kustomization.yaml', 'resources: []\n');
write('overlays/two/Kustomization', 'resources: []\n');
write('overlays/prod/kustomization.yaml', 'patches:\n- path: replicas.yaml\n- target: {kind: X}\n- path: later.yaml\n');
write('overlays/prod/replicas.yaml', `${SERVER}spec:\n  replicas: 5\n  podManagementPolicy: Parallel\n`);
write('overlays/prod/later.yaml', `# the last patch listed\n${SERVER}spec:\n  replicas: 7\n`);
write('overlays/odd/kustomization.yaml', 'patches: {path: x.yaml}\n');
mkdirSync(join(root, 'overlays/none'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const onServer = (path: string | undefined, rest: Partial<Finding> = {}): Finding => ({
  rule: 'quorum-even-servers',
  severity: 'error',
  message: 'm',
  resource: { kind: 'StatefulSet', name: 'consul-server' },
  ...(path ? { path } : {}),
  origin: { file: 'base/server.yaml' },
  ...rest,
});

describe('SourceIndex', () => {
  it('patchFiles: the paths of an overlay’s patches, repository-relative; none without a list of them', async () => {
    const index = new SourceIndex(root);
    expect(await index.patchFiles(join(root, 'overlays/prod'))).toEqual(['overlays/prod/replicas.yaml', 'overlays/prod/later.yaml']);
    expect(await index.patchFiles(join(root, 'overlays/odd'))).toEqual([]);
    expect(await index.patchFiles(join(root, 'overlays/none'))).toEqual([]);
  });

  it('objects: kind and name of each document that has both; a missing file has none', async () => {
    const index = new SourceIndex(root);
    expect(await index.objects('base/server.yaml')).toEqual([{ kind: 'StatefulSet', name: 'consul-server' }]);
    expect(await index.objects('base/missing.yaml')).toEqual([]);
  });

  it('lineOf: the line of a pointer in the document of that kind and name, else undefined', async () => {
    const index = new SourceIndex(root);
    expect(await index.lineOf('base/server.yaml', 'StatefulSet', 'consul-server', '/spec/replicas')).toBe(6);
    expect(await index.lineOf('base/server.yaml', 'Deployment', 'consul-server', '/spec/replicas')).toBeUndefined();
    expect(await index.lineOf('base/server.yaml', 'StatefulSet', 'other', '/spec/replicas')).toBeUndefined();
    expect(await index.lineOf('base/server.yaml', 'StatefulSet', 'consul-server', '/spec/nope')).toBeUndefined();
  });
});

describe('kustomization files', () => {
  it('every kustomization file of a directory, in kustomize’s order; none in a directory without one', async () => {
    expect(await kustomizationFilesIn(join(root, 'overlays/two'))).toEqual(['kustomization.yaml', 'Kustomization']);
    expect(await kustomizationFilesIn(join(root, 'overlays/none'))).toEqual([]);
  });

  it('an empty display directory names the file alone', () => {
    expect(readKustomizationSync(join(root, 'overlays/two'), '')).toMatchObject({ path: 'kustomization.yaml' });
  });
});

describe('locateInSources', () => {
  it('the last patch that sets the field wins, then the origin file; the embedded line is added; others are left alone', async () => {
    const findings = [
      onServer('/spec/replicas'),
      onServer('/spec/podManagementPolicy', { embeddedLine: 2 }),
      onServer('/spec/serviceName', { embeddedLine: 1 }),
      onServer('/spec/serviceName', { origin: { file: 'base/server.yaml', line: 99 } }),
      onServer('/spec/nowhere'),
      onServer(undefined),
      { rule: 'schema', severity: 'error', message: 'no resource', path: '/spec/replicas' } as Finding,
    ];
    await locateInSources(findings, new SourceIndex(root), join(root, 'overlays/prod'));
    expect(findings.map((finding) => finding.origin)).toEqual([
      { file: 'overlays/prod/later.yaml', line: 7 },
      { file: 'overlays/prod/replicas.yaml', line: 9 },
      { file: 'base/server.yaml', line: 8 },
      { file: 'base/server.yaml', line: 99 },
      { file: 'base/server.yaml' },
      { file: 'base/server.yaml' },
      undefined,
    ]);
  });
});
