/**
 * The sync gate in process (tools/src/pipeline/gate.ts) on temporary repositories, with a kustomize that prints
 * each folder's rendered.yaml: the verdict, what was checked and what may be printed.
 */
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../../tools/src/pipeline/gate.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { configMap, FILE_KUSTOMIZE, kustomization, offlineSchema, tempRepo, under } from '../helpers/pipeline-repo.js';

const SUPPRESSED = configMap('suppressed', 'apps', '1').replace(
  'namespace: apps\n',
  'namespace: apps\n  annotations:\n    consul-gitops/ignore: schema\n    consul-gitops/ignore-reason: a test of the gate\n',
);

let root: string;
let bare: string;
let invalid: string;

beforeAll(async () => {
  root = await tempRepo({
    ...under('overlays/ok', kustomization(`${configMap('a')}---\n${SUPPRESSED}`)),
    ...under('overlays/bad', kustomization(configMap('a', 'apps', '1'))),
    ...under('overlays/empty', kustomization('')),
    ...under('overlays/broken', { ...kustomization(''), 'build-error.txt': 'Error: accumulating resources: boom\n' }),
  });
  await copyFile(join(REPO_ROOT, 'environments.yaml'), join(root, 'environments.yaml'));
  bare = await tempRepo(under('app', kustomization(configMap('a'))));
  invalid = await tempRepo({ 'environments.yaml': 'environments: 5\n', ...under('overlays/ok', kustomization(configMap('a'))) });
});

afterAll(async () => {
  for (const dir of [root, bare, invalid]) await rm(dir, { recursive: true });
});

const options = async (cwd: string) => ({ cwd, kustomize: FILE_KUSTOMIZE, schema: await offlineSchema() });

describe('gate', () => {
  it('syncs a clean render: the render as built, and the manifests less the suppression annotations', async () => {
    const result = await gate('overlays/ok', await options(root));
    expect(result.verdict).toBe('synced');
    expect(result.path).toBe('overlays/ok');
    expect(result.yaml).toBe(`${configMap('a')}---\n${SUPPRESSED}`);
    expect(result.manifests).toBe(`${configMap('a')}---\n${configMap('suppressed', 'apps', '1')}`);
    expect(result.run).toEqual({
      overlays: [
        {
          path: 'overlays/ok',
          ok: true,
          resources: 2,
          findings: [expect.objectContaining({ rule: 'schema', suppressed: { reason: 'a test of the gate' } }) as unknown],
          checked: [
            { kind: 'ConfigMap', name: 'a', namespace: 'apps' },
            { kind: 'ConfigMap', name: 'suppressed', namespace: 'apps' },
          ],
        },
      ],
      tool: { kustomize: 'v5.8.1 (flag)', schemaBackend: 'offline', kubernetesVersion: expect.any(String) as unknown },
    });
  });

  it('runs from inside the overlay, naming it from the repository root', async () => {
    const result = await gate('.', await options(join(root, 'overlays/ok')));
    expect(result).toMatchObject({ verdict: 'synced', path: 'overlays/ok' });
  });

  it('blocks a render with an error finding, and prints nothing', async () => {
    const result = await gate('overlays/bad', await options(root));
    expect(result.verdict).toBe('blocked');
    expect(result.yaml).toBeUndefined();
    expect(result.manifests).toBeUndefined();
    expect(result.run.overlays[0]?.findings.map((finding) => [finding.rule, finding.severity])).toEqual([['schema', 'error']]);
  });

  it('blocks a kind without a schema: an error at the gate, never a warning', async () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\n';
    const repo = await tempRepo(under('app', kustomization(widget)));
    try {
      const result = await gate('app', await options(repo));
      expect(result.verdict).toBe('blocked');
      expect(result.run.overlays[0]?.findings.map((finding) => [finding.rule, finding.severity])).toEqual([['schema-missing', 'error']]);
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('blocks an empty render (with prune on it would delete everything)', async () => {
    const result = await gate('overlays/empty', await options(root));
    expect(result.verdict).toBe('blocked');
    expect(result.run.overlays[0]?.resources).toBe(0);
    expect(result.run.overlays[0]?.findings[0]?.message).toBe('the render is empty: with prune on, Argo CD would delete everything');
  });

  it('blocks a failed build', async () => {
    const result = await gate('overlays/broken', await options(root));
    expect(result.verdict).toBe('blocked');
    expect(result.run.overlays[0]?.findings[0]).toMatchObject({
      rule: 'kustomize-build',
      message: expect.stringMatching(/boom/) as unknown,
    });
  });

  it('reports an invalid spec alone, without rendering', async () => {
    const result = await gate('overlays/ok', await options(invalid));
    expect(result.verdict).toBe('spec-invalid');
    expect(result.path).toBe('overlays/ok');
    expect(result.run.overlays.map((overlay) => overlay.path)).toEqual(['environments.yaml']);
    expect(result.run.overlays[0]?.findings.map((finding) => `${finding.rule}: ${finding.message}`)).toContain(
      'spec: environments: must be object',
    );
  });

  it('takes the kustomization folder as the root without an environments.yaml above it', async () => {
    const result = await gate('app', await options(bare));
    expect(result).toMatchObject({ verdict: 'synced', path: '.' });
  });

  it('checks with the offline schema engine when none is given', async () => {
    const result = await gate('app', { cwd: bare, kustomize: FILE_KUSTOMIZE });
    expect(result.run.tool.schemaBackend).toBe('offline');
    expect(result.verdict).toBe('synced');
  });
});
