import type { RenderedRule, Violation } from '../policies/rule.js';
import { clientDaemonSet } from '../policies/client-daemonset.js';
import { COMPONENT, PORTS } from '../../model/consul.js';
import { asArray, asObject, containersOf, get } from '../../model/k8s-objects.js';
import { httpPort, httpsPort } from '../../model/consul-config.js';
import { jsonText } from '../../model/json.js';

export const clientHostPort: RenderedRule = {
  id: 'client-host-port',
  scope: 'rendered',
  severity: 'error',
  summary:
    "The client DaemonSet binds the agent's HTTP API (8500, or 8501 with HTTP off) and gRPC (8502) to the same host ports, and knows its HOST_IP.",
  reason:
    'Pods reach their node-local agent at HOST_IP:8500 (HOST_IP:8501 with TLS); a NodePort would route to a random node, and a hostPort that differs from the agent port reaches nothing.',
  fix: 'Keep the generated client ports: hostPort equal to containerPort for the API and gRPC ports.',
  check(context) {
    const daemonSet = clientDaemonSet(context);
    if (!daemonSet) return [{ message: `no DaemonSet ${COMPONENT.client}: pods have no node-local agent` }];
    const agent = containersOf(daemonSet).find((entry) => !entry.init);
    if (!agent) return [];
    const config = context.agentConfig('client')?.config ?? {};
    const apiPort = httpPort(config) > 0 ? httpPort(config) : httpsPort(config);
    const required = [apiPort > 0 ? apiPort : PORTS.http.port, PORTS.grpc.port];
    const ports = asArray(agent.container.ports).map((port) => asObject(port) ?? {});
    const violations: Violation[] = [];
    for (const port of required) {
      const index = ports.findIndex((entry) => entry.containerPort === port && (entry.protocol ?? 'TCP') === 'TCP');
      const entry = ports[index];
      if (!entry || entry.hostPort === undefined) {
        violations.push({
          resource: daemonSet,
          path: `${agent.pointer}/ports`,
          message: `container port ${port} is not bound to a host port: pods cannot reach the agent at HOST_IP:${port}`,
        });
      } else if (entry.hostPort !== port) {
        violations.push({
          resource: daemonSet,
          path: `${agent.pointer}/ports/${index}/hostPort`,
          message: `hostPort ${jsonText(entry.hostPort)} differs from containerPort ${port}`,
        });
      }
    }
    // Catalog sync (control plane 1.x) talks to the servers, not to this agent: only the agent needs its host IP.
    const hostIp = asArray(agent.container.env).some(
      (env) => get(env, 'name') === 'HOST_IP' && get(env, 'valueFrom', 'fieldRef', 'fieldPath') === 'status.hostIP',
    );
    if (!hostIp)
      violations.push({
        resource: daemonSet,
        path: `${agent.pointer}/env`,
        message:
          'the client agent has no HOST_IP from the downward API (status.hostIP): pods are told to call HOST_IP, and with TLS its certificate must name it (auto_encrypt.ip_san)',
      });
    return violations;
  },
};
