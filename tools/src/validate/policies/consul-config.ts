/** The agent configuration a ConfigMap-mounted config dir yields: JSON files merged in lexical order. */
import { isPlainObject } from '../../spec/defaults.js';

export interface AgentConfig {
  config: Record<string, unknown>;
  /** Files that are not valid JSON, with the parse error. */
  invalid: { key: string; error: string }[];
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge({ ...current }, value) : value;
  }
  return target;
}

export function agentConfigFrom(data: Record<string, unknown> | undefined): AgentConfig {
  const merged: Record<string, unknown> = {};
  const invalid: AgentConfig['invalid'] = [];
  for (const key of Object.keys(data ?? {}).filter((name) => name.endsWith('.json')).sort()) {
    const text = data?.[key];
    try {
      const parsed: unknown = JSON.parse(String(text));
      if (isPlainObject(parsed)) deepMerge(merged, parsed);
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
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** HTTP port the agent serves, or -1 when plain HTTP is off. */
export function httpPort(config: Record<string, unknown>): number {
  const port = configValue(config, 'ports.http');
  return typeof port === 'number' ? port : 8500;
}

export function httpsPort(config: Record<string, unknown>): number {
  const port = configValue(config, 'ports.https');
  return typeof port === 'number' ? port : -1;
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
