/** How control-plane containers reach the servers: the CONSUL_* variables, per security setting. */
import { describe, expect, it } from 'vitest';
import { serverConnectionEnv } from '../../../tools/src/generate/base/control-plane.js';
import { envOf } from './fixture.js';

const BASE: [string, unknown][] = [
  ['NAMESPACE', { fieldRef: { fieldPath: 'metadata.namespace' } }],
  ['POD_NAME', { fieldRef: { fieldPath: 'metadata.name' } }],
  ['CONSUL_ADDRESSES', 'consul-server.$(NAMESPACE).svc'],
  ['CONSUL_GRPC_PORT', '8502'],
];

describe('serverConnectionEnv', () => {
  it('with TLS and ACLs: HTTPS port, TLS with the CA file, and a login as the component through the component auth method', () => {
    expect(envOf(serverConnectionEnv({ datacenter: 'dc-east', security: { tls: true, acls: true }, login: 'sync-catalog' }))).toEqual([
      ...BASE,
      ['CONSUL_HTTP_PORT', '8501'],
      ['CONSUL_DATACENTER', 'dc-east'],
      ['CONSUL_API_TIMEOUT', '5s'],
      ['CONSUL_USE_TLS', 'true'],
      ['CONSUL_CACERT_FILE', '/consul/tls/ca/tls.crt'],
      ['CONSUL_LOGIN_AUTH_METHOD', 'consul-k8s-component-auth-method'],
      ['CONSUL_LOGIN_DATACENTER', 'dc-east'],
      ['CONSUL_LOGIN_META', 'component=sync-catalog,pod=$(NAMESPACE)/$(POD_NAME)'],
    ]);
  });

  it('without TLS: the HTTP port and no TLS variables; without ACLs or without a login: no login', () => {
    const plain: [string, unknown][] = [...BASE, ['CONSUL_HTTP_PORT', '8500'], ['CONSUL_DATACENTER', 'dc1'], ['CONSUL_API_TIMEOUT', '5s']];
    expect(envOf(serverConnectionEnv({ datacenter: 'dc1', security: { tls: false, acls: false }, login: 'client' }))).toEqual(plain);
    expect(envOf(serverConnectionEnv({ datacenter: 'dc1', security: { tls: false, acls: true } }))).toEqual(plain);
  });
});
