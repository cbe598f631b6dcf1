/**
 * `cluster capture`'s pure part: listed objects to the `clusters:` entry (spec/capture.ts) and its text
 * (spec/capture-yaml.ts), branch by branch; every text must load through the spec's own parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { captureCluster, type CaptureOptions, type ClusterCapture, type ClusterObjects } from '../../tools/src/environments/capture.js';
import { captureYaml } from '../../tools/src/environments/capture-yaml.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { REPO_ROOT } from '../helpers/repo.js';

const COMMITTED = readFileSync(join(REPO_ROOT, 'environments.yaml'), 'utf8');
const OPTIONS: CaptureOptions = { key: 'c', environments: [] };
const VERSION = { major: '1', minor: '33' };

const storageClass = (name: string, provisioner: string, extra: Record<string, unknown> = {}) => ({
  kind: 'StorageClass',
  metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  provisioner,
  ...extra,
});
const node = (name: string, labels: Record<string, string> = {}, extra: { taints?: object[]; allocatable?: object } = {}) => ({
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints: extra.taints ?? [] },
  status: { allocatable: extra.allocatable ?? { cpu: '2', memory: '8Gi' } },
});
const capture = (items: object[], options: Partial<CaptureOptions> = {}, version: ClusterObjects['version'] = VERSION) =>
  captureCluster({ version, items: [node('n1'), ...items] as Record<string, unknown>[] }, { ...OPTIONS, ...options });

/** The committed spec with the captured entry added as clusters.<key> (header and `clusters:` line dropped). */
function loaded(text: string, key = 'c') {
  const entry = text.slice(text.indexOf(`\n  ${key}:\n`) + 1);
  const spec = COMMITTED.replace('\nclusters:\n', `\nclusters:\n${entry}`);
  return parseSpec(spec).clusters?.find((cluster) => cluster.name === key);
}

describe('the Kubernetes version', () => {
  it.each([
    [{ major: '1', minor: '33' }, '1.33'],
    [{ major: '1', minor: '27+', gitVersion: 'v1.27.3-eks-1' }, '1.27'],
    [{ gitVersion: 'v1.36.3' }, '1.36'],
    [{}, ''],
  ])('%j is %s', (version, expected) => {
    expect(capture([], {}, version).kubernetesVersion).toBe(expected);
  });
});

describe('StorageClasses', () => {
  it('keep provisioner, binding mode (Immediate when omitted), expansion (false when omitted) and the default annotation, by name', () => {
    const classes = capture([
      storageClass('b', 'ebs.csi.aws.com', { volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true }),
      storageClass('a', 'ebs.csi.aws.com', { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }),
    ]).storageClasses;
    expect(classes).toEqual([
      {
        name: 'a',
        provisioner: 'ebs.csi.aws.com',
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: false,
        zonal: true,
        isDefault: true,
      },
      {
        name: 'b',
        provisioner: 'ebs.csi.aws.com',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        zonal: true,
        isDefault: false,
      },
    ]);
  });

  it.each([
    ['a GCE PD', storageClass('x', 'pd.csi.storage.gke.io'), true, false],
    ['a regional GCE PD', storageClass('x', 'kubernetes.io/gce-pd', { parameters: { 'replication-type': 'regional-pd' } }), false, false],
    [
      'a regional GCE PD allowed in one zone only',
      storageClass('x', 'pd.csi.storage.gke.io', {
        parameters: { 'replication-type': 'regional-pd' },
        allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.gke.io/zone', values: ['zone-a'] }] }],
      }),
      true,
      false,
    ],
    ['an Azure disk of a ZRS sku', storageClass('x', 'disk.csi.azure.com', { parameters: { skuName: 'Premium_ZRS' } }), false, false],
    ['an Azure disk of an LRS sku', storageClass('x', 'disk.csi.azure.com', { parameters: { skuName: 'Premium_LRS' } }), true, false],
    ['a network file system', storageClass('x', 'efs.csi.aws.com'), false, false],
    ['an unknown provisioner, assumed zonal with a note', storageClass('x', 'example.com/disk'), true, true],
  ])('%s: zonal %s', (_name, item, zonal, noted) => {
    const [captured] = capture([item]).storageClasses;
    expect(captured?.zonal).toBe(zonal);
    expect(captured?.zonalNote !== undefined).toBe(noted);
  });
});

