/**
 * `cluster capture` against a real kube-apiserver v1.36.3 (the api-server backend's supervisor): objects
 * made with the pinned kubectl, the CLI run through its real entry point. Its output must load through the
 * spec's own parser as the `clusters:` entry it replaces, and `validate` must then report what the
 * captured facts imply; a capture that lacks the environment's StorageClass is one error at the spec's line.
 * Failures (unknown context, unreachable server, forbidden lists) are one line and exit 2, with no token.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../tools/src/model/errors.js';
import { goToolPath } from '../../tools/src/render/go-tools.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { startApiServer, type ApiServerProcess } from '../../tools/src/validate/schema/api-server-process.js';
import { pinnedApiServer } from '../helpers/go-tools.js';
import { CLI, REPO_ROOT } from '../helpers/repo.js';

const binary = pinnedApiServer();
const COMMITTED = await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8');

const node = (name: string, labels: Record<string, string>, allocatable: { cpu: string; memory: string }, taints: object[] = []) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/arch': 'amd64', ...labels } },
  spec: { taints },
  status: { allocatable: { ...allocatable, pods: '110' }, capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
});

const daemonSet = (namespace: string, name: string, hostPort: number, protocol = 'TCP') => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { namespace, name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'example/agent:1', ports: [{ containerPort: hostPort, hostPort, protocol }] }] },
    },
  },
});

const pool = (zone: string) => ({ 'cloud.google.com/gke-nodepool': 'general', 'topology.kubernetes.io/zone': zone });

const OBJECTS = [
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'premium-ssd', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'pd.csi.storage.gke.io',
    allowVolumeExpansion: true,
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'ssd-regional' },
    provisioner: 'pd.csi.storage.gke.io',
    volumeBindingMode: 'WaitForFirstConsumer',
    parameters: { type: 'pd-ssd', 'replication-type': 'regional-pd' },
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local-fast' },
    provisioner: 'example.com/local',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  node('general-a', pool('zone-a'), { cpu: '3920m', memory: '13Gi' }),
  node('general-b', pool('zone-b'), { cpu: '4', memory: '14Gi' }),
  node('general-c', pool('zone-c'), { cpu: '3920m', memory: '13Gi' }),
  node('general-d', pool('zone-a'), { cpu: '3920m', memory: '13Gi' }),
  node('general-e', pool('zone-b'), { cpu: '3920m', memory: '13Gi' }),
  node(
    'system-a',
    { 'cloud.google.com/gke-nodepool': 'system', 'topology.kubernetes.io/zone': 'zone-a' },
    { cpu: '1930m', memory: '5Gi' },
    [
      { key: 'dedicated', value: 'system', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ],
  ),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'consul-prod', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
  daemonSet('monitoring', 'node-exporter', 9100),
  daemonSet('monitoring', 'log-agent', 24224, 'UDP'),
  daemonSet('consul-prod', 'consul-client', 8500),
];

/** The committed spec with its clusters.gke-prod entry replaced by a captured one (its header and `clusters:` line dropped). */
function withCaptured(captured: string): string {
  const entry = captured.slice(captured.indexOf('\n  gke-prod:\n') + 1);
  const start = COMMITTED.indexOf('  gke-prod:\n');
  const end = COMMITTED.indexOf('\nenvironments:');
  expect(start).toBeGreaterThan(0);
  return `${COMMITTED.slice(0, start)}${entry}${COMMITTED.slice(end)}`;
}

