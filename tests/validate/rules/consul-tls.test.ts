/** consul-tls: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-tls/). */
import { describe, expect, it } from 'vitest';
import { consulTls } from '../../../tools/src/validate/rules/consul-tls.js';
import { agentConfig, clientConfig, found, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const serverConfig = (config: Body) => agentConfig('consul-server-config', config);
const TLS = { tls: { defaults: { ca_file: '/ca.pem', verify_outgoing: true } } };

describe('consul-tls', () => {
  const check = (server: Body, clientSide: Body) => found(consulTls, [serverConfig(server), clientConfig(clientSide)]);
  const AT = 'ConfigMap/consul-client-config /data';

  it('TLS on both sides, HTTP off on both, passes; servers without TLS ask nothing of clients', () => {
    expect(check({ ...TLS, ports: { http: -1 } }, { ...TLS, ports: { http: -1 } })).toEqual([]);
    expect(check({}, {})).toEqual([]);
    expect(found(consulTls, [serverConfig(TLS)])).toEqual([]);
  });

  it('servers with TLS and a client without the CA or verify_outgoing is an error', () => {
    const message =
      'the servers use TLS but the client config has no CA (tls.defaults.ca_file) with verify_outgoing: clients cannot reach the servers';
    expect(check(TLS, {})).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { tls: { defaults: { ca_file: '/ca.pem' } } })).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { tls: { defaults: { ca_file: '', verify_outgoing: true } } })).toEqual([{ severity: 'error', at: AT, message }]);
    expect(check(TLS, { ca_file: '/ca.pem', verify_outgoing: true })).toEqual([]);
  });

  it('servers verifying incoming RPC need a client certificate: auto_encrypt or a cert_file', () => {
    const message = 'the servers verify incoming RPC, but the client has no certificate (auto_encrypt.tls or tls.defaults.cert_file)';
    for (const verifying of [
      { tls: { ...TLS.tls, internal_rpc: { verify_incoming: true } } },
      { tls: { defaults: { ...TLS.tls.defaults, verify_incoming: true } } },
      { ...TLS, verify_incoming: true },
    ]) {
      expect(check(verifying, TLS)).toEqual([{ severity: 'error', at: AT, message }]);
      expect(check(verifying, { ...TLS, auto_encrypt: { tls: true } })).toEqual([]);
      expect(check(verifying, { tls: { defaults: { ...TLS.tls.defaults, cert_file: '/c.pem' } } })).toEqual([]);
    }
    expect(check({ tls: { ...TLS.tls, internal_rpc: { verify_incoming: false } } }, TLS)).toEqual([]);
  });

  it('servers serving HTTPS only and a client serving plain HTTP is an error', () => {
    expect(check({ ...TLS, ports: { http: -1 } }, TLS)).toEqual([
      {
        severity: 'error',
        at: AT,
        message: 'the servers serve HTTPS only, but the client agent serves plain HTTP on 8500: set ports.http to -1',
      },
    ]);
    expect(check({ ...TLS, ports: { http: 0 } }, { ...TLS, ports: { http: 8080 } }).map((finding) => finding.message)).toEqual([
      'the servers serve HTTPS only, but the client agent serves plain HTTP on 8080: set ports.http to -1',
    ]);
    expect(check(TLS, TLS)).toEqual([]);
  });
});

describeRuleFixtures('consul-tls');
