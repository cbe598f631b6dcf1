/**
 * Pure: what `kubectl get` returns from a live cluster (its /version, StorageClasses, Nodes, DaemonSets and
 * Namespaces) to one `clusters:` entry of environments.yaml, in the spec's shape. `cluster capture` reads
 * the objects (spec/cluster-read.ts) and prints this (spec/capture-yaml.ts).
 */
import { TOPOLOGY } from '../model/consul.js';
import { quantityValue } from '../model/quantity.js';
import type {
  ComputeResources,
  DestinationSpec,
  HostPortFacts,
  NodePoolFacts,
  PodSecurityLevel,
  StorageClassFacts,
  Taint,
} from './types.js';

type KubeObject = Record<string, unknown>;

/** What the read returns: the server's /version and the listed objects (any order, any mix of kinds). */
export interface ClusterObjects {
  version: { major?: string; minor?: string; gitVersion?: string };
  items: readonly KubeObject[];
}

/** An environment of the spec on the captured cluster, whose namespace's Pod Security labels are read. */
export interface CapturedEnvironment {
  name: string;
  namespace: string;
  podSecurity: PodSecurityLevel;
}

export interface CaptureOptions {
  /** The key under clusters. */
  key: string;
  /** Kept from the spec's entry of that key: the cluster cannot know its Argo CD destination. */
  destination?: DestinationSpec;
  environments: readonly CapturedEnvironment[];
}

export interface CapturedStorageClass extends StorageClassFacts {
  isDefault: boolean;
  /** Why `zonal` is what it is, when it was not read from a known provisioner. */
  zonalNote?: string;
}

export interface CapturedNamespace extends CapturedEnvironment {
  exists: boolean;
  enforce?: string;
  enforceVersion?: string;
}

export interface ClusterCapture {
  key: string;
  kubernetesVersion: string;
  destination?: DestinationSpec;
  storageClasses: CapturedStorageClass[];
  nodePools: NodePoolFacts[];
  hostPorts: HostPortFacts[];
  namespaces: CapturedNamespace[];
}

const DEFAULT_CLASS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** The label each managed node-pool offering puts on its nodes (GKE, EKS managed node groups, Karpenter, AKS). */
const POOL_LABELS = [
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'karpenter.sh/nodepool',
  'kubernetes.azure.com/agentpool',
];

/** Per-node labels (the hostname) and the zone, which the pool states as `zones`. */
const PER_NODE_LABELS = new Set([TOPOLOGY.hostname, TOPOLOGY.zone, 'failure-domain.beta.kubernetes.io/zone']);

/** Taints that record a node's condition, not its pool: the node lifecycle controller, cloud init and the autoscaler set them. */
const TRANSIENT_TAINT =
  /^(node\.kubernetes\.io\/|node\.cloudprovider\.kubernetes\.io\/|ToBeDeletedByClusterAutoscaler$|DeletionCandidateOfClusterAutoscaler$)/;

/**
 * Provisioners whose volumes live in one zone unless a parameter says otherwise (GCE PD: replication-type
 * regional-pd; Azure Disk: a ZRS sku), and those whose volumes every zone reaches (network file systems).
 */
const ZONAL_PROVISIONERS = new Set([
  'pd.csi.storage.gke.io',
  'kubernetes.io/gce-pd',
  'ebs.csi.aws.com',
  'kubernetes.io/aws-ebs',
  'disk.csi.azure.com',
  'kubernetes.io/azure-disk',
  'cinder.csi.openstack.org',
]);
const SHARED_PROVISIONERS = new Set([
  'efs.csi.aws.com',
  'file.csi.azure.com',
  'kubernetes.io/azure-file',
  'filestore.csi.storage.gke.io',
  'nfs.csi.k8s.io',
]);