describe.skipIf(!binary)('cluster capture against a real kube-apiserver', () => {
  let server: ApiServerProcess;
  let dir: string;
  const kubeconfig = () => join(dir, 'kubeconfig');
  const kubectl = (args: readonly string[], input?: string) =>
    execa(goToolPath('kubectl'), ['--kubeconfig', kubeconfig(), '--context', 'admin', ...args], {
      ...(input ? { input } : {}),
      timeout: 60_000,
    });
  const capture = (args: readonly string[], cwd = REPO_ROOT) =>
    execa(process.execPath, [CLI, 'cluster', 'capture', '--kubeconfig', kubeconfig(), ...args], {
      cwd,
      reject: false,
      env: { CI: 'true' },
    });

  beforeAll(async () => {
    server = await startApiServer({ binary: binary!, version: 'v1.36.3' });
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-capture-'));
    await writeFile(join(dir, 'ca.pem'), server.ca);
    const cluster = (name: string, url: string) => ({ name, cluster: { server: url, 'certificate-authority': join(dir, 'ca.pem') } });
    await writeFile(
      kubeconfig(),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [cluster('test', server.url), cluster('gone', 'https://127.0.0.1:1')],
        users: [
          { name: 'admin', user: { token: server.token } },
          // a user with no RBAC grant: system:masters may impersonate anyone
          { name: 'nobody', user: { token: server.token, as: 'jane' } },
          { name: 'reader', user: { token: server.token, as: 'reader' } },
        ],
        contexts: [
          { name: 'admin', context: { cluster: 'test', user: 'admin' } },
          { name: 'jane', context: { cluster: 'test', user: 'nobody' } },
          { name: 'gone', context: { cluster: 'gone', user: 'admin' } },
          { name: 'reader', context: { cluster: 'test', user: 'reader' } },
        ],
        'current-context': 'admin',
      }),
    );
    await kubectl(['create', '-f', '-'], OBJECTS.map((object) => JSON.stringify(object)).join('\n'));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the clusters entry in the spec shape, which the spec parser loads with the facts created', async () => {
    const result = await capture(['--context', 'admin', '--cluster', 'gke-prod']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [first, second, ...rest] = result.stdout.split('\n');
    expect(first).toBe('# Captured by `consul-gitops cluster capture` (read-only: get and list) from kube context "admin"');
    expect(second).toMatch(/^# at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\. It replaces clusters\.gke-prod of environments\.yaml\.$/);
    expect(rest.slice(0, 3)).toEqual(['clusters:', '  gke-prod:', '    kubernetesVersion: "1.36"']);
    expect(result.stdout).toContain("    #   consul-prod (prod) enforces baseline; the spec's podSecurity is privileged (differs)\n");
    expect(result.stdout).toContain(
      '      - { name: premium-ssd, provisioner: pd.csi.storage.gke.io, volumeBindingMode: Immediate, allowVolumeExpansion: true, zonal: true } # the default class\n',
    );
    expect(result.stdout).toMatch(/name: local-fast, .*zonal: true \} # zonal assumed \(unknown provisioner\)/);
    expect(result.stderr).toBe(
      "consul-gitops: note: namespace consul-prod enforces Pod Security baseline, but environments.prod.podSecurity is privileged: Argo CD's managedNamespaceMetadata sets it at the next sync, and until then no client pod is admitted (host ports)",
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(server.token);

    const prod = parseSpec(withCaptured(result.stdout)).clusters?.find((cluster) => cluster.name === 'gke-prod');
    expect(prod).toEqual({
      name: 'gke-prod',
      kubernetesVersion: '1.36',
      storageClasses: [
        {
          name: 'local-fast',
          provisioner: 'example.com/local',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: false,
          zonal: true,
        },
        {
          name: 'premium-ssd',
          provisioner: 'pd.csi.storage.gke.io',
          volumeBindingMode: 'Immediate',
          allowVolumeExpansion: true,
          zonal: true,
        },
        {
          name: 'ssd-regional',
          provisioner: 'pd.csi.storage.gke.io',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: false,
          zonal: false,
        },
      ],
      nodePools: [
        {
          name: 'general',
          count: 5,
          zones: ['zone-a', 'zone-b', 'zone-c'],
          labels: { 'cloud.google.com/gke-nodepool': 'general', 'kubernetes.io/arch': 'amd64' },
          taints: [],
          allocatable: { cpu: '3920m', memory: '13Gi' },
        },
        {
          name: 'system',
          count: 1,
          zones: ['zone-a'],
          labels: { 'cloud.google.com/gke-nodepool': 'system', 'kubernetes.io/arch': 'amd64' },
          // the cordon's taint is the node's state, not the pool's
          taints: [{ key: 'dedicated', value: 'system', effect: 'NoSchedule' }],
          allocatable: { cpu: '1930m', memory: '5Gi' },
        },
      ],
      // the environment's own client DaemonSet (consul-prod) is not another holder
      hostPorts: [
        { port: 9100, protocol: 'TCP', owner: 'monitoring/node-exporter' },
        { port: 24224, protocol: 'UDP', owner: 'monitoring/log-agent' },
      ],
    });
  }, 120_000);

  it('--output writes the same entry (no spec here: no namespaces read), and never through a link that leaves the folder', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'consul-gitops-capture-out-'));
    const outside = await mkdtemp(join(tmpdir(), 'consul-gitops-capture-outside-'));
    try {
      const written = await capture(['--context', 'admin', '--cluster', 'lab', '--output', 'lab.yaml'], cwd);
      expect(written.exitCode, written.stderr).toBe(0);
      expect(written.stdout).toBe('');
      expect(written.stderr).toMatch(/^consul-gitops: wrote clusters\.lab \(2 node pool\(s\), \d+ StorageClass\(es\)\) to lab\.yaml$/);
      const text = await readFile(join(cwd, 'lab.yaml'), 'utf8');
      expect(text).toMatch(
        /\. Add the entry under clusters: in environments\.yaml\.\nclusters:\n {2}lab:\n {4}kubernetesVersion: "1\.36"\n {4}storageClasses:/,
      );
      expect(text).not.toContain('Pod Security');
      await symlink(outside, join(cwd, 'out'));
      const refused = await capture(['--context', 'admin', '--cluster', 'lab', '--output', 'out/lab.yaml'], cwd);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toMatch(/^consul-gitops: --output out\/lab\.yaml: out is a symbolic link to .*, outside the repository; .*$/);
      expect(existsSync(join(outside, 'lab.yaml'))).toBe(false);
    } finally {
      await rm(cwd, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  }, 120_000);

  it('validate with the captured cluster reports the Immediate zonal class and the Kubernetes version outside the row', async () => {
    const result = await capture(['--context', 'admin', '--cluster', 'gke-prod']);
    expect(result.exitCode, result.stderr).toBe(0);
    const root = await mkdtemp(join(tmpdir(), 'consul-gitops-capture-ws-'));
    try {
      for (const path of ['environments.schema.json', 'base', 'overlays', 'argocd'])
        await cp(join(REPO_ROOT, path), join(root, path), { recursive: true });
      await writeFile(join(root, 'environments.yaml'), withCaptured(result.stdout));
      // As a user does after editing the spec: regenerate (each overlay's resolved spec carries its cluster facts).
      const generate = await execa(process.execPath, [CLI, 'generate'], { cwd: root, reject: false, env: { CI: 'true' } });
      expect(generate.exitCode, generate.stderr).toBe(0);
      const validate = await execa(process.execPath, [CLI, 'validate', 'overlays/prod', '--format', 'json', '--quiet'], {
        cwd: root,
        reject: false,
        env: { CI: 'true' },
      });
      expect(validate.exitCode, validate.stderr).toBe(1);
      const report = JSON.parse(validate.stdout) as { overlays: { findings: { rule: string; severity: string; message: string }[] }[] };
      const errors = report.overlays.flatMap((overlay) => overlay.findings).filter((finding) => finding.severity === 'error');
      expect(errors.map((finding) => finding.rule).sort()).toEqual(['storage-binding', 'version-compatibility']);
      expect(errors.find((finding) => finding.rule === 'storage-binding')?.message).toMatch(
        /^StorageClass premium-ssd binds Immediate with zonal disks \(pd\.csi\.storage\.gke\.io\), and the servers spread over zone-a,zone-b,zone-c/,
      );
      expect(errors.find((finding) => finding.rule === 'version-compatibility')?.message).toMatch(/1\.36/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 240_000);

  it("a capture without the environment's StorageClass is one error at the spec's storage.class line", async () => {
    await kubectl(['delete', 'storageclass', 'premium-ssd']);
    const result = await capture(['--context', 'admin', '--cluster', 'gke-prod']);
    expect(result.exitCode, result.stderr).toBe(0);
    const text = withCaptured(result.stdout);
    let error: unknown;
    try {
      parseSpec(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).problems;
    expect(problems, JSON.stringify(problems)).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      path: 'environments.prod.storage.class',
      line: text.split('\n').findIndex((line) => line.includes('storage: { class: premium-ssd')) + 1,
    });
    expect(problems[0]?.message).toMatch(
      /^StorageClass "premium-ssd" does not exist on cluster "gke-prod" \(it has local-fast, ssd-regional\)/,
    );
  }, 120_000);

  it('an environments.yaml that does not load is a note, and the capture goes on without it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'consul-gitops-capture-badspec-'));
    try {
      await writeFile(join(cwd, 'environments.yaml'), 'repository: {}\n');
      const result = await capture(['--context', 'admin', '--cluster', 'lab'], cwd);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        /^consul-gitops: note: environments\.yaml does not load \(\d+ problem\(s\)\): no namespaces read, no destination kept$/,
      );
      expect(result.stdout).toContain('clusters:\n  lab:\n');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 120_000);

  it('the ClusterRole of docs/cluster-capture.md is all a user needs', async () => {
    const docs = await readFile(join(REPO_ROOT, 'docs/cluster-capture.md'), 'utf8');
    const role = /```yaml\n(apiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: ClusterRole\n[\s\S]*?)```/.exec(docs)?.[1];
    expect(role).toBeDefined();
    await kubectl(['apply', '-f', '-'], role);
    await kubectl(['create', 'clusterrolebinding', 'consul-gitops-capture', '--clusterrole', 'consul-gitops-capture', '--user', 'reader']);
    const result = await capture(['--context', 'reader', '--cluster', 'gke-prod']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('    kubernetesVersion: "1.36"\n');
    expect(result.stdout).toContain('- name: general\n        count: 5\n');
  }, 120_000);

  it.each([
    [
      'an unknown context',
      ['--context', 'nope'],
      /^consul-gitops: cluster capture --context nope: context "nope" does not exist: `kubectl config get-contexts` lists/,
    ],
    [
      'an unreachable server',
      ['--context', 'gone', '--cluster', 'gone'],
      /^consul-gitops: cluster capture --context gone: .*127\.0\.0\.1:1.*: the cluster does not answer from here: check the context's server/,
    ],
    [
      'a user who may not list',
      ['--context', 'jane'],
      /^consul-gitops: cluster capture --context jane: .*forbidden: User "jane" cannot .*: capture needs get and list on storageclasses\.storage\.k8s\.io, nodes, namespaces, daemonsets\.apps \(read-only\)$/,
    ],
  ])(
    '%s is one line naming the context and what to do, exit 2',
    async (_name, args, message) => {
      const result = await capture(args);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(server.token);
    },
    120_000,
  );

  it('usage errors: no subcommand, no context, a context name that is no cluster key, a missing kubeconfig', async () => {
    const run = (args: readonly string[]) => execa(process.execPath, [CLI, 'cluster', ...args], { cwd: REPO_ROOT, reject: false });
    for (const [args, message] of [
      [[], /^consul-gitops: usage: consul-gitops cluster capture --context NAME/],
      [['capture'], /^consul-gitops: cluster capture needs --context NAME/],
      [
        ['capture', '--context', 'gke_proj_zone_prod'],
        /^consul-gitops: the context name "gke_proj_zone_prod" is not a cluster key .*: name the entry with --cluster KEY$/,
      ],
      [['capture', '--context', 'a', '--kubeconfig', 'missing.yaml'], /^consul-gitops: --kubeconfig missing\.yaml: not found$/],
    ] as const) {
      const result = await run(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  }, 60_000);

  it('a cluster without Nodes is one line, exit 2: the spec needs a node pool (runs last: it deletes the nodes)', async () => {
    await kubectl(['delete', 'nodes', '--all']);
    const result = await capture(['--context', 'admin', '--cluster', 'gke-prod']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'consul-gitops: cluster capture --context admin: the cluster lists no Nodes, and the spec needs at least one node pool: capture a cluster with nodes',
    );
  }, 120_000);
});
