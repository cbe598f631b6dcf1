/**
 * consul-config: every `consul agent` of the render starts with what it loads. Each config file,
 * -hcl fragment and flag is checked against the key table of the pinned Consul release (unknown keys,
 * wrong types, unknown flags), and the merged configuration against the settings the chart's secure
 * datacenter needs together.
 */
import type { AgentConfiguration, ConfigFragment } from '../consul/agent-config.js';
import { agentPort, configValue, tlsEnabled } from '../../model/consul-config.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { get, intOrUndefined } from '../../model/k8s-objects.js';
import { quorumSize } from '../../model/quorum-math.js';
import { checkAgentConfig } from '../consul/config-keys.js';
import { jsonText } from '../../model/json.js';

/** The fragment that sets a key last (the one to change), else the first fragment. */
function fragmentSetting(agent: AgentConfiguration, dotted: string): ConfigFragment | undefined {
  const setting = [...agent.fragments].reverse().find((fragment) => configValue(fragment.value, dotted) !== undefined);
  return setting ?? agent.fragments.find((fragment) => fragment.source !== 'flags') ?? agent.fragments[0];
}

function at(agent: AgentConfiguration, dotted: string, message: string): Violation {
  const fragment = fragmentSetting(agent, dotted);
  if (!fragment) return { resource: agent.invocation.resource, path: agent.invocation.pointer, message };
  const line = fragment.lines.get(dotted) ?? fragment.lines.get(dotted.split('.')[0] ?? '');
  return { resource: fragment.resource, path: fragment.pointer, message, ...(line !== undefined ? { embeddedLine: line } : {}) };
}

function portOf(config: Record<string, unknown>, key: string): number | undefined {
  const value = configValue(config, `ports.${key}`);
  return typeof value === 'number' ? value : undefined;
}

function verifiesServerHostname(config: Record<string, unknown>): boolean {
  return (
    (configValue(config, 'tls.internal_rpc.verify_server_hostname') ??
      configValue(config, 'tls.defaults.verify_server_hostname') ??
      configValue(config, 'verify_server_hostname')) === true
  );
}

/** The settings that only make sense together, for one agent. */
function crossKeyViolations(agent: AgentConfiguration): Violation[] {
  const config = agent.effective;
  const server = config.server === true;
  const name = `${agent.invocation.resource.ref.kind}/${agent.invocation.resource.ref.name}`;
  const violations: Violation[] = [];
  if (tlsEnabled(config)) {
    const http = agentPort(config, 'http');
    if (http > 0)
      violations.push(
        at(
          agent,
          'ports.http',
          `${name}: TLS is on, but the agent still serves plain HTTP on ${http}${portOf(config, 'http') === undefined ? ' (the default when ports.http is unset)' : ''}: set ports.http = -1`,
        ),
      );
    const grpc = agentPort(config, 'grpc');
    const grpcTls = agentPort(config, 'grpc_tls');
    if (grpc > 0)
      violations.push(
        at(agent, 'ports.grpc', `${name}: TLS is on, but gRPC is plaintext on ${grpc}: set ports.grpc = -1 and ports.grpc_tls = ${grpc}`),
      );
    if (grpcTls <= 0) {
      violations.push(
        at(
          agent,
          'ports.grpc_tls',
          `${name}: TLS is on, but the agent serves no TLS gRPC${server ? '' : ' (clients have none unless ports.grpc_tls is set)'}: set ports.grpc_tls = 8502 (control-plane components and gRPC clients need it)`,
        ),
      );
    }
    if (!verifiesServerHostname(config)) {
      violations.push(
        at(
          agent,
          'tls.internal_rpc.verify_server_hostname',
          `${name}: TLS is on without tls.internal_rpc.verify_server_hostname: any certificate of the CA (a client's) could pose as a server`,
        ),
      );
    }
    if (!server && configValue(config, 'auto_encrypt.tls') === true) {
      const sans = configValue(config, 'auto_encrypt.ip_san');
      if (!Array.isArray(sans) || sans.length === 0) {
        violations.push(
          at(
            agent,
            'auto_encrypt',
            `${name}: the auto_encrypt certificate names no IP (auto_encrypt.ip_san): pods calling https://$HOST_IP:8501 cannot verify it; pass -hcl='auto_encrypt = {ip_san = ["$HOST_IP","$POD_IP"]}'`,
          ),
        );
      }
      if (configValue(config, 'tls.grpc.use_auto_cert') !== true && grpcTls > 0) {
        violations.push(
          at(agent, 'tls.grpc', `${name}: TLS gRPC is on, but the client has no certificate for it: set tls.grpc.use_auto_cert = true`),
        );
      }
    }
  }
  const workload = agent.invocation.resource;
  if (server && workload.ref.kind === 'StatefulSet') {
    const replicas = get(workload.object, 'spec', 'replicas');
    const servers = replicas === undefined ? 1 : intOrUndefined(replicas);
    const minQuorum = configValue(config, 'autopilot.min_quorum');
    if (servers !== undefined && minQuorum !== quorumSize(servers)) {
      violations.push(
        at(
          agent,
          'autopilot.min_quorum',
          `${name}: autopilot.min_quorum is ${minQuorum === undefined ? 'unset' : jsonText(minQuorum)}, the quorum of ${servers} servers is ${quorumSize(servers)}: autopilot may remove failed servers below quorum (or never clean up)`,
        ),
      );
    }
  }
  return violations;
}

export const consulConfig: RenderedRule = {
  id: 'consul-config',
  scope: 'rendered',
  severity: 'error',
  summary: `Every consul agent's configuration (config files in JSON or HCL, -hcl fragments and flags) uses only the keys, types and flags of the pinned Consul release, and the secure settings together: TLS means HTTP off, gRPC over TLS, verify_server_hostname, and ip_san on auto-encrypt clients; servers set autopilot.min_quorum to the quorum.`,
  reason:
    'Consul refuses to start on an unknown key, a value of the wrong type or an unknown flag, so a typo in a ConfigMap is a crash loop after the sync. With TLS on, a plain HTTP or gRPC port is an open door on every node (clients run on host ports), a client certificate without the host IP fails verification at https://$HOST_IP:8501, and without verify_server_hostname any agent certificate can pose as a server. min_quorum below the quorum lets autopilot shrink the peer set below what survives a failure.',
  fix: 'Correct the key at the reported line (the message names the nearest known key), or set the missing setting; the generated base and overlays do, from environments.yaml.',
  check(context) {
    const facts = context.facts.agentConfig;
    const violations: Violation[] = [];
    for (const agent of context.agents()) {
      for (const problem of agent.problems) {
        violations.push({
          resource: problem.resource,
          path: problem.pointer,
          message: problem.message,
          ...(problem.line !== undefined ? { embeddedLine: problem.line } : {}),
        });
      }
      for (const fragment of agent.fragments) {
        for (const problem of checkAgentConfig(fragment.value, facts)) {
          const dotted = problem.path.join('.');
          if (fragment.source === 'flags' && /\$/.test(String(configValue(fragment.value, dotted)))) continue;
          const line = fragment.lines.get(dotted);
          violations.push({
            resource: fragment.resource,
            path: fragment.pointer,
            message: `${fragment.source}: ${problem.message}`,
            ...(problem.severity === 'warning' ? { severity: 'warning' as const } : {}),
            ...(line !== undefined ? { embeddedLine: line } : {}),
          });
        }
      }
      violations.push(...crossKeyViolations(agent));
    }
    return violations;
  },
};