const SPEC_QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const objectAt = (value: unknown): KubeObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as KubeObject) : {});
const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(objectAt(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
const listAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const kindOf = (item: KubeObject): string => text(item.kind) ?? '';
const nameOf = (item: KubeObject): string => text(objectAt(item.metadata).name) ?? '';
const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/** major.minor of the server: from major and minor (a provider's "27+" read as 27), else from gitVersion. */
function kubernetesVersionOf(version: ClusterObjects['version']): string | undefined {
  const major = /^\d+/.exec(version.major ?? '')?.[0];
  const minor = /^\d+/.exec(version.minor ?? '')?.[0];
  if (major && minor) return `${major}.${minor}`;
  const match = /^v?(\d+)\.(\d+)/.exec(version.gitVersion ?? '');
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** Whether a class's volumes are zonal, and a note when that is assumed rather than known. */
function zonalOf(provisioner: string, parameters: Record<string, string>, allowedZones: number): { zonal: boolean; zonalNote?: string } {
  const parameter = (name: string): string =>
    Object.entries(parameters)
      .find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
      ?.toLowerCase() ?? '';
  if (SHARED_PROVISIONERS.has(provisioner)) return { zonal: false };
  if (parameter('replication-type') === 'regional-pd' && allowedZones !== 1) return { zonal: false };
  if (/_zrs$/.test(parameter('skuName')) && allowedZones !== 1) return { zonal: false };
  if (ZONAL_PROVISIONERS.has(provisioner)) return { zonal: true };
  return { zonal: true, zonalNote: 'zonal assumed (unknown provisioner): set zonal: false if every zone reaches its volumes' };
}

function storageClassOf(item: KubeObject): CapturedStorageClass {
  const provisioner = text(item.provisioner) ?? '';
  const annotations = stringMap(objectAt(item.metadata).annotations);
  const allowedZones = new Set(
    listAt(item.allowedTopologies).flatMap((term) =>
      listAt(objectAt(term).matchLabelExpressions).flatMap((expression) => listAt(objectAt(expression).values)),
    ),
  ).size;
  return {
    name: nameOf(item),
    provisioner,
    volumeBindingMode: item.volumeBindingMode === 'WaitForFirstConsumer' ? 'WaitForFirstConsumer' : 'Immediate',
    allowVolumeExpansion: item.allowVolumeExpansion === true,
    ...zonalOf(provisioner, stringMap(item.parameters), allowedZones),
    isDefault: DEFAULT_CLASS.some((key) => annotations[key] === 'true'),
  };
}

function taintsOf(node: KubeObject): Taint[] {
  return listAt(objectAt(node.spec).taints)
    .map(objectAt)
    .filter((taint) => typeof taint.key === 'string' && !TRANSIENT_TAINT.test(taint.key))
    .map((taint) => ({
      key: taint.key as string,
      ...(typeof taint.value === 'string' && taint.value !== '' ? { value: taint.value } : {}),
      effect: taint.effect as Taint['effect'],
    }))
    .sort((a, b) => `${a.key}=${a.value ?? ''}:${a.effect}`.localeCompare(`${b.key}=${b.value ?? ''}:${b.effect}`));
}

/** The smallest of the nodes' values (what every node of the pool has at least), in the spec's quantity form. */
function smallest(values: readonly unknown[], unit: 'cpu' | 'memory'): string {
  const numbers = values.map((value) => quantityValue(value) ?? 0);
  const index = numbers.indexOf(Math.min(...numbers));
  const value = values[index];
  if (typeof value === 'string' && SPEC_QUANTITY.test(value)) return value;
  const number = numbers[index] ?? 0;
  return unit === 'cpu' ? `${Math.floor(number * 1000)}m` : String(Math.floor(number));
}

/**
 * Nodes grouped into pools: by their node-pool label (else one pool, `default`), split where taints or
 * the presence of a zone label differ, since the spec states both per pool. A split pool's later parts
 * are named `<pool>-2`, `<pool>-3`, ...
 */
function nodePoolsOf(nodes: readonly KubeObject[]): NodePoolFacts[] {
  const groups = new Map<string, { pool: string; nodes: KubeObject[] }>();
  for (const node of [...nodes].sort((a, b) => nameOf(a).localeCompare(nameOf(b)))) {
    const labels = stringMap(objectAt(node.metadata).labels);
    const pool = POOL_LABELS.map((key) => labels[key]).find((value) => value !== undefined && value !== '') ?? 'default';
    const signature = JSON.stringify([pool, TOPOLOGY.zone in labels, taintsOf(node)]);
    const group = groups.get(signature) ?? { pool, nodes: [] };
    group.nodes.push(node);
    groups.set(signature, group);
  }
  const seen = new Map<string, number>();
  return [...groups.values()]
    .sort((a, b) => a.pool.localeCompare(b.pool) || b.nodes.length - a.nodes.length)
    .map(({ pool, nodes: members }) => {
      const count = (seen.get(pool) ?? 0) + 1;
      seen.set(pool, count);
      const labelSets = members.map((node) => stringMap(objectAt(node.metadata).labels));
      const first = labelSets[0] ?? {};
      const common = Object.keys(first)
        .filter((key) => !PER_NODE_LABELS.has(key) && labelSets.every((labels) => labels[key] === first[key]))
        .sort();
      const allocatable = members.map((node) => objectAt(objectAt(node.status).allocatable));
      const resources: ComputeResources = {
        cpu: smallest(
          allocatable.map((entry) => entry.cpu),
          'cpu',
        ),
        memory: smallest(
          allocatable.map((entry) => entry.memory),
          'memory',
        ),
      };
      return {
        name: count === 1 ? pool : `${pool}-${count}`,
        count: members.length,
        zones: [...new Set(labelSets.map((labels) => labels[TOPOLOGY.zone]).filter((zone): zone is string => !!zone))].sort(),
        labels: Object.fromEntries(common.map((key) => [key, first[key] as string])),
        taints: members[0] ? taintsOf(members[0]) : [],
        allocatable: resources,
      };
    });
}

/** Host ports other DaemonSets hold on their nodes (the environments' own client DaemonSets left out), one per port and protocol. */
function hostPortsOf(daemonSets: readonly KubeObject[], ownNamespaces: ReadonlySet<string>): HostPortFacts[] {
  const taken = new Map<string, HostPortFacts>();
  const sorted = [...daemonSets].sort((a, b) => ownerOf(a).localeCompare(ownerOf(b)));
  for (const daemonSet of sorted) {
    if (ownNamespaces.has(text(objectAt(daemonSet.metadata).namespace) ?? '')) continue;
    const pod = objectAt(objectAt(objectAt(daemonSet.spec).template).spec);
    for (const container of [...listAt(pod.initContainers), ...listAt(pod.containers)]) {
      for (const port of listAt(objectAt(container).ports).map(objectAt)) {
        if (typeof port.hostPort !== 'number' || port.hostPort <= 0) continue;
        const protocol = port.protocol === 'UDP' || port.protocol === 'SCTP' ? port.protocol : 'TCP';
        const key = `${port.hostPort}/${protocol}`;
        if (!taken.has(key)) taken.set(key, { port: port.hostPort, protocol, owner: ownerOf(daemonSet) });
      }
    }
  }
  return [...taken.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function ownerOf(item: KubeObject): string {
  return `${text(objectAt(item.metadata).namespace) ?? ''}/${nameOf(item)}`;
}

function namespacesOf(namespaces: readonly KubeObject[], environments: readonly CapturedEnvironment[]): CapturedNamespace[] {
  return environments.map((environment) => {
    const found = namespaces.find((item) => nameOf(item) === environment.namespace);
    const labels = stringMap(objectAt(found?.metadata).labels);
    const enforce = labels['pod-security.kubernetes.io/enforce'];
    const enforceVersion = labels['pod-security.kubernetes.io/enforce-version'];
    return { ...environment, exists: found !== undefined, ...(enforce ? { enforce } : {}), ...(enforceVersion ? { enforceVersion } : {}) };
  });
}

/** The cluster entry the objects describe; undefined kubernetesVersion becomes an error at the edge. */
export function captureCluster(objects: ClusterObjects, options: CaptureOptions): ClusterCapture {
  const items = (kind: string): KubeObject[] => objects.items.filter((item) => kindOf(item) === kind);
  const ownNamespaces = new Set(options.environments.map((environment) => environment.namespace));
  return {
    key: options.key,
    kubernetesVersion: kubernetesVersionOf(objects.version) ?? '',
    ...(options.destination ? { destination: options.destination } : {}),
    storageClasses: items('StorageClass').map(storageClassOf).sort(byName),
    nodePools: nodePoolsOf(items('Node')),
    hostPorts: hostPortsOf(items('DaemonSet'), ownNamespaces),
    namespaces: namespacesOf(items('Namespace'), options.environments),
  };
}