describe('node pools', () => {
  it('group nodes by their pool label, zones sorted, labels every node shares (no hostname or zone), the smallest allocatable', () => {
    const pools = captureCluster(
      {
        version: VERSION,
        items: [
          node(
            'a',
            { 'eks.amazonaws.com/nodegroup': 'ng', 'topology.kubernetes.io/zone': 'z-b', tier: 'x', only: 'a' },
            { allocatable: { cpu: '4', memory: '15Gi' } },
          ),
          node(
            'b',
            { 'eks.amazonaws.com/nodegroup': 'ng', 'topology.kubernetes.io/zone': 'z-a', tier: 'x' },
            { allocatable: { cpu: '3500m', memory: '16Gi' } },
          ),
        ],
      },
      OPTIONS,
    ).nodePools;
    expect(pools).toEqual([
      {
        name: 'ng',
        count: 2,
        zones: ['z-a', 'z-b'],
        labels: { 'eks.amazonaws.com/nodegroup': 'ng', tier: 'x' },
        taints: [],
        allocatable: { cpu: '3500m', memory: '15Gi' },
      },
    ]);
  });

  it('nodes without a pool label are one pool, default; differing taints or a missing zone label split it (-2, -3), condition taints do not', () => {
    const pools = captureCluster(
      {
        version: VERSION,
        items: [
          node('a', { 'topology.kubernetes.io/zone': 'z' }, { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
          node('b', { 'topology.kubernetes.io/zone': 'z' }),
          node('c', { 'topology.kubernetes.io/zone': 'z' }, { taints: [{ key: 'gpu', value: '', effect: 'NoSchedule' }] }),
          node('d'),
        ],
      },
      OPTIONS,
    ).nodePools;
    expect(pools.map((pool) => [pool.name, pool.count, pool.zones, pool.taints])).toEqual([
      ['default', 2, ['z'], []],
      ['default-2', 1, ['z'], [{ key: 'gpu', effect: 'NoSchedule' }]],
      ['default-3', 1, [], []],
    ]);
  });

  it('an allocatable the spec cannot write (an exponent, or none) becomes millicores and bytes', () => {
    const [pool] = captureCluster(
      { version: VERSION, items: [node('a', {}, { allocatable: { cpu: '2e0', memory: '1e3' } })] },
      OPTIONS,
    ).nodePools;
    expect(pool?.allocatable).toEqual({ cpu: '2000m', memory: '1000' });
    const [bare] = captureCluster({ version: VERSION, items: [node('a', {}, { allocatable: {} })] }, OPTIONS).nodePools;
    expect(bare?.allocatable).toEqual({ cpu: '0m', memory: '0' });
  });
});

describe('host ports and namespaces', () => {
  const daemonSet = (namespace: string, name: string, ports: object[], init = false) => ({
    kind: 'DaemonSet',
    metadata: { namespace, name },
    spec: { template: { spec: { [init ? 'initContainers' : 'containers']: [{ name, ports }] } } },
  });

  it("host ports of other DaemonSets, one holder per port and protocol, TCP when unnamed; the environments' own namespaces left out", () => {
    const captured = capture(
      [
        daemonSet('mon', 'b-exporter', [{ containerPort: 9100, hostPort: 9100 }]),
        daemonSet('mon', 'a-exporter', [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]),
        daemonSet('log', 'agent', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }, { containerPort: 8080 }], true),
        daemonSet('consul-x', 'consul-client', [{ containerPort: 8500, hostPort: 8500 }]),
      ],
      { environments: [{ name: 'x', namespace: 'consul-x', podSecurity: 'privileged' }] },
    );
    expect(captured.hostPorts).toEqual([
      { port: 53, protocol: 'UDP', owner: 'log/agent' },
      { port: 9100, protocol: 'TCP', owner: 'mon/a-exporter' },
    ]);
  });

  it("each environment's namespace: missing, without an enforce label, or with its level and version", () => {
    const namespace = (name: string, labels: Record<string, string> = {}) => ({ kind: 'Namespace', metadata: { name, labels } });
    const captured = capture(
      [
        namespace('ns-b'),
        namespace('ns-c', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.33' }),
      ],
      {
        environments: [
          { name: 'a', namespace: 'ns-a', podSecurity: 'privileged' },
          { name: 'b', namespace: 'ns-b', podSecurity: 'privileged' },
          { name: 'c', namespace: 'ns-c', podSecurity: 'privileged' },
        ],
      },
    );
    expect(captured.namespaces).toEqual([
      { name: 'a', namespace: 'ns-a', podSecurity: 'privileged', exists: false },
      { name: 'b', namespace: 'ns-b', podSecurity: 'privileged', exists: true },
      { name: 'c', namespace: 'ns-c', podSecurity: 'privileged', exists: true, enforce: 'restricted', enforceVersion: 'v1.33' },
    ]);
    const text = captureYaml(captured, { context: 'ctx', capturedAt: '2026-12-06T00:00:00Z', replaces: false });
    expect(text).toContain("    #   ns-a (a) not created yet; the spec's podSecurity is privileged\n");
    expect(text).toContain("    #   ns-b (b) has no enforce label (privileged); the spec's podSecurity is privileged\n");
    expect(text).toContain("    #   ns-c (c) enforces restricted:v1.33; the spec's podSecurity is privileged (differs)\n");
  });
});

describe('the text', () => {
  it('is the spec shape: header, clusters:, the entry, which the spec parser loads to the same facts', () => {
    const captured = capture(
      [
        storageClass('std', 'pd.csi.storage.gke.io', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        storageClass('nfs', 'example.com/nfs'),
        node(
          't',
          { role: 'true', empty: '', 'topology.kubernetes.io/zone': '1' },
          { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] },
        ),
        {
          kind: 'DaemonSet',
          metadata: { namespace: 'm', name: 'e' },
          spec: { template: { spec: { containers: [{ ports: [{ hostPort: 9100 }] }] } } },
        },
      ],
      { destination: { server: 'https://prod.example.internal' } },
    );
    const text = captureYaml(captured, { context: 'my "ctx"', capturedAt: '2026-12-06T23:00:00Z', replaces: true });
    expect(text.split('\n').slice(0, 6)).toEqual([
      '# Captured by `consul-gitops cluster capture` (read-only: get and list) from kube context "my \\"ctx\\""',
      '# at 2026-12-06T23:00:00Z. It replaces clusters.c of environments.yaml.',
      'clusters:',
      '  c:',
      '    kubernetesVersion: "1.33"',
      '    destination: { server: "https://prod.example.internal" }',
    ]);
    expect(text).toContain(
      '      - { name: std, provisioner: pd.csi.storage.gke.io, volumeBindingMode: Immediate, allowVolumeExpansion: false, zonal: true } # the default class\n',
    );
    // label values that would read back as a boolean, a number or nothing are quoted
    expect(text).toContain('        labels: { empty: "", role: "true" }\n');
    expect(text).toContain('        zones: ["1"]\n');
    expect(text).not.toMatch(/# Pod Security/);
    const { isDefault: _default, zonalNote: _note, ...std } = captured.storageClasses[1]!;
    expect(loaded(text)).toEqual({
      name: 'c',
      kubernetesVersion: '1.33',
      destination: { server: 'https://prod.example.internal' },
      storageClasses: [expect.objectContaining({ name: 'nfs', zonal: true }), std],
      nodePools: captured.nodePools,
      hostPorts: [{ port: 9100, protocol: 'TCP', owner: 'm/e' }],
    });
  });

  it('a cluster without StorageClasses or host ports: an empty list, no hostPorts key; a new key says where it goes', () => {
    const text = captureYaml(capture([]), { context: 'ctx', capturedAt: '2026-12-06T23:00:00Z', replaces: false });
    expect(text).toContain('# at 2026-12-06T23:00:00Z. Add the entry under clusters: in environments.yaml.\n');
    expect(text).toContain('    storageClasses: []\n');
    expect(text).not.toContain('hostPorts');
    expect(loaded(text)?.storageClasses).toEqual([]);
  });
});

describe('captureYaml, line by line', () => {
  const HEADER = { context: 'ctx', capturedAt: '2026-12-06T23:00:00Z', replaces: false };
  const pool = (extra: Partial<ClusterCapture['nodePools'][number]> = {}): ClusterCapture['nodePools'][number] => ({
    name: 'p',
    count: 1,
    zones: [],
    labels: {},
    taints: [],
    allocatable: { cpu: '2', memory: '8Gi' },
    ...extra,
  });
  const entry = (extra: Partial<ClusterCapture> = {}): ClusterCapture => ({
    key: 'c',
    kubernetesVersion: '1.33',
    storageClasses: [],
    nodePools: [],
    hostPorts: [],
    namespaces: [],
    ...extra,
  });
  const body = (capture: ClusterCapture) => captureYaml(capture, HEADER).split('\n').slice(3);

  it('a destination by name only writes no server; pools without labels or taints write neither key', () => {
    expect(body(entry({ destination: { name: 'in-cluster' }, nodePools: [pool({ zones: ['z-a', 'z-b'], count: 3 })] }))).toEqual([
      '  c:',
      '    kubernetesVersion: "1.33"',
      '    destination: { name: in-cluster }',
      '    storageClasses: []',
      '    nodePools:',
      '      - name: p',
      '        count: 3',
      '        zones: [z-a, z-b]',
      '        allocatable: { cpu: "2", memory: 8Gi }',
      '',
    ]);
  });

  it('taints with and without a value, several labels, host ports: one flow mapping each, in order', () => {
    const capture = entry({
      nodePools: [
        pool({
          labels: { a: 'x', b: 'y' },
          taints: [
            { key: 'k', effect: 'NoSchedule' },
            { key: 'dedicated', value: 'infra', effect: 'NoExecute' },
          ],
        }),
      ],
      hostPorts: [
        { port: 53, protocol: 'UDP', owner: 'log/agent' },
        { port: 9100, protocol: 'TCP', owner: 'mon/exporter' },
      ],
    });
    expect(body(capture).slice(6)).toEqual([
      '        zones: []',
      '        labels: { a: x, b: y }',
      '        taints: [{ key: k, effect: NoSchedule }, { key: dedicated, value: infra, effect: NoExecute }]',
      '        allocatable: { cpu: "2", memory: 8Gi }',
      '    hostPorts:',
      '      - { port: 53, protocol: UDP, owner: log/agent }',
      '      - { port: 9100, protocol: TCP, owner: mon/exporter }',
      '',
    ]);
  });

  it('a default class with an assumed zonal: both notes, after the entry; a class with neither has no comment', () => {
    const capture = entry({
      storageClasses: [
        {
          name: 'a',
          provisioner: 'example.com/disk',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: true,
          zonal: true,
          isDefault: true,
          zonalNote: 'zonal assumed',
        },
        {
          name: 'b',
          provisioner: 'efs.csi.aws.com',
          volumeBindingMode: 'Immediate',
          allowVolumeExpansion: false,
          zonal: false,
          isDefault: false,
        },
      ],
    });
    expect(body(capture).slice(2, 5)).toEqual([
      '    storageClasses:',
      '      - { name: a, provisioner: example.com/disk, volumeBindingMode: WaitForFirstConsumer, allowVolumeExpansion: true, zonal: true } # the default class; zonal assumed',
      '      - { name: b, provisioner: efs.csi.aws.com, volumeBindingMode: Immediate, allowVolumeExpansion: false, zonal: false }',
    ]);
  });

  it.each([
    ['a value with a blank', 'a b', '"a b"'],
    ['a value with a comma (it would end the flow entry)', 'a,b', '"a,b"'],
    ['a value with a colon', 'a:b', '"a:b"'],
    ['a value starting with a dash', '-a', '"-a"'],
    ['a value YAML reads as null', 'null', '"null"'],
    ['a value YAML reads as a number', '0x1F', '"0x1F"'],
    ['a plain word with dots, slashes, dashes and underscores', 'a.b/c-d_e', 'a.b/c-d_e'],
  ])('%s: %s is written %s, and reads back as the same text', (_name, value, written) => {
    const text = captureYaml(entry({ nodePools: [pool({ labels: { l: value } })] }), HEADER);
    expect(text).toContain(`        labels: { l: ${written} }\n`);
    expect(parse(text)).toMatchObject({ clusters: { c: { nodePools: [{ labels: { l: value } }] } } });
  });

  it.each([
    [
      'a namespace not created yet, whatever the spec says: no "differs"',
      { exists: false, podSecurity: 'restricted' },
      "ns (e) not created yet; the spec's podSecurity is restricted",
    ],
    [
      'no enforce label against a stricter spec: differs',
      { exists: true, podSecurity: 'baseline' },
      "ns (e) has no enforce label (privileged); the spec's podSecurity is baseline (differs)",
    ],
    [
      'an enforce label without a version, equal to the spec',
      { exists: true, podSecurity: 'baseline', enforce: 'baseline' },
      "ns (e) enforces baseline; the spec's podSecurity is baseline",
    ],
  ] as const)('%s', (_name, namespace, note) => {
    const text = captureYaml(entry({ namespaces: [{ name: 'e', namespace: 'ns', ...namespace }] }), HEADER);
    expect(text.split('\n').slice(5, 7)).toEqual([
      '    # Pod Security labels of the namespaces of the environments on this cluster:',
      `    #   ${note}`,
    ]);
  });
});

describe('capture edge cases, one behaviour each', () => {
  it.each([
    [{ major: '1', gitVersion: 'v1.30.2' }, '1.30'],
    [{ minor: '29', gitVersion: 'v1.30.2' }, '1.30'],
    [{ major: 'x1', minor: '2', gitVersion: '1.31.0' }, '1.31'],
    [{ gitVersion: 'version 1.31' }, ''],
  ])('the version %j is %s: major and minor both, else gitVersion from its start', (version, expected) => {
    expect(capture([], {}, version).kubernetesVersion).toBe(expected);
  });

  it.each([
    [
      'an Azure ZRS sku allowed in one zone only',
      storageClass('x', 'disk.csi.azure.com', {
        parameters: { skuName: 'StandardSSD_ZRS' },
        allowedTopologies: [{ matchLabelExpressions: [{ values: ['z-1'] }] }],
      }),
      true,
    ],
    ['a parameter name in another case', storageClass('x', 'disk.csi.azure.com', { parameters: { SKUNAME: 'Premium_ZRS' } }), false],
    [
      'a replication type in another case',
      storageClass('x', 'pd.csi.storage.gke.io', { parameters: { 'Replication-Type': 'Regional-PD' } }),
      false,
    ],
    ['a ZRS sku name that only contains _zrs', storageClass('x', 'disk.csi.azure.com', { parameters: { skuName: 'Premium_ZRS2' } }), true],
    [
      'a shared file system even with a regional parameter',
      storageClass('x', 'nfs.csi.k8s.io', { parameters: { 'replication-type': 'none' } }),
      false,
    ],
  ])('%s: zonal %s', (_name, item, zonal) => {
    expect(capture([item]).storageClasses[0]).toMatchObject({ zonal, provisioner: item.provisioner });
    expect(capture([item]).storageClasses[0]?.zonalNote).toBeUndefined();
  });

  it('binding mode, expansion and the default annotation are read only from their exact values', () => {
    const [captured] = capture([
      storageClass('x', 'ebs.csi.aws.com', {
        volumeBindingMode: 'Other',
        allowVolumeExpansion: 'true',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'yes' },
      }),
    ]).storageClasses;
    expect(captured).toMatchObject({ volumeBindingMode: 'Immediate', allowVolumeExpansion: false, isDefault: false });
  });

  it('condition taints of each source are left out; a pool taint is kept once per node pool, sorted, an empty value dropped', () => {
    const taints = [
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', effect: 'NoSchedule' },
      { key: 'ToBeDeletedByClusterAutoscaler', effect: 'NoSchedule' },
      { key: 'DeletionCandidateOfClusterAutoscaler', effect: 'PreferNoSchedule' },
      { key: 'my-ToBeDeletedByClusterAutoscaler', effect: 'NoSchedule' },
      { key: 'ToBeDeletedByClusterAutoscaler-not', effect: 'NoSchedule' },
      { key: 'b', value: '', effect: 'NoSchedule' },
      { key: 'a', value: 'y', effect: 'NoExecute' },
      { key: 'a', value: 'x', effect: 'NoSchedule' },
      { value: 'no key', effect: 'NoSchedule' },
    ];
    const [pool] = captureCluster({ version: VERSION, items: [node('n', {}, { taints })] }, OPTIONS).nodePools;
    expect(pool?.taints).toEqual([
      { key: 'a', value: 'x', effect: 'NoSchedule' },
      { key: 'a', value: 'y', effect: 'NoExecute' },
      { key: 'b', effect: 'NoSchedule' },
      { key: 'my-ToBeDeletedByClusterAutoscaler', effect: 'NoSchedule' },
      { key: 'ToBeDeletedByClusterAutoscaler-not', effect: 'NoSchedule' },
    ]);
  });

  it('each managed pool label names the pool; an empty one does not; the larger of two same-named parts comes first', () => {
    const nodes = [
      node('a', { 'cloud.google.com/gke-nodepool': 'gke' }),
      node('b', { 'karpenter.sh/nodepool': 'karp', 'topology.kubernetes.io/zone': 'z' }),
      node('c', { 'kubernetes.azure.com/agentpool': 'aks' }),
      node('d', { 'eks.amazonaws.com/nodegroup': '', 'karpenter.sh/nodepool': 'karp' }),
      node('e', { 'karpenter.sh/nodepool': 'karp' }),
    ];
    const pools = captureCluster({ version: VERSION, items: nodes }, OPTIONS).nodePools;
    expect(pools.map((pool) => [pool.name, pool.count, pool.zones])).toEqual([
      ['aks', 1, []],
      ['gke', 1, []],
      ['karp', 2, []],
      ['karp-2', 1, ['z']],
    ]);
  });

  it('labels all nodes of a pool share, the beta zone label left out; the smallest allocatable by value, whatever its unit', () => {
    const nodes = [
      node('a', { x: '1', y: '1', 'failure-domain.beta.kubernetes.io/zone': 'z1' }, { allocatable: { cpu: '1', memory: '2Gi' } }),
      node('b', { x: '1', y: '2', 'failure-domain.beta.kubernetes.io/zone': 'z1' }, { allocatable: { cpu: '900m', memory: '3000Mi' } }),
    ];
    const [pool] = captureCluster({ version: VERSION, items: nodes }, OPTIONS).nodePools;
    expect(pool?.labels).toEqual({ x: '1' });
    expect(pool?.allocatable).toEqual({ cpu: '900m', memory: '2Gi' });
  });

  it('host ports: a zero, negative or text port is none; SCTP kept, another protocol read as TCP; sorted by port then protocol', () => {
    const ports = [
      { hostPort: 0 },
      { hostPort: -1 },
      { hostPort: '80' },
      { hostPort: 7, protocol: 'UDP' },
      { hostPort: 7, protocol: 'SCTP' },
      { hostPort: 7, protocol: 'QUIC' },
      { hostPort: 5 },
    ];
    const daemonSet = {
      kind: 'DaemonSet',
      metadata: { namespace: 'n', name: 'd' },
      spec: { template: { spec: { containers: [{ ports }] } } },
    };
    expect(capture([daemonSet]).hostPorts.map((entry) => `${entry.port}/${entry.protocol}`)).toEqual(['5/TCP', '7/SCTP', '7/TCP', '7/UDP']);
  });

  it('only the kinds it reads count: a Node-shaped object of another kind is no node', () => {
    const other = { ...node('x'), kind: 'NodeClaim' };
    expect(captureCluster({ version: VERSION, items: [other] }, OPTIONS).nodePools).toEqual([]);
  });
});
