/** Pieces shared by the server and client agent pods: start script, leader probe, downward API, security. */
import { LEADER_ENDPOINT, PATHS, PORTS, type PortSpec } from '../../model/consul.js';
import type { ContainerResources } from '../../spec/types.js';

/**
 * Starts the agent from the mounted config dir. Secrets arrive as environment variables (never in the
 * repo): GOSSIP_KEY becomes -encrypt, ACL_AGENT_TOKEN becomes a config file in an emptyDir.
 */
export function agentStartScript(extraFlags: readonly string[]): string {
  return [
    'if [ -n "${ACL_AGENT_TOKEN:-}" ]; then',
    `  printf '{"acl":{"tokens":{"agent":"%s"}}}' "$ACL_AGENT_TOKEN" > ${PATHS.extraConfig}/acl-agent-token.json`,
    'fi',
    `exec consul agent -config-dir=${PATHS.config} -config-dir=${PATHS.extraConfig} ${extraFlags.join(' ')} \${GOSSIP_KEY:+-encrypt=$GOSSIP_KEY}`,
    '',
  ].join('\n');
}

/**
 * Ready only when the local agent knows a leader: `/v1/status/leader` answers `""` until then.
 * CONSUL_HTTP_ADDR and CONSUL_CACERT select HTTP or HTTPS, so TLS overlays only change the env.
 */
export const LEADER_PROBE_SCRIPT =
  `curl --silent --show-error --max-time 2 \${CONSUL_CACERT:+--cacert $CONSUL_CACERT} "$CONSUL_HTTP_ADDR${LEADER_ENDPOINT}" | grep -Eq '^"[^"]+"$'`;

export function leaderReadinessProbe(): Record<string, unknown> {
  return {
    exec: { command: ['/bin/sh', '-ec', LEADER_PROBE_SCRIPT] },
    failureThreshold: 2,
    initialDelaySeconds: 5,
    periodSeconds: 3,
    successThreshold: 1,
    timeoutSeconds: 5,
  };
}

export function fieldEnv(name: string, fieldPath: string): Record<string, unknown> {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

export const DOWNWARD_ENV = [
  fieldEnv('HOST_IP', 'status.hostIP'),
  fieldEnv('NAMESPACE', 'metadata.namespace'),
  fieldEnv('NODE_NAME', 'spec.nodeName'),
  fieldEnv('POD_IP', 'status.podIP'),
];

export function plainHttpEnv(): Record<string, unknown> {
  return { name: 'CONSUL_HTTP_ADDR', value: `http://127.0.0.1:${PORTS.http.port}` };
}

/** One container port per protocol; names stay within the 15-character limit. */
export function containerPorts(ports: readonly PortSpec[], hostPorts: readonly number[] = []): Record<string, unknown>[] {
  return ports.flatMap((port) =>
    port.protocols.map((protocol) => ({
      containerPort: port.port,
      ...(hostPorts.includes(port.port) ? { hostPort: port.port } : {}),
      name: port.protocols.length > 1 ? `${port.name}-${protocol.toLowerCase()}` : port.name,
      protocol,
    })),
  );
}

export function containerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    runAsNonRoot: true,
  };
}

/** The Helm chart's ids: user 100, group and fsGroup 1000. */
export function podSecurityContext(): Record<string, unknown> {
  return { fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: 'RuntimeDefault' } };
}

export function resourceBlock(resources: ContainerResources): Record<string, unknown> {
  return { limits: { ...resources.limits }, requests: { ...resources.requests } };
}
