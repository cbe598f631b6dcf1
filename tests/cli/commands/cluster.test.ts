/**
 * `cluster capture` in process (tools/src/cli/commands/cluster.ts) against a fake kubectl (named by KUBECTL) that
 * prints a recorded /version and object list: the entry it prints or writes, its notes, and every usage error.
 * tests/cli/cluster-capture.test.ts runs the real thing against a kube-apiserver.
 */
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCli } from '../../../tools/src/cli/args.js';
import { clusterCommand } from '../../../tools/src/cli/commands/cluster.js';
import { EnvironmentError, UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { REPO_ROOT } from '../../helpers/repo.js';

const node = (name: string, zone: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: { 'kubernetes.io/hostname': name, 'cloud.google.com/gke-nodepool': 'general', 'topology.kubernetes.io/zone': zone },
  },
  spec: {},
  status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
});

const OBJECTS = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'example.com/disk' },
  node('a', 'zone-a'),
  node('b', 'zone-b'),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'consul-dev', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
];

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'consul-gitops-cluster-'));
  await writeFile(join(dir, 'version.json'), JSON.stringify({ gitVersion: 'v1.36.3', major: '1', minor: '36' }));
  await writeFile(join(dir, 'list.json'), JSON.stringify({ kind: 'List', items: OBJECTS }));
  await writeFile(join(dir, 'empty.json'), JSON.stringify({ kind: 'List', items: [] }));
  await writeFile(
    join(dir, 'kubectl'),
    `#!/bin/sh\necho "$*" >> "${dir}/calls.log"\ncase "$*" in\n  *--raw*) cat "${dir}/version.json" ;;\n  *) cat "${dir}/\${LIST:-list}.json" ;;\nesac\n`,
  );
  await chmod(join(dir, 'kubectl'), 0o755);
  await writeFile(join(dir, 'kubeconfig'), 'apiVersion: v1\n');
  // KUBECTL wins over the pinned build of tools/go/bin, which a machine with the api-server backend has
  env = { PATH: `${dir}:/usr/bin:/bin`, KUBECTL: join(dir, 'kubectl') };
});

afterAll(() => rm(dir, { recursive: true }));

async function capture(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const recorded = recordedIo(options.cwd ?? dir, { env: options.env ?? env });
  const code = await clusterCommand(parseCli(['cluster', ...argv]), recorded.io);
  return { code, out: recorded.out(), err: recorded.err(), files: recorded.files };
}

