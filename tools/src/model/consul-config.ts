/** The agent configuration a ConfigMap-mounted config dir yields: JSON files merged in lexical order. */
import { isPlainObject, mergeJson } from './json.js';
import { asObject } from './k8s-objects.js';

export interface AgentConfig {
  config: Record<string, unknown>;
  /** Files that are not valid JSON, with the parse error. */
  invalid: { key: string; error: string }[];
}

export function agentConfigFrom(data: Record<string, unknown> | undefined): AgentConfig {
  let merged: Record<string, unknown> = {};
  const invalid: AgentConfig['invalid'] = [];
  for (const key of Object.keys(data ?? {})
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const text = data?.[key];
    try {
      const parsed: unknown = JSON.parse(String(text));
      if (isPlainObject(parsed)) merged = mergeJson(merged, parsed) as Record<string, unknown>;
      else invalid.push({ key, error: 'not a JSON object' });
    } catch (error) {
      invalid.push({ key, error: (error as Error).message });
    }
  }
  return { config: merged, invalid };
}

export function configValue(config: Record<string, unknown>, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split('.')) {
    const object = asObject(current);
    if (!object) return undefined;
    current = object[key];
  }
  return current;
}

/**
 * The port an agent listens on for one of its APIs, with Consul's defaults (agent/config/default.go,
 * builder.go): http 8500, https off, grpc off, grpc_tls 8503 on servers and off on clients. A value
 * of 0 or less is off, returned as -1.
 */
export function agentPort(config: Record<string, unknown>, key: 'http' | 'https' | 'grpc' | 'grpc_tls'): number {
  const value = configValue(config, `ports.${key}`);
  const defaults = { http: 8500, https: -1, grpc: -1, grpc_tls: config.server === true ? 8503 : -1 };
  const port = typeof value === 'number' ? value : defaults[key];
  return port > 0 ? port : -1;
}

/** HTTP port the agent serves, or -1 when plain HTTP is off. */
export function httpPort(config: Record<string, unknown>): number {
  return agentPort(config, 'http');
}

export function httpsPort(config: Record<string, unknown>): number {
  return agentPort(config, 'https');
}

/** TLS is on when the agent has a CA and verifies outgoing connections. */
export function tlsEnabled(config: Record<string, unknown>): boolean {
  const caFile = configValue(config, 'tls.defaults.ca_file') ?? configValue(config, 'ca_file');
  const verifyOutgoing = configValue(config, 'tls.defaults.verify_outgoing') ?? configValue(config, 'verify_outgoing');
  return typeof caFile === 'string' && caFile.length > 0 && verifyOutgoing === true;
}

export function aclDefaultDeny(config: Record<string, unknown>): boolean {
  return configValue(config, 'acl.enabled') === true && configValue(config, 'acl.default_policy') === 'deny';
}
