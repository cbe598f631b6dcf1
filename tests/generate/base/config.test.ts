/** The agents' configuration files: what each key must be, per role and per security setting. */
import { describe, expect, it } from 'vitest';
import { agentConfigFiles, configMap } from '../../../tools/src/generate/base/config.js';
import { objectLabels, SECURITY_OFF, type Json } from './fixture.js';

const ALL_ON = { tls: true, acls: true, gossip: true };
const files = (role: 'server' | 'client', servers = 5, security = ALL_ON): Json =>
  agentConfigFiles(role, { datacenter: 'dc-east', servers, security });

describe('agentConfigFiles', () => {
  it('names the files so that Consul reads agent, environment, TLS, then ACL', () => {
    expect(Object.keys(files('server'))).toEqual(['00-agent.json', '10-environment.json', '20-tls.json', '30-acl.json']);
    expect(Object.keys(files('client', 5, SECURITY_OFF))).toEqual(['00-agent.json', '10-environment.json']);
    expect(Object.keys(files('server', 5, { ...SECURITY_OFF, acls: true }))).toEqual(['00-agent.json', '10-environment.json', '30-acl.json']);
  });

  it('the agent file: binds everywhere, joins through consul-server, gRPC without TLS; servers run Connect and the UI', () => {
    const common = {
      bind_addr: '0.0.0.0',
      client_addr: '0.0.0.0',
      data_dir: '/consul/data',
      domain: 'consul',
      leave_on_terminate: true,
      log_level: 'INFO',
      ports: { grpc: 8502, grpc_tls: -1 },
      retry_join: ['consul-server'],
    };
    expect(files('server')['00-agent.json']).toEqual({ ...common, server: true, connect: { enabled: true }, ui_config: { enabled: true } });
    expect(files('client')['00-agent.json']).toEqual({ ...common, server: false });
  });

  it.each([
    [1, 1],
    [3, 2],
    [5, 3],
    [7, 4],
  ])('with %i servers: bootstrap_expect %i servers, autopilot min_quorum the majority %i', (servers, quorum) => {
    expect(files('server', servers)['10-environment.json']).toEqual({
      autopilot: { disable_upgrade_migration: true, min_quorum: quorum },
      bootstrap_expect: servers,
      datacenter: 'dc-east',
    });
    expect(files('client', servers)['10-environment.json']).toEqual({ datacenter: 'dc-east' });
  });

  it('TLS on servers: HTTPS only, gRPC over TLS, the server certificate, incoming RPC verified, auto_encrypt allowed', () => {
    expect(files('server')['20-tls.json']).toEqual({
      auto_encrypt: { allow_tls: true },
      ports: { grpc: -1, grpc_tls: 8502, http: -1, https: 8501 },
      tls: {
        defaults: {
          ca_file: '/consul/tls/ca/tls.crt',
          cert_file: '/consul/tls/server/tls.crt',
          key_file: '/consul/tls/server/tls.key',
          verify_outgoing: true,
        },
        grpc: { verify_incoming: false },
        internal_rpc: { verify_incoming: true, verify_server_hostname: true },
      },
    });
  });

  it('TLS on clients: HTTPS only, the certificate from auto_encrypt, server hostnames verified', () => {
    expect(files('client')['20-tls.json']).toEqual({
      auto_encrypt: { tls: true },
      ports: { grpc: -1, grpc_tls: 8502, http: -1, https: 8501 },
      tls: { defaults: { ca_file: '/consul/tls/ca/tls.crt', verify_outgoing: true }, grpc: { use_auto_cert: true }, internal_rpc: { verify_server_hostname: true } },
    });
  });

  it('ACLs: enabled, default deny, tokens kept, the cache extended when the servers are down', () => {
    for (const role of ['server', 'client'] as const) {
      expect(files(role)['30-acl.json']).toEqual({
        acl: { default_policy: 'deny', down_policy: 'extend-cache', enable_token_persistence: true, enabled: true },
      });
    }
  });
});

describe('configMap', () => {
  it('holds each file as JSON text under its name, in the ConfigMap of its role', () => {
    const server: Json = configMap('server', { '00-a.json': { b: 1, a: [true] } });
    expect(server).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'consul-server-config', labels: objectLabels('server') },
      data: { '00-a.json': expect.any(String) },
    });
    expect(JSON.parse(server.data['00-a.json'] as string)).toEqual({ b: 1, a: [true] });
    const client: Json = configMap('client', {});
    expect(client.metadata).toEqual({ name: 'consul-client-config', labels: objectLabels('client') });
    expect(client.data).toEqual({});
  });
});
