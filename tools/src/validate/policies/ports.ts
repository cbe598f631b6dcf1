/** Ports that must line up across objects: Service targets and pod ports, client host ports and agent config. */
import { agentWorkload, mainContainer } from './agents.js';
import { configValue, httpPort, httpsPort } from '../../model/consul-config.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, asObject, containersOf, get, podLabelsOf, podSpecOf, selectorMatches } from '../../model/k8s-objects.js';

interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol: string;
  index: number;
}

function portsOf(container: Record<string, unknown>): ContainerPort[] {
  return asArray(container.ports).map((entry, index) => {
    const port = asObject(entry) ?? {};
    return {
      ...(typeof port.name === 'string' ? { name: port.name } : {}),
      ...(typeof port.containerPort === 'number' ? { containerPort: port.containerPort } : {}),
      ...(typeof port.hostPort === 'number' ? { hostPort: port.hostPort } : {}),
      protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
      index,
    };
  });
}

export const serviceTargetPort: RenderedRule = {
  id: 'service-target-port',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Every Service selects at least one rendered workload, and each targetPort (named or numeric) is a container port of every pod it selects.',
  reason:
    'A Service whose selector matches no pod, or whose targetPort no container declares, has no endpoints: DNS, the UI and joins through it fail without any error at apply time.',
  fix: 'Match the Service selector to the pod template labels, and set targetPort to a containerPort number or port name that the selected containers declare (with the same protocol).',
  check(context) {
    // Pod labels read once, and indexed by label: a folder of thousands of objects is not n x m selector tests.
    const workloads = context.resources
      .filter((resource) => podSpecOf(resource) !== undefined)
      .map((workload) => ({ workload, labels: podLabelsOf(workload) }));
    const byLabel = new Map<string, typeof workloads>();
    for (const entry of workloads) {
      for (const [key, value] of Object.entries(entry.labels)) {
        const label = `${key}=${String(value)}`;
        const list = byLabel.get(label);
        if (list) list.push(entry);
        else byLabel.set(label, [entry]);
      }
    }
    const violations: Violation[] = [];
    for (const service of context.all('Service')) {
      const selector = get(service.object, 'spec', 'selector');
      const type = get(service.object, 'spec', 'type');
      if (type === 'ExternalName' || asObject(selector) === undefined || Object.keys(asObject(selector) ?? {}).length === 0) continue;
      // The pods carrying the selector's rarest label are the only candidates.
      const buckets = Object.entries(asObject(selector) ?? {})
        .filter(([key, value]) => key !== 'matchLabels' && key !== 'matchExpressions' && typeof value === 'string')
        .map(([key, value]) => byLabel.get(`${key}=${String(value)}`) ?? []);
      const candidates =
        buckets.length > 0 ? buckets.reduce((smallest, bucket) => (bucket.length < smallest.length ? bucket : smallest)) : workloads;
      const selected = candidates.filter((entry) => selectorMatches(selector, entry.labels)).map((entry) => entry.workload);
      if (selected.length === 0) {
        violations.push({
          resource: service,
          path: '/spec/selector',
          message: `selector ${JSON.stringify(selector)} matches no pod template in the render: the Service has no endpoints`,
        });
        continue;
      }
      asArray(get(service.object, 'spec', 'ports')).forEach((entry, index) => {
        const port = asObject(entry) ?? {};
        const target = port.targetPort ?? port.port;
        const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
        for (const workload of selected) {
          const declared = containersOf(workload)
            .filter((item) => !item.init)
            .flatMap((item) => portsOf(item.container));
          const found = declared.some(
            (candidate) =>
              candidate.protocol === protocol &&
              (typeof target === 'number' ? candidate.containerPort === target : candidate.name === target),
          );
          if (!found) {
            violations.push({
              resource: service,
              path: `/spec/ports/${index}/targetPort`,
              message: `port ${String(port.name ?? port.port)} targets ${typeof target === 'number' ? 'container port' : 'port name'} ${JSON.stringify(target)}/${protocol}, which ${workload.ref.kind} ${workload.ref.name} does not declare`,
            });
          }
        }
      });
    }
    return violations;
  },
};

/**
 * Ports the agent config serves, by config key; -1 (or absent where Consul's default is off) is off.
 * @internal pure port collection, pinned directly; the port rules reach it
 */
export function servedPorts(config: Record<string, unknown>): { key: string; port: number }[] {
  const numeric = (key: string, fallback: number): number => {
    const value = configValue(config, `ports.${key}`);
    return typeof value === 'number' ? value : fallback;
  };
  return [
    { key: 'http', port: httpPort(config) },
    { key: 'https', port: httpsPort(config) },
    { key: 'grpc', port: numeric('grpc', -1) },
    { key: 'grpc_tls', port: numeric('grpc_tls', -1) },
    { key: 'dns', port: numeric('dns', 8600) },
    { key: 'serf_lan', port: numeric('serf_lan', 8301) },
  ].filter((entry) => entry.port > 0);
}

const API_KEYS = new Set(['http', 'https', 'grpc', 'grpc_tls']);

export const consulClientPorts: RenderedRule = {
  id: 'consul-client-ports',
  scope: 'rendered',
  severity: 'error',
  summary:
    'The client DaemonSet binds a host port for exactly the API ports its agent config serves (HTTP 8500, HTTPS 8501, gRPC 8502), at the same numbers.',
  reason:
    'Pods call HOST_IP:<port>: a host port for a port the agent does not serve reaches nothing (or plain HTTP the config turned off), and an API port without a host port is unreachable from other pods.',
  fix: 'Generate the client DaemonSet and config from the same security.tls setting: hostPort = containerPort = the ports.http / ports.https / ports.grpc values in consul-client-config.',
  check(context) {
    const daemonSet = agentWorkload(context, 'client');
    const agent = mainContainer(daemonSet);
    const config = context.agentConfig('client');
    if (!daemonSet || !agent || !config) return [];
    const served = servedPorts(config.config);
    const ports = portsOf(agent.container);
    const violations: Violation[] = [];
    for (const port of ports.filter((entry) => entry.hostPort !== undefined)) {
      const serving = served.find((entry) => entry.port === port.containerPort);
      if (!serving) {
        violations.push({
          resource: daemonSet,
          path: `${agent.pointer}/ports/${port.index}/hostPort`,
          message: `hostPort ${String(port.hostPort)} forwards to container port ${String(port.containerPort)}, which consul-client-config does not serve (serves ${served.map((entry) => `${entry.key} ${entry.port}`).join(', ')})`,
        });
      } else if (port.hostPort !== port.containerPort) {
        violations.push({
          resource: daemonSet,
          path: `${agent.pointer}/ports/${port.index}/hostPort`,
          message: `hostPort ${String(port.hostPort)} differs from the ${serving.key} port ${serving.port} of consul-client-config: pods calling HOST_IP:${serving.port} reach nothing`,
        });
      }
    }
    for (const entry of served.filter((item) => API_KEYS.has(item.key))) {
      if (!ports.some((port) => port.containerPort === entry.port && port.hostPort === entry.port && port.protocol === 'TCP')) {
        violations.push({
          resource: daemonSet,
          path: `${agent.pointer}/ports`,
          message: `consul-client-config serves ${entry.key} on ${entry.port}, but the DaemonSet binds no hostPort ${entry.port} for it: pods cannot reach it at HOST_IP:${entry.port}`,
        });
      }
    }
    return violations;
  },
};
