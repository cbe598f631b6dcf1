/**
 * `diff` in process (tools/src/pipeline/diff.ts) on a temporary git repository whose kustomize prints each folder's
 * rendered.yaml: the base side renders from a worktree of the ref, the head side from the working tree, and an
 * api-server's update findings join the environment they concern.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../tools/src/model/finding.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { diff, settingsOf } from '../../tools/src/pipeline/diff.js';
import { SAME_AS_BASE, specOf } from '../generate/spec-fixture.js';
import type { ApiServerEngine } from '../../tools/src/validate/schema/api-server.js';
import { committedRepo, git } from '../helpers/git-repo.js';
import { configMap, FILE_KUSTOMIZE, kustomization, under } from '../helpers/pipeline-repo.js';
import { REPO_ROOT } from '../helpers/repo.js';

let root: string;
let commit: string;

beforeAll(async () => {
  root = await committedRepo({
    ...under('overlays/a', kustomization(configMap('a', 'apps', '"1"'))),
    ...under('overlays/b', kustomization(configMap('b'))),
  });
  commit = git(root, 'rev-parse', 'HEAD');
  await writeFile(join(root, 'overlays/a/rendered.yaml'), configMap('a', 'apps', '"2"'));
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('diff', () => {
  it('compares the render at the ref with the working tree, naming the ref and its commit', async () => {
    const report = await diff({ cwd: root, base: 'HEAD', kustomize: FILE_KUSTOMIZE, note: () => undefined });
    expect(report.base).toEqual({ ref: 'HEAD', commit });
    expect(report.environments.map((environment) => [environment.path, environment.status])).toEqual([
      ['overlays/a', 'changed'],
      ['overlays/b', 'unchanged'],
    ]);
    expect(report.environments[0]?.resources[0]?.changes).toEqual([{ path: '/data/a', type: 'changed', before: '1', after: '2' }]);
  });

  it('compares only the directories given', async () => {
    const report = await diff({ cwd: root, base: 'HEAD', kustomize: FILE_KUSTOMIZE, dirs: ['overlays/b'] });
    expect(report.environments.map((environment) => environment.path)).toEqual(['overlays/b']);
  });

  it("adds an api-server's update findings to the environment they concern, base and head renders in hand", async () => {
    const calls: [string[], string[]][] = [];
    const names = (resources: readonly ParsedResource[]): string[] => resources.map((resource) => resource.ref.name);
    const values: [unknown[], unknown[]][] = [];
    const data = (resources: readonly ParsedResource[]): unknown[] =>
      resources.map((resource) => (resource.object.data as Record<string, unknown>).a);
    const server = {
      updateFindings: (base: readonly ParsedResource[], head: readonly ParsedResource[]): Promise<Finding[]> => {
        calls.push([names(base), names(head)]);
        values.push([data(base), data(head)]);
        return Promise.resolve(
          names(head).includes('a') ? [{ rule: 'schema', severity: 'error', message: 'the server refuses the update' }] : [],
        );
      },
    } as unknown as ApiServerEngine;
    const report = await diff({ cwd: root, base: 'HEAD', kustomize: FILE_KUSTOMIZE, apiServer: server });
    expect(calls).toEqual([
      [['a'], ['a']],
      [['b'], ['b']],
    ]);
    // the base side is the render at the ref, the head side the working tree's
    expect(values[0]).toEqual([['1'], ['2']]);
    expect(report.environments[0]?.findings.map((finding) => finding.message)).toEqual(['the server refuses the update']);
    expect(report.environments[1]?.findings).toEqual([]);
    expect(report.base).toEqual({ ref: 'HEAD', commit });
  });

  it('asks the api-server only about the overlays both sides render, not one added in the head', async () => {
    const repo = await committedRepo(under('overlays/a', kustomization(configMap('a'))));
    try {
      const added = join(repo, 'overlays/new');
      await mkdir(added);
      await writeFile(join(added, 'kustomization.yaml'), 'resources: []\n');
      await writeFile(join(added, 'rendered.yaml'), configMap('n'));
      const calls: string[] = [];
      const server = {
        updateFindings: () => {
          calls.push('called');
          return Promise.resolve([]);
        },
      } as unknown as ApiServerEngine;
      const report = await diff({ cwd: repo, base: 'HEAD', kustomize: FILE_KUSTOMIZE, apiServer: server });
      expect(report.environments.map((environment) => [environment.path, environment.status])).toEqual([
        ['overlays/a', 'unchanged'],
        ['overlays/new', 'added'],
      ]);
      expect(calls).toEqual(['called']);
      expect(report.environments.map((environment) => environment.findings)).toEqual([[], []]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it("takes each side's environments.yaml: a removed environment gets the base's tier and the head's removal reason, at its rendered place", async () => {
    const valid = await readFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), 'utf8');
    // the base declares qa (a development environment); the head removes it, with a reason
    const qa = '  qa:\n    tier: development\n    namespace: consul-qa\n    servers: 1\n';
    const baseSpec = valid.replace('environments:\n', `environments:\n${qa}`);
    expect(baseSpec).toContain(qa);
    const headSpec = `${valid}removedEnvironments:\n  qa: moved to dc2, its data exported\n`;
    const server =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\n  namespace: consul-qa\n  labels:\n    environment: qa\nspec:\n  replicas: 1\n';
    const repo = await committedRepo({ 'environments.yaml': baseSpec, ...under('overlays/qa', kustomization(server)) });
    try {
      await writeFile(join(repo, 'environments.yaml'), headSpec);
      await rm(join(repo, 'overlays/qa'), { recursive: true });
      const report = await diff({ cwd: repo, base: 'HEAD', kustomize: FILE_KUSTOMIZE, dirs: ['overlays/qa'] });
      const removal = report.environments[0]?.findings.find((finding) => finding.rule === 'environment-removal');
      expect(removal).toMatchObject({
        severity: 'warning',
        suppressed: { reason: 'moved to dc2, its data exported' },
        location: { rendered: true },
      });
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('refuses a ref that does not resolve', async () => {
    await expect(diff({ cwd: root, base: 'no-such-ref', kustomize: FILE_KUSTOMIZE })).rejects.toThrow(/no-such-ref/);
  });
});

describe("settingsOf: what each side's spec gives an environment of the diff", () => {
  const CLUSTER = {
    kubernetesVersion: '1.36',
    storageClasses: [{ name: 'standard', provisioner: 'pd.csi.storage.gke.io', zonal: true }],
    nodePools: [{ name: 'general', count: 5, zones: ['zone-a'], allocatable: { cpu: '4', memory: '16Gi' } }],
  };
  const head = specOf(
    {
      dev: {
        ...SAME_AS_BASE,
        tier: 'development',
        namespace: 'consul-dev',
        minNodes: 4,
        cluster: 'lab',
        severity: { 'pdb-max-unavailable': 'info' },
      },
      stage: { ...SAME_AS_BASE, tier: 'staging', namespace: 'consul-stage', datacenter: 'dc2', minNodes: 2 },
    },
    {
      clusters: { lab: CLUSTER },
      tiers: { development: { severity: { 'image-pinned': 'warning' } } },
      removedEnvironments: { old: 'moved to the new platform' },
    },
  );
  const base = specOf({
    old: { ...SAME_AS_BASE, tier: 'production', namespace: 'consul-old', severity: { 'image-pinned': 'info' } },
    dev: { ...SAME_AS_BASE, tier: 'production', namespace: 'consul-dev', datacenter: 'dc2' },
  });

  it("takes an environment the head declares from the head: tier, overrides, plan checker, minNodes, its cluster's storage classes", () => {
    const settings = settingsOf({ head, base }, 'dev');
    expect(settings).toEqual({
      tier: 'development',
      overrides: { 'image-pinned': 'warning', 'pdb-max-unavailable': 'info' },
      scaleCheck: expect.any(Function),
      minNodes: 4,
      storageClasses: [
        {
          name: 'standard',
          provisioner: 'pd.csi.storage.gke.io',
          zonal: true,
          volumeBindingMode: 'Immediate',
          allowVolumeExpansion: false,
        },
      ],
    });
    // the plan checker is the head's: it knows the cluster only the head describes (Kubernetes 1.36 there)
    expect(settings.scaleCheck!(3, { acceptedRisks: [] }).map((finding) => [finding.rule, finding.message])).toEqual([
      ['version-compatibility', expect.stringMatching(/^Kubernetes 1\.36 \(cluster "lab"\) is outside /)],
    ]);
  });

  it('gives no storage classes to an environment on no described cluster', () => {
    expect(settingsOf({ head, base }, 'stage')).toEqual({
      tier: 'staging',
      overrides: {},
      scaleCheck: expect.any(Function),
      minNodes: 2,
    });
  });

  it("takes an environment only the base declares (removed in the head) from the base, with the head's removal reason", () => {
    expect(settingsOf({ head, base }, 'old')).toEqual({
      tier: 'production',
      overrides: { 'image-pinned': 'info' },
      removalReason: 'moved to the new platform',
    });
  });

  it('gives nothing for an environment no spec declares, or when neither side has a spec', () => {
    expect(settingsOf({ head, base }, 'nowhere')).toEqual({});
    expect(settingsOf({}, 'dev')).toEqual({});
    expect(settingsOf({ base }, 'dev')).toEqual({ tier: 'production', overrides: {} });
  });
});
