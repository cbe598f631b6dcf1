/** TLS agreement: the client agents speak what the servers serve. */
import { configValue, httpPort, tlsEnabled } from '../../model/consul-config.js';
import type { RenderedRule, Violation } from '../policies/rule.js';

/** Servers verify incoming RPC: a client then needs the CA (and a certificate, which auto_encrypt provides). */
function verifiesIncomingRpc(config: Record<string, unknown>): boolean {
  return (
    (configValue(config, 'tls.internal_rpc.verify_incoming') ??
      configValue(config, 'tls.defaults.verify_incoming') ??
      configValue(config, 'verify_incoming')) === true
  );
}

export const consulTls: RenderedRule = {
  id: 'consul-tls',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Clients have the CA, verify outgoing TLS and get a certificate when the servers use TLS, and serve no plain HTTP when the servers serve HTTPS only.',
  reason:
    'Servers that verify incoming RPC reject a client without the CA and a certificate; a client that keeps plain HTTP open on its host port when the servers serve HTTPS only undoes the lock-down. (Catalog sync talks to the servers since control plane 1.0: control-plane-contract checks its TLS.)',
  fix: 'Generate both agent configs from the same security.tls setting (tls.defaults.ca_file and verify_outgoing on both, auto_encrypt.tls on the clients, ports.http -1 on both).',
  check(context) {
    const server = context.agentConfig('server');
    const client = context.agentConfig('client');
    const violations: Violation[] = [];
    if (server && client && tlsEnabled(server.config)) {
      if (!tlsEnabled(client.config)) {
        violations.push({
          resource: client.resource,
          path: '/data',
          message:
            'the servers use TLS but the client config has no CA (tls.defaults.ca_file) with verify_outgoing: clients cannot reach the servers',
        });
      } else if (
        verifiesIncomingRpc(server.config) &&
        configValue(client.config, 'auto_encrypt.tls') !== true &&
        configValue(client.config, 'tls.defaults.cert_file') === undefined
      ) {
        violations.push({
          resource: client.resource,
          path: '/data',
          message: 'the servers verify incoming RPC, but the client has no certificate (auto_encrypt.tls or tls.defaults.cert_file)',
        });
      }
      if (httpPort(server.config) <= 0 && httpPort(client.config) > 0) {
        violations.push({
          resource: client.resource,
          path: '/data',
          message: `the servers serve HTTPS only, but the client agent serves plain HTTP on ${httpPort(client.config)}: set ports.http to -1`,
        });
      }
    }
    return violations;
  },
};
