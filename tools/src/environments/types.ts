/**
 * The environment spec: one reviewed source of truth per environment (environments.yaml). Its shape
 * is written once, as the JSON Schema in schema.ts; every type here is derived from that schema
 * (json-schema-to-ts), so the loader's check and the types the generator and the rules read cannot
 * disagree. The resolved types add what the loader guarantees beyond the schema: the defaults merged
 * into each environment, and the defaults Kubernetes applies to a cluster's facts.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { specJsonSchema } from './schema.js';

export { TIERS } from './schema.js';

/** environments.yaml as written, once the schema accepted it. */
export type SpecFile = FromSchema<typeof specJsonSchema>;

/** One entry under `environments:` as written (the defaults not yet merged in). */
export type EnvironmentEntry = SpecFile['environments'][string];

/** `defaults:`, shared by every environment (base/ is generated from these). */
export type EnvironmentDefaults = NonNullable<SpecFile['defaults']>;

export type Tier = EnvironmentEntry['tier'];
export type PodSecurityLevel = NonNullable<EnvironmentEntry['podSecurity']>;
export type SeverityMap = NonNullable<EnvironmentEntry['severity']>;

/** Container requests and limits (each with cpu and memory). */
export type ContainerResources = NonNullable<NonNullable<EnvironmentEntry['resources']>['server']>;
export type ComputeResources = NonNullable<ContainerResources['requests']>;

/** TLS on every agent, ACLs with default_policy deny, gossip encryption: each set once the defaults are merged. */
export type SecuritySpec = Required<NonNullable<EnvironmentEntry['security']>>;

/** An Argo CD destination: the cluster's API server URL, or its name in Argo CD (the loader checks exactly one). */
export type DestinationSpec = NonNullable<EnvironmentEntry['destination']>;

/** A Kubernetes toleration (core/v1 Toleration), for the client DaemonSet. */
export type Toleration = NonNullable<EnvironmentEntry['clientTolerations']>[number];

/**
 * Something the render references that nothing in this repository creates: it must exist in the
 * cluster before the first sync. Listed in docs/guide.md with the command that creates it.
 */
export type ExternalPrerequisite = NonNullable<EnvironmentEntry['externalPrerequisites']>[number];

/** A finding accepted on one base/ resource of one environment; generated as suppression annotations. */
export type AcceptedRisk = NonNullable<EnvironmentEntry['acceptedRisks']>[number];

/**
 * The keys every environment has once the defaults are merged in: the loader reports each one that
 * neither the environment nor `defaults:` sets (checks.ts), so an environment it returns has them all.
 */
type FilledByDefaults = 'namespace' | 'storage' | 'zones' | 'minNodes' | 'images' | 'security' | 'resources';

/** One environment with the defaults merged in, as the loader returns it. */
export type EnvironmentSpec = Omit<EnvironmentEntry, FilledByDefaults | 'datacenter' | 'destination'> & {
  [Key in FilledByDefaults]-?: Required<NonNullable<EnvironmentEntry[Key]>>;
} & {
  name: string;
  /** The environment's name unless the spec sets another. */
  datacenter: string;
  /** Exactly one of server and name (the loader checks it). */
  destination: DestinationSpec;
};

/** One entry under `clusters:` as written. */
type ClusterEntry = NonNullable<SpecFile['clusters']>[string];
type NodePoolEntry = ClusterEntry['nodePools'][number];

/** One StorageClass of a cluster, with the defaults Kubernetes applies (Immediate binding, no expansion). */
export type StorageClassFacts = Required<ClusterEntry['storageClasses'][number]>;

/** A node taint (core/v1 Taint). */
export type Taint = NonNullable<NodePoolEntry['taints']>[number];

/** A group of identical nodes (no labels or taints unless listed). Its nodes carry topology.kubernetes.io/zone with one of its zones. */
export type NodePoolFacts = Required<NodePoolEntry>;

/** A host port already taken on every node (by another DaemonSet, such as a node exporter); TCP unless listed. */
export type HostPortFacts = Required<NonNullable<ClusterEntry['hostPorts']>[number]>;

/** What an Argo CD destination cluster is: shared by every environment on it (`clusters.<name>`). */
export type ClusterSpec = Omit<ClusterEntry, 'storageClasses' | 'nodePools' | 'hostPorts'> & {
  name: string;
  storageClasses: StorageClassFacts[];
  nodePools: NodePoolFacts[];
  /** Host ports other DaemonSets take on every node (default: none). */
  hostPorts: HostPortFacts[];
};

export interface RepositorySpec {
  url: string;
  revision: string;
}

export interface Spec {
  /** The spec file this came from, relative to the repository root. */
  file: string;
  repository: RepositorySpec;
  /** The spec's shared defaults, as written (base/ is generated from these). */
  defaults: EnvironmentDefaults;
  /** Per-tier rule severity overrides. */
  tierSeverity: Partial<Record<Tier, SeverityMap>>;
  environments: EnvironmentSpec[];
  /** The destination clusters described under `clusters` (default: none; the cluster rules then do not run). */
  clusters?: ClusterSpec[];
  /** Environments removed on purpose: name -> reason (accepts diff's environment-removal). */
  removedEnvironments: Record<string, string>;
  /** URL prefixes a kustomization may pull remote bases from; every other remote reference is refused (default: none). */
  remoteBases: string[];
}
