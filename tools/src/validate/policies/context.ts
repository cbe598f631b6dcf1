import { COMPONENT } from '../../model/consul.js';
import type { AccessReview } from './control-plane-permissions.js';
import type { ParsedResource } from '../../parse/resource.js';
import { clusterOf } from '../../environments/clusters.js';
import type { ClusterSpec, EnvironmentSpec } from '../../environments/types.js';
import type { Facts } from '../../model/facts.js';
import { agentConfiguration, type AgentConfiguration } from '../consul/agent-config.js';
import { agentInvocations } from '../consul/agent-invocation.js';
import { agentConfigFrom, type AgentConfig } from '../../model/consul-config.js';
import { environmentLabelOf, get, intOrUndefined, isKind } from '../../model/k8s-objects.js';

/** What every rule sees: one overlay's rendered resources and its environment's settings. */
export interface PolicyContext {
  resources: readonly ParsedResource[];
  /** The environment name read from the `environment` label. */
  environmentName?: string;
  /** The environment's spec entry, when the spec declares it. */
  environment?: EnvironmentSpec;
  /** The environment the rendered directory is (overlays/<env> of the spec), whatever the labels say. */
  overlayEnvironment?: string;
  /** Every environment of the spec. */
  environments: readonly EnvironmentSpec[];
  /** The environment's destination cluster, when environments.yaml describes it (`clusters:`). */
  cluster?: ClusterSpec;
  /** A real authorizer's decisions on the control plane's API calls, when the api-server backend asked it. */
  accessReview?: AccessReview;
  /** The facts of the pinned releases the rules check against, passed in as data (the runner loads them). */
  facts: Facts;
  find(kind: string, name: string): ParsedResource | undefined;
  all(kind: string): ParsedResource[];
  serverStatefulSet(): ParsedResource | undefined;
  /** spec.replicas of the server StatefulSet (Kubernetes defaults it to 1). */
  serverCount(): number | undefined;
  agentConfig(role: 'server' | 'client'): (AgentConfig & { resource: ParsedResource }) | undefined;
  /** Every `consul agent` the render starts, with everything it loads (files, -hcl, flags). */
  agents(): AgentConfiguration[];
}

export function createContext(
  resources: readonly ParsedResource[],
  environments: readonly EnvironmentSpec[],
  facts: Facts,
  overlayEnvironment?: string,
  clusters: readonly ClusterSpec[] = [],
): PolicyContext {
  const environmentName = environmentLabelOf(resources);
  const environment = environments.find((candidate) => candidate.name === environmentName);
  const cluster = environment ? clusterOf(environment, clusters) : undefined;
  const configs = new Map<string, (AgentConfig & { resource: ParsedResource }) | undefined>();
  let agents: AgentConfiguration[] | undefined;
  // Resources by kind, in render order, read once: every rule asks, and a folder may hold thousands of objects.
  let byKind: Map<string, ParsedResource[]> | undefined;
  const ofKind = (kind: string): readonly ParsedResource[] => {
    if (!byKind) {
      byKind = new Map();
      for (const resource of resources) {
        const list = byKind.get(resource.ref.kind);
        if (list) list.push(resource);
        else byKind.set(resource.ref.kind, [resource]);
      }
    }
    return byKind.get(kind) ?? [];
  };
  const context: PolicyContext = {
    resources,
    ...(environmentName !== undefined ? { environmentName } : {}),
    ...(environment ? { environment } : {}),
    ...(overlayEnvironment !== undefined ? { overlayEnvironment } : {}),
    environments,
    ...(cluster ? { cluster } : {}),
    facts,
    find: (kind, name) => ofKind(kind).find((resource) => resource.ref.name === name),
    all: (kind) => [...ofKind(kind)],
    serverStatefulSet: () =>
      resources.find((resource) => isKind(resource, 'StatefulSet', 'apps') && resource.ref.name === COMPONENT.server),
    serverCount: () => {
      const statefulSet = context.serverStatefulSet();
      if (!statefulSet) return undefined;
      const replicas = get(statefulSet.object, 'spec', 'replicas');
      return replicas === undefined ? 1 : intOrUndefined(replicas);
    },
    agentConfig: (role) => {
      if (!configs.has(role)) {
        const resource = context.find('ConfigMap', role === 'server' ? COMPONENT.serverConfig : COMPONENT.clientConfig);
        const fromMap = resource ? agentConfigFrom(get(resource.object, 'data') as Record<string, unknown> | undefined) : undefined;
        // One source for every rule: what the agent really loads (its files, -hcl flags and flags),
        // when its workload starts `consul agent`; the ConfigMap alone otherwise.
        const workload = role === 'server' ? context.serverStatefulSet() : context.find('DaemonSet', COMPONENT.client);
        const loaded = context.agents().find((agent) => agent.invocation.resource === workload);
        configs.set(role, resource && fromMap ? { ...fromMap, ...(loaded ? { config: loaded.effective } : {}), resource } : undefined);
      }
      return configs.get(role);
    },
    agents: () => {
      if (!agents) {
        const isBool = (name: string) => facts.agentConfig.flags[name]?.type === 'bool';
        agents = resources
          .flatMap((resource) => agentInvocations(resource, isBool))
          .map((invocation) => agentConfiguration(invocation, resources, facts.agentConfig));
      }
      return agents;
    },
  };
  return context;
}
