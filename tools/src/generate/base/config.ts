/**
 * Consul agent configuration as JSON files in ConfigMaps. Consul reads a config dir in lexical
 * order, later files overriding earlier ones; the numeric prefixes make that order explicit.
 */
import { COMPONENT, PATHS, PORTS } from '../../model/consul.js';
import { toJson } from '../serialize.js';
import { metadata } from './labels.js';

export const CONFIG_KEYS = {
  agent: '00-agent.json',
  environment: '10-environment.json',
  tls: '20-tls.json',
  acl: '30-acl.json',
} as const;

export type AgentRole = 'server' | 'client';

/** The Service the agents join through; a short name resolves in the pod's own namespace. */
export const RETRY_JOIN = [COMPONENT.server];

export function agentConfig(role: AgentRole): Record<string, unknown> {
  return {
    bind_addr: '0.0.0.0',
    client_addr: '0.0.0.0',
    data_dir: PATHS.data,
    leave_on_terminate: true,
    log_level: 'INFO',
    ports: { grpc: PORTS.grpc.port },
    retry_join: [...RETRY_JOIN],
    server: role === 'server',
    ...(role === 'server' ? { ui_config: { enabled: true } } : {}),
  };
}

export function environmentConfig(role: AgentRole, datacenter: string, servers: number): Record<string, unknown> {
  return { datacenter, ...(role === 'server' ? { bootstrap_expect: servers } : {}) };
}

/** TLS for every agent; clients get certificates through auto_encrypt. */
export function tlsConfig(role: AgentRole, plainHttp: boolean): Record<string, unknown> {
  const server = role === 'server';
  return {
    auto_encrypt: server ? { allow_tls: true } : { tls: true },
    ports: { http: plainHttp ? PORTS.http.port : -1, https: PORTS.https.port },
    tls: {
      defaults: {
        ca_file: `${PATHS.ca}/tls.crt`,
        ...(server ? { cert_file: `${PATHS.serverCert}/tls.crt`, key_file: `${PATHS.serverCert}/tls.key` } : {}),
        verify_incoming: server,
        verify_outgoing: true,
      },
      https: { verify_incoming: false },
      internal_rpc: { verify_incoming: server, verify_server_hostname: true },
    },
  };
}

export function aclConfig(): Record<string, unknown> {
  return { acl: { default_policy: 'deny', down_policy: 'extend-cache', enable_token_persistence: true, enabled: true } };
}

export function configMap(role: AgentRole, files: Record<string, unknown>): Record<string, unknown> {
  const name = role === 'server' ? COMPONENT.serverConfig : COMPONENT.clientConfig;
  const data = Object.fromEntries(Object.entries(files).map(([key, value]) => [key, toJson(value)]));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(name, role), data };
}
