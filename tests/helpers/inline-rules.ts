/**
 * Inline objects for rule tests that need no kustomize build: a few builders and `found`, which runs rules the
 * way the pipeline does (runPolicies) and keeps what a reader checks: severity, resource, JSON path, message.
 */
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import type { ClusterSpec, Spec, Tier } from '../../tools/src/environments/types.js';
import type { Facts } from '../../tools/src/model/facts.js';
import type { RenderedRule } from '../../tools/src/validate/policies/rule.js';
import { runPolicies } from '../../tools/src/validate/run-policies.js';

export type Body = Record<string, unknown>;

export const SERVER_POD_LABELS = { 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'server' };

/** An object of the environment `env` (label), marked as Consul's own. */
export function object(apiVersion: string, kind: string, name: string, body: Body = {}): ParsedResource {
  const metadata = { name, labels: { environment: 'env', 'app.kubernetes.io/name': 'consul' } };
  return {
    ref: { apiVersion, kind, name },
    object: { apiVersion, kind, metadata, ...body },
    location: { file: 'inline', line: 1 },
    lineOf: () => undefined,
  };
}

/** A workload with one pod template; `pod` is its pod spec. */
export const workload = (kind: string, name: string, pod: Body, spec: Body = {}): ParsedResource =>
  object(
    kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
    kind,
    name,
    kind === 'Pod' ? { spec: pod } : { spec: { template: { metadata: { labels: SERVER_POD_LABELS }, spec: pod }, ...spec } },
  );

/** The server StatefulSet with `replicas` (undefined: the field is left out) and extra spec fields. */
export function servers(replicas: unknown, spec: Body = {}, pod: Body = {}): ParsedResource {
  return workload('StatefulSet', 'consul-server', pod, { ...(replicas === undefined ? {} : { replicas }), ...spec });
}

/** A spec that declares the environment `env` in `tier`. */
export function tierSpec(tier: Tier, extra: Body = {}): Spec {
  return {
    environments: [{ name: 'env', tier, zones: ['zone-a', 'zone-b', 'zone-c'], namespace: 'consul-env', ...extra }],
    tierSeverity: {},
  } as unknown as Spec;
}

export interface Found {
  severity: string;
  at: string;
  message: string;
}

/** The findings of one rule: severity, `Kind/name path` and message; against other facts than the pinned releases' when given. */
export function found(
  rule: RenderedRule,
  resources: readonly ParsedResource[],
  spec: Spec = tierSpec('development'),
  facts?: Facts,
): Found[] {
  return runPolicies(resources, spec, [rule], facts ? { facts } : {}).map((finding) => ({
    severity: finding.severity,
    at: `${finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '-'} ${finding.path ?? ''}`.trim(),
    message: finding.message,
  }));
}

/** A Consul object none of the rules look at: with it alone the Consul rules run (they do not on an empty render) and find nothing. */
export const OTHER = object('v1', 'ConfigMap', 'other');

/** A cluster with three zones, zonal and regional storage classes, and a host port taken by another workload. */
const CLUSTER: ClusterSpec = {
  name: 'c',
  kubernetesVersion: '1.33',
  storageClasses: [
    {
      name: 'zonal-wffc',
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      zonal: true,
    },
    {
      name: 'zonal-immediate',
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      zonal: true,
    },
    { name: 'regional', provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'Immediate', allowVolumeExpansion: true, zonal: false },
  ],
  nodePools: [
    { name: 'general', count: 3, zones: ['zone-a', 'zone-b', 'zone-c'], labels: {}, taints: [], allocatable: { cpu: '4', memory: '16Gi' } },
  ],
  hostPorts: [{ port: 9100, protocol: 'TCP', owner: 'monitoring/node-exporter' }],
};
/** A spec whose environment `env` (tier, extra keys) runs on `cluster`. */
export function onCluster(tier: Tier, cluster: Partial<ClusterSpec> = {}, extra: Body = {}): Spec {
  const spec = tierSpec(tier, { cluster: 'c', ...extra });
  return { ...spec, clusters: [{ ...CLUSTER, ...cluster }] };
}

/** The control plane's NAMESPACE from the downward API, as the chart sets it. */
const NAMESPACE_ENV = { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
/** The same object in `namespace` (metadata and ref), or unchanged when none is given. */
export function inNamespace(resource: ParsedResource, namespace: string | undefined): ParsedResource {
  if (namespace === undefined) return resource;
  const metadata = { ...(resource.object.metadata as Body), namespace };
  return { ...resource, ref: { ...resource.ref, namespace }, object: { ...resource.object, metadata } };
}
/** A Job (or another workload) running one control-plane command as `account`. */
export function command(
  args: string[],
  options: { kind?: string; name?: string; account?: string; env?: Body[]; namespace?: string; annotations?: Body } = {},
) {
  const pod: Body = {
    containers: [{ name: 'c', command: ['consul-k8s-control-plane'], args, env: [NAMESPACE_ENV, ...(options.env ?? [])] }],
    ...(options.account === undefined ? {} : { serviceAccountName: options.account }),
  };
  const resource = workload(options.kind ?? 'Job', options.name ?? 'job', pod);
  if (options.annotations) (resource.object.metadata as Body).annotations = options.annotations;
  return inNamespace(resource, options.namespace);
}

/** A Consul agent config ConfigMap holding one `agent.json`. */
export const agentConfig = (name: string, config: Body) =>
  object('v1', 'ConfigMap', name, { data: { 'agent.json': JSON.stringify(config) } });
/** The client agents' config ConfigMap. */
export const clientConfig = (config: Body) => agentConfig('consul-client-config', config);
/** The agent's HOST_IP from the downward API. */
export const HOST_IP = { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } };
/** A container port, bound to `hostPort` when given. */
export const port = (containerPort: number, hostPort?: unknown, protocol?: string): Body => ({
  containerPort,
  ...(hostPort === undefined ? {} : { hostPort }),
  ...(protocol ? { protocol } : {}),
});
/** The client DaemonSet: one agent container with these ports and env (HOST_IP by default). */
export const client = (ports: Body[], env: Body[] = [HOST_IP], pod: Body = {}) =>
  workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', ports, env }], ...pod });