describe('cluster capture', () => {
  it("prints the cluster's entry under the context's name", async () => {
    const result = await capture(['capture', '--context', 'kind-dev', '--kubeconfig', 'kubeconfig']);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    const entry = parse(result.out) as { clusters: Record<string, { kubernetesVersion: string }> };
    expect(Object.keys(entry.clusters)).toEqual(['kind-dev']);
    expect(entry.clusters['kind-dev']?.kubernetesVersion).toBe('1.36');
    expect(result.out).toMatch(
      /^# Captured by `consul-gitops cluster capture` \(read-only: get and list\) from kube context "kind-dev"\n# at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b/,
    );
    expect(result.out).not.toContain('replaces');
  });

  it('writes the entry under --cluster to --output, and says so', async () => {
    const result = await capture(['capture', '--context', 'kind-dev', '--cluster', 'dev-cluster', '--output', 'entry.yaml']);
    expect(result.out).toBe('');
    expect(Object.keys((parse(result.files.get(join(dir, 'entry.yaml')) ?? '') as { clusters: object }).clusters)).toEqual(['dev-cluster']);
    expect(result.err).toBe('consul-gitops: wrote clusters.dev-cluster (1 node pool(s), 1 StorageClass(es)) to entry.yaml\n');
  });

  it("reads the spec beside it: its environments on the cluster, and a note where a namespace's Pod Security differs", async () => {
    const repo = await mkdtemp(join(tmpdir(), 'consul-gitops-cluster-spec-'));
    try {
      await copyFile(join(REPO_ROOT, 'environments.yaml'), join(repo, 'environments.yaml'));
      const result = await capture(['capture', '--context', 'kind-dev', '--cluster', 'in-cluster'], { cwd: repo });
      expect(result.code).toBe(0);
      // the entry replaces the spec's in-cluster entry, and lists the environments on that cluster
      expect(result.out).toContain('It replaces clusters.in-cluster of environments.yaml.');
      expect(result.out).toContain("consul-dev (dev) enforces restricted; the spec's podSecurity is privileged (differs)");
      expect(result.err).toBe(
        "consul-gitops: note: namespace consul-dev enforces Pod Security restricted, but environments.dev.podSecurity is privileged: Argo CD's managedNamespaceMetadata sets it at the next sync, and until then no client pod is admitted (host ports)\n",
      );
      await writeFile(join(repo, 'environments.yaml'), 'environments: 5\n');
      const invalid = await capture(['capture', '--context', 'kind-dev', '--cluster', 'in-cluster'], { cwd: repo });
      expect(invalid.code).toBe(0);
      expect(invalid.err).toMatch(
        /^consul-gitops: note: environments\.yaml does not load \(\d+ problem\(s\)\): no namespaces read, no destination kept\n$/,
      );
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it("keeps the environments on the cluster (by name or by destination) and the entry's destination, with a note per Pod Security difference", async () => {
    const repo = await mkdtemp(join(tmpdir(), 'consul-gitops-cluster-spec-'));
    const pool = '{ name: general, count: 3, zones: [zone-a], allocatable: { cpu: "4", memory: 16Gi } }';
    const limits = '{ requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 100m, memory: 128Mi } }';
    await writeFile(
      join(repo, 'environments.yaml'),
      [
        'repository: { url: https://git.example.org/platform/consul.git, revision: main }',
        'defaults:',
        '  images: { consul: "hashicorp/consul:1.22.7", controlPlane: "hashicorp/consul-k8s-control-plane:1.9.11" }',
        '  storage: { size: 10Gi, class: standard }',
        '  zones: [zone-a]',
        '  minNodes: 1',
        '  security: { tls: true, acls: true, gossip: true }',
        `  resources: { server: ${limits}, client: ${limits}, syncCatalog: ${limits} }`,
        '  destination: { server: https://kubernetes.default.svc }',
        'clusters:',
        '  lab:',
        '    kubernetesVersion: "1.33"',
        '    destination: { server: https://lab.example.internal }',
        '    storageClasses: [{ name: standard, provisioner: pd.csi.storage.gke.io, zonal: true }]',
        `    nodePools: [${pool}]`,
        '  far:',
        '    kubernetesVersion: "1.33"',
        '    storageClasses: [{ name: standard, provisioner: pd.csi.storage.gke.io, zonal: true }]',
        `    nodePools: [${pool}]`,
        'environments:',
        '  named: { tier: development, namespace: consul-named, servers: 1, cluster: lab, destination: { server: https://lab.example.internal } }',
        '  bydest: { tier: development, namespace: consul-bydest, servers: 1, destination: { server: https://lab.example.internal } }',
        '  gone: { tier: development, namespace: consul-gone, servers: 1, cluster: lab, destination: { server: https://lab.example.internal } }',
        '  elsewhere: { tier: development, namespace: consul-elsewhere, servers: 1, cluster: far }',
        '',
      ].join('\n'),
    );
    const namespace = (name: string, enforce?: string) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, ...(enforce ? { labels: { 'pod-security.kubernetes.io/enforce': enforce } } : {}) },
    });
    const objects = [
      ...OBJECTS.slice(0, 3),
      namespace('consul-named', 'baseline'),
      namespace('consul-bydest'),
      namespace('consul-elsewhere', 'restricted'),
    ];
    await writeFile(join(dir, 'spec-list.json'), JSON.stringify({ kind: 'List', items: objects }));
    try {
      const result = await capture(['capture', '--context', 'kind-dev', '--cluster', 'lab'], {
        cwd: repo,
        env: { ...env, LIST: 'spec-list' },
      });
      expect(result.code).toBe(0);
      expect(result.out).toContain('It replaces clusters.lab of environments.yaml.');
      // the destination of the spec's entry is kept; the environments on lab are those naming it and the one syncing to its destination
      expect(result.out).toContain(
        [
          '    destination: { server: "https://lab.example.internal" }',
          '    # Pod Security labels of the namespaces of the environments on this cluster:',
          "    #   consul-bydest (bydest) has no enforce label (privileged); the spec's podSecurity is privileged",
          "    #   consul-gone (gone) not created yet; the spec's podSecurity is privileged",
          "    #   consul-named (named) enforces baseline; the spec's podSecurity is privileged (differs)",
          '    storageClasses:',
        ].join('\n'),
      );
      expect(result.out).not.toContain('elsewhere');
      // one note: the namespace that exists and enforces a level other than the spec's (not the unlabelled one, nor the missing one)
      expect(result.err).toBe(
        "consul-gitops: note: namespace consul-named enforces Pod Security baseline, but environments.named.podSecurity is privileged: Argo CD's managedNamespaceMetadata sets it at the next sync, and until then no client pod is admitted (host ports)\n",
      );
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('runs the kubectl KUBECTL names (one that does not exist is named in the error)', async () => {
    const missing = join(dir, 'no-kubectl');
    await expect(capture(['capture', '--context', 'kind-dev'], { env: { ...env, KUBECTL: missing } })).rejects.toThrow(
      new RegExp(`^cluster capture: kubectl not found \\(${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`),
    );
  });

  it('refuses a cluster with no nodes', async () => {
    await expect(capture(['capture', '--context', 'kind-dev'], { env: { ...env, LIST: 'empty' } })).rejects.toThrow(
      new EnvironmentError(
        'cluster capture --context kind-dev: the cluster lists no Nodes, and the spec needs at least one node pool: capture a cluster with nodes',
      ),
    );
  });

  it.each([
    [['capture', 'extra', '--context', 'x'], /^usage: consul-gitops cluster capture --context NAME/],
    [['list'], /^usage: consul-gitops cluster capture --context NAME/],
    [[], /^usage: consul-gitops cluster capture/],
    [['capture'], /^cluster capture needs --context NAME \(`kubectl config get-contexts` lists them\); usage: /],
    [['capture', '--context', 'gke_project_zone_Prod'], /^the context name "gke_project_zone_Prod" is not a cluster key \(a DNS label/],
    [['capture', '--context', 'x', '--cluster=-bad'], /^--cluster "-bad" is not a cluster key/],
    [['capture', '--context', 'x', '--cluster', 'a'.repeat(64)], /is not a cluster key/],
    [['capture', '--context', 'x', '--kubeconfig', 'nope'], /^--kubeconfig nope: not found$/],
    [['capture', '--context', 'x', '--output', 'no/such/r.yaml'], /^--output no\/such\/r\.yaml: the folder/],
  ])('refuses %j', async (argv, message) => {
    const error = await capture(argv).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts a cluster key of 63 characters', async () => {
    expect((await capture(['capture', '--context', 'x', '--cluster', 'a'.repeat(63)])).code).toBe(0);
  });
});
