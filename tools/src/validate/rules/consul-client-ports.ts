import type { RenderedRule, Violation } from '../policies/rule.js';
import { agentWorkload, mainContainer } from '../policies/agents.js';
import { portsOf, servedPorts } from '../policies/ports.js';

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
