/** The environment spec: one reviewed source of truth per environment (environments.yaml). */

export const TIERS = ['development', 'staging', 'production'] as const;
export type Tier = (typeof TIERS)[number];

export interface ComputeResources {
  cpu: string;
  memory: string;
}

export interface ContainerResources {
  requests: ComputeResources;
  limits: ComputeResources;
}

export interface SecuritySpec {
  /** TLS on every agent (HTTPS API on 8501, verified RPC). */
  tls: boolean;
  /** ACLs with default_policy deny. */
  acls: boolean;
  /** Gossip encryption with a key from a Secret. */
  gossip: boolean;
}

export interface DestinationSpec {
  /** Cluster API server URL, or */
  server?: string;
  /** the cluster's name in Argo CD. */
  name?: string;
}

/** A Kubernetes toleration (core/v1 Toleration), for the client DaemonSet. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/**
 * Something the render references that nothing in this repository creates: it must exist in the
 * cluster before the first sync. Listed in docs/guide.md with the command that creates it.
 */
export interface ExternalPrerequisite {
  kind: 'Secret' | 'ConfigMap' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service' | 'Role' | 'ClusterRole';
  name: string;
  reason: string;
  /** The exact command that creates it. */
  create: string;
}

/** A finding accepted on one base/ resource of one environment; generated as suppression annotations. */
export interface AcceptedRisk {
  rule: string;
  kind: string;
  name: string;
  /** The severity accepted: a more severe finding of the rule on the resource is still reported. */
  severity: 'error' | 'warning' | 'info';
  /** Only findings whose message contains this text are accepted. */
  match?: string;
  reason: string;
}

/** Pod Security Standards levels (pod-security.kubernetes.io/enforce), least to most restrictive. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** One StorageClass of a cluster, as `kubectl get storageclass -o yaml` shows it. */
export interface StorageClassFacts {
  name: string;
  provisioner: string;
  /** Kubernetes defaults an omitted volumeBindingMode to Immediate. */
  volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  /** Kubernetes defaults an omitted allowVolumeExpansion to false. */
  allowVolumeExpansion: boolean;
  /** Whether a volume lives in one zone (a zonal disk) rather than replicated over several. */
  zonal: boolean;
}

/** A node taint (core/v1 Taint). */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A group of identical nodes. Its nodes carry topology.kubernetes.io/zone with one of its zones. */
export interface NodePoolFacts {
  name: string;
  count: number;
  zones: string[];
  labels: Record<string, string>;
  taints: Taint[];
  /** Allocatable resources of one node. */
  allocatable: ComputeResources;
}

/** A host port already taken on every node (by another DaemonSet, such as a node exporter). */
export interface HostPortFacts {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Who holds it, for the message (for example monitoring/node-exporter). */
  owner: string;
}

/** What an Argo CD destination cluster is: shared by every environment on it (`clusters.<name>`). */
export interface ClusterSpec {
  name: string;
  /** major.minor of the API server (for example 1.33). */
  kubernetesVersion: string;
  /** The destination it is, when environments are matched to it by destination rather than by `cluster:`. */
  destination?: DestinationSpec;
  storageClasses: StorageClassFacts[];
  nodePools: NodePoolFacts[];
  /** Host ports other DaemonSets take on every node (default: none). */
  hostPorts: HostPortFacts[];
}

export interface EnvironmentSpec {
  name: string;
  tier: Tier;
  namespace: string;
  datacenter: string;
  /** Why this environment shares its datacenter name with another one (otherwise each has its own). */
  datacenterShared?: string;
  servers: number;
  storage: { class: string; size: string };
  /** Zones the servers spread over (topology.kubernetes.io/zone values). */
  zones: string[];
  /** The minimum number of schedulable nodes the cluster guarantees. */
  minNodes: number;
  images: { consul: string; controlPlane: string };
  security: SecuritySpec;
  resources: { server: ContainerResources; client: ContainerResources; syncCatalog: ContainerResources };
  /** Tolerations of the client DaemonSet, so that a client runs on tainted nodes too (default: none). */
  clientTolerations?: Toleration[];
  destination: DestinationSpec;
  /** How Argo CD renders it: its built-in kustomize (default) or the sync gate plugin. */
  syncGate?: 'kustomize' | 'plugin';
  /** The name of its cluster under `clusters` (or the cluster matched by destination). */
  cluster?: string;
  /** The Pod Security level generated onto its namespace (default privileged: the client DaemonSet's host ports need it). */
  podSecurity?: PodSecurityLevel;
  /** Per-rule severity overrides for this environment (see `consul-gitops rules`). */
  severity?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Objects the render references that must exist before the first sync (default: none). */
  externalPrerequisites?: ExternalPrerequisite[];
  /** Findings accepted for this environment, each with a reason (see docs/guide.md, "Environment spec"). */
  acceptedRisks?: AcceptedRisk[];
}

export interface RepositorySpec {
  url: string;
  revision: string;
}

export interface Spec {
  /** The spec file this came from, relative to the repository root. */
  file: string;
  repository: RepositorySpec;
  /** The spec's shared defaults, as written (base/ is generated from these). */
  defaults: Partial<Omit<EnvironmentSpec, 'name' | 'acceptedRisks'>>;
  /** Per-tier rule severity overrides. */
  tierSeverity: Partial<Record<Tier, Record<string, 'error' | 'warning' | 'info' | 'off'>>>;
  environments: EnvironmentSpec[];
  /** The destination clusters described under `clusters` (default: none; the cluster rules then do not run). */
  clusters?: ClusterSpec[];
  /** Environments removed on purpose: name -> reason (accepts diff's environment-removal). */
  removedEnvironments: Record<string, string>;
  /** URL prefixes a kustomization may pull remote bases from; every other remote reference is refused (default: none). */
  remoteBases: string[];
}
