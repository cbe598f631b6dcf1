/** TLS agreement: clients and catalog sync speak what the servers and the node-local agent serve. */
import { COMPONENT } from '../../model/consul.js';
import { commandLine, envOf, flagValue, mainContainer } from './agents.js';
import { configValue, httpPort, httpsPort, tlsEnabled } from './consul-config.js';
import type { Rule, Violation } from './rule.js';

/** Servers verify incoming RPC: a client then needs the CA (and a certificate, which auto_encrypt provides). */
function verifiesIncomingRpc(config: Record<string, unknown>): boolean {
  return (configValue(config, 'tls.internal_rpc.verify_incoming') ?? configValue(config, 'tls.defaults.verify_incoming') ?? configValue(config, 'verify_incoming')) === true;
}

/** scheme, host and port of an HTTP address such as https://$(HOST_IP):8501 (no scheme means http). */
export function parseHttpAddress(address: string): { scheme: 'http' | 'https'; host: string; port?: number } {
  const match = /^(?:(https?):\/\/)?([^:/]+)(?::(\d+))?/.exec(address.trim());
  const scheme = match?.[1] === 'https' ? 'https' : 'http';
  return { scheme, host: match?.[2] ?? '', ...(match?.[3] ? { port: Number(match[3]) } : {}) };
}

export const consulTls: Rule = {
  id: 'consul-tls',
  severity: 'error',
  summary: 'Clients have the CA and verify outgoing TLS when the servers use TLS; catalog sync uses the scheme, port and CA the agent it calls serves.',
  reason:
    'Servers that verify incoming RPC reject a client without the CA and a certificate; a client that keeps plain HTTP open on its host port when the servers serve HTTPS only undoes the lock-down; a sync that speaks HTTP to an HTTPS-only agent (or HTTPS without the CA) never registers a service.',
  fix: 'Generate both agent configs from the same security.tls setting; point CONSUL_HTTP_ADDR at https://$(HOST_IP):8501 with CONSUL_CACERT when TLS is on, http://$(HOST_IP):8500 when it is off.',
  check(context) {
    const server = context.agentConfig('server');
    const client = context.agentConfig('client');
    const violations: Violation[] = [];
    if (server && client && tlsEnabled(server.config)) {
      if (!tlsEnabled(client.config)) {
        violations.push({ resource: client.resource, path: '/data', message: 'the servers use TLS but the client config has no CA (tls.defaults.ca_file) with verify_outgoing: clients cannot reach the servers' });
      } else if (verifiesIncomingRpc(server.config) && configValue(client.config, 'auto_encrypt.tls') !== true && configValue(client.config, 'tls.defaults.cert_file') === undefined) {
        violations.push({ resource: client.resource, path: '/data', message: 'the servers verify incoming RPC, but the client has no certificate (auto_encrypt.tls or tls.defaults.cert_file)' });
      }
      if (httpPort(server.config) <= 0 && httpPort(client.config) > 0) {
        violations.push({ resource: client.resource, path: '/data', message: `the servers serve HTTPS only, but the client agent serves plain HTTP on ${httpPort(client.config)}: set ports.http to -1` });
      }
    }
    const sync = context.find('Deployment', COMPONENT.syncCatalog);
    const container = mainContainer(sync);
    if (!sync || !container) return violations;
    const env = envOf(container);
    const line = commandLine(container);
    const address = flagValue(line, 'http-addr') ?? env.find((entry) => entry.name === 'CONSUL_HTTP_ADDR')?.value;
    if (address === undefined) return violations;
    const target = parseHttpAddress(address);
    const agent = target.host.startsWith(COMPONENT.server) ? server : client;
    if (!agent) return violations;
    const path = `${container.pointer}/env`;
    const role = agent === server ? 'server' : 'client';
    const served = target.scheme === 'https' ? httpsPort(agent.config) : httpPort(agent.config);
    if (served <= 0) {
      violations.push({ resource: sync, path, message: `catalog sync calls ${address} over ${target.scheme.toUpperCase()}, but the ${role} agent serves no ${target.scheme.toUpperCase()} (ports.${target.scheme} off): use ${target.scheme === 'http' ? `https://…:${httpsPort(agent.config)}` : `http://…:${httpPort(agent.config)}`}` });
    } else if (target.port !== undefined && target.port !== served) {
      violations.push({ resource: sync, path, message: `catalog sync calls port ${target.port} over ${target.scheme.toUpperCase()}, but the ${role} agent serves it on ${served}` });
    }
    const hasCa = env.some((entry) => entry.name === 'CONSUL_CACERT' || entry.name === 'CONSUL_CAPATH') || flagValue(line, 'ca-file') !== undefined;
    if (target.scheme === 'https' && !hasCa) {
      violations.push({ resource: sync, path, message: 'catalog sync calls the agent over HTTPS without CONSUL_CACERT: it cannot verify the agent certificate' });
    }
    return violations;
  },
};
