/** The rendered Consul configuration reader: the config dir's JSON files in lexical order, and the ports with Consul's defaults. */
import { describe, expect, it } from 'vitest';
import { agentConfigFrom, agentPort } from '../../tools/src/model/consul-config.js';

describe('agentConfigFrom', () => {
  it('merges the JSON files in lexical order (a later file wins), whatever order the ConfigMap lists them in', () => {
    const { config, invalid } = agentConfigFrom({
      '20-tls.json': '{"ports":{"https":8501},"datacenter":"b"}',
      '10-base.json': '{"ports":{"http":8500},"datacenter":"a"}',
    });
    expect(config).toEqual({ ports: { http: 8500, https: 8501 }, datacenter: 'b' });
    expect(invalid).toEqual([]);
  });

  it('reads only .json keys (HCL is read by the agent-config reader, a script not at all)', () => {
    expect(agentConfigFrom({ 'a.hcl': 'server = true', 'run.sh': 'exec consul agent', 'b.json': '{"server":true}' }).config).toEqual({
      server: true,
    });
  });

  it('names each file that is not a JSON object, and merges the rest', () => {
    const { config, invalid } = agentConfigFrom({ 'a.json': '[1]', 'b.json': '{', 'c.json': '{"server":false}' });
    expect(config).toEqual({ server: false });
    expect(invalid.map((entry) => entry.key)).toEqual(['a.json', 'b.json']);
    expect(invalid[0]?.error).toBe('not a JSON object');
  });

  it('no data is an empty configuration', () => {
    expect(agentConfigFrom(undefined)).toEqual({ config: {}, invalid: [] });
  });
});

describe('agentPort: the port an agent listens on, with Consul defaults (agent/config/default.go, builder.go)', () => {
  it.each([
    ['http on a client, unset', {}, 'http', 8500],
    ['https unset is off', {}, 'https', -1],
    ['grpc unset is off', {}, 'grpc', -1],
    ['grpc_tls unset on a server is 8503', { server: true }, 'grpc_tls', 8503],
    ['grpc_tls unset on a client is off', { server: false }, 'grpc_tls', -1],
    ['grpc_tls unset without a server key is off', {}, 'grpc_tls', -1],
    ['a set port wins', { ports: { https: 8501 } }, 'https', 8501],
    ['0 is off', { ports: { http: 0 } }, 'http', -1],
    ['-1 is off', { ports: { grpc_tls: -1 } }, 'grpc_tls', -1],
    ['1 is a port', { ports: { grpc: 1 } }, 'grpc', 1],
    ['a port written as text is not read (Consul wants a number): the default stays', { ports: { http: '8080' } }, 'http', 8500],
  ] as const)('%s', (_case, config, key, expected) => {
    expect(agentPort(config as Record<string, unknown>, key)).toBe(expected);
  });
});
