/** CLI addresses: the scheme of every CONSUL_HTTP_ADDR-like value against the agent's HTTP and HTTPS ports. */
import type { ParsedResource } from '../../parse/resource.js';
import { asArray, containersOf, get, isKind } from '../../model/k8s-objects.js';
import { COMPONENT } from '../../model/consul.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { httpPort, httpsPort } from '../../model/consul-config.js';

/** The variables the Consul CLI and API client read an HTTP address from (api.HTTPAddrEnvName and the gRPC/UI ones are not HTTP). */
const ADDRESS_VARIABLES = new Set(['CONSUL_HTTP_ADDR']);

/** `[scheme://]host:port[/...]`: the scheme, when written, and the port. */
const ADDRESS = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(?:\[[^\]]*\]|[^/:\s]+):(\d{1,5})(?:\/.*)?$/;

/** The agent a workload's CLI calls: the servers' own for the server pods, the clients' for every other pod (HOST_IP or localhost). */
function agentRole(resource: ParsedResource): 'server' | 'client' {
  return isKind(resource, 'StatefulSet', 'apps') && resource.ref.name === COMPONENT.server ? 'server' : 'client';
}

export const consulAddressScheme: RenderedRule = {
  id: 'consul-address-scheme',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Every CONSUL_HTTP_ADDR names the scheme the agent serves on that port: https:// for its HTTPS port, http:// (or none) for its HTTP port.',
  reason:
    "Reported: CONSUL_HTTP_ADDR=127.0.0.1:8501, without a scheme, is plain HTTP (the CLI adds https only with CONSUL_HTTP_SSL=true) against an HTTPS-only agent; the client's preStop `consul logout` then fails on every pod stop and its login tokens are never destroyed.",
  fix: 'Write the scheme: https://localhost:8501 (or https://$(HOST_IP):8501) for the HTTPS port, http://...:8500 for the HTTP port.',
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const config = context.agentConfig(agentRole(resource))?.config;
      if (!config) continue;
      const https = httpsPort(config);
      const http = httpPort(config);
      for (const container of containersOf(resource)) {
        const env = asArray(container.container.env);
        const ssl = env.some((entry) => get(entry, 'name') === 'CONSUL_HTTP_SSL' && String(get(entry, 'value')).toLowerCase() === 'true');
        env.forEach((entry, index) => {
          const name = get(entry, 'name');
          const value = get(entry, 'value');
          if (typeof name !== 'string' || !ADDRESS_VARIABLES.has(name) || typeof value !== 'string') return;
          const match = ADDRESS.exec(value);
          if (!match) return;
          const scheme = (match[1] ?? (ssl ? 'https' : 'http')).toLowerCase();
          const port = Number(match[2]);
          const written = match[1] === undefined ? `no scheme (${ssl ? 'https, from CONSUL_HTTP_SSL=true' : 'so http'})` : `${scheme}://`;
          let problem: string | undefined;
          if (port === https && scheme !== 'https')
            problem = `port ${port} is the ${agentRole(resource)} agent's HTTPS port${http > 0 ? '' : ' (its HTTP port is off)'}, but the address has ${written}: the CLI speaks plain HTTP to a TLS listener and every call fails`;
          else if (port === http && port !== https && scheme === 'https')
            problem = `port ${port} is the ${agentRole(resource)} agent's plain HTTP port, but the address has ${written}: the TLS handshake fails`;
          if (problem)
            violations.push({ resource, path: `${container.pointer}/env/${index}/value`, message: `${name}=${value}: ${problem}` });
        });
      }
    }
    return violations;
  },
};
