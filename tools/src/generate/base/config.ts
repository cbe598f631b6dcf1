/**
 * Consul agent configuration as JSON files in ConfigMaps. Consul reads a config dir in lexical
 * order, later files overriding earlier ones field by field; the numeric prefixes make that order
 * explicit. Values that exist only at run time (pod IPs, the gossip key, the ACL token) come from
 * flags and files the pod writes, never from here.
 */
import { COMPONENT, CONSUL_DOMAIN, PATHS, PORTS } from '../../model/consul.js';
import { quorumSize } from '../../model/quorum-math.js';
import type { SecuritySpec } from '../../environments/types.js';
import { toJson } from '../serialize.js';
import { CA_FILE } from './control-plane.js';
import { metadata } from './labels.js';

const CONFIG_KEYS = {
  agent: '00-agent.json',
  environment: '10-environment.json',
  tls: '20-tls.json',
  acl: '30-acl.json',
} as const;

export type AgentRole = 'server' | 'client';

/** The Service the agents join through; a short name resolves in the pod's own namespace. */
const RETRY_JOIN = [COMPONENT.server];

function agentConfig(role: AgentRole): Record<string, unknown> {
  const server = role === 'server';
  return {
    bind_addr: '0.0.0.0',
    client_addr: '0.0.0.0',
    data_dir: PATHS.data,
    domain: CONSUL_DOMAIN,
    leave_on_terminate: true,
    log_level: 'INFO',
    ports: { grpc: PORTS.grpc.port, grpc_tls: -1 },
    retry_join: [...RETRY_JOIN],
    server,
    // Servers run the Connect CA: auto_encrypt signs the clients' certificates with it.
    ...(server ? { connect: { enabled: true }, ui_config: { enabled: true } } : {}),
  };
}

/**
 * What differs per environment. Servers: bootstrap_expect = the replica count, and autopilot's
 * min_quorum = the Raft quorum, so autopilot never removes a failed server below quorum.
 */
function environmentConfig(role: AgentRole, datacenter: string, servers: number): Record<string, unknown> {
  if (role === 'client') return { datacenter };
  return { autopilot: { disable_upgrade_migration: true, min_quorum: quorumSize(servers) }, bootstrap_expect: servers, datacenter };
}

/**
 * TLS as the chart configures it: HTTPS only (ports.http -1), gRPC only over TLS on 8502, servers
 * verify incoming RPC, everyone verifies the server hostname. Clients get their certificate through
 * auto_encrypt (signed by the Connect CA) and use it for gRPC too; their ip_san (host and pod IP)
 * is a -hcl flag, as the IPs exist only at run time.
 */
function tlsConfig(role: AgentRole): Record<string, unknown> {
  const server = role === 'server';
  const ports = { grpc: -1, grpc_tls: PORTS.grpc.port, http: -1, https: PORTS.https.port };
  if (server) {
    return {
      auto_encrypt: { allow_tls: true },
      ports,
      tls: {
        defaults: { ca_file: CA_FILE, cert_file: `${PATHS.serverCert}/tls.crt`, key_file: `${PATHS.serverCert}/tls.key`, verify_outgoing: true },
        grpc: { verify_incoming: false },
        internal_rpc: { verify_incoming: true, verify_server_hostname: true },
      },
    };
  }
  return {
    auto_encrypt: { tls: true },
    ports,
    tls: {
      defaults: { ca_file: CA_FILE, verify_outgoing: true },
      grpc: { use_auto_cert: true },
      internal_rpc: { verify_server_hostname: true },
    },
  };
}

function aclConfig(): Record<string, unknown> {
  return { acl: { default_policy: 'deny', down_policy: 'extend-cache', enable_token_persistence: true, enabled: true } };
}

export function agentConfigFiles(role: AgentRole, settings: { datacenter: string; servers: number; security: SecuritySpec }): Record<string, unknown> {
  return {
    [CONFIG_KEYS.agent]: agentConfig(role),
    [CONFIG_KEYS.environment]: environmentConfig(role, settings.datacenter, settings.servers),
    ...(settings.security.tls ? { [CONFIG_KEYS.tls]: tlsConfig(role) } : {}),
    ...(settings.security.acls ? { [CONFIG_KEYS.acl]: aclConfig() } : {}),
  };
}

export function configMap(role: AgentRole, files: Record<string, unknown>): Record<string, unknown> {
  const name = role === 'server' ? COMPONENT.serverConfig : COMPONENT.clientConfig;
  const data = Object.fromEntries(Object.entries(files).map(([key, value]) => [key, toJson(value)]));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(name, role), data };
}
