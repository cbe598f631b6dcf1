/**
 * tools/src/validate/consul/config-keys.ts: a decoded Consul config fragment against a key table, with Consul's
 * leniencies (keys in any case, an HCL block for an object, aliases, deprecated keys), and the key-table lookup.
 */
import { describe, expect, it } from 'vitest';
import type { AgentConfigFacts } from '../../../tools/src/model/facts.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { checkAgentConfig, configKeyAt, GO_DURATION } from '../../../tools/src/validate/consul/config-keys.js';

/** A small key table with one key of each kind. */
const FACTS: AgentConfigFacts = {
  source: 'test',
  version: '9.9.9',
  keys: {
    datacenter: { type: 'string' },
    server: { type: 'bool' },
    bootstrap_expect: { type: 'int' },
    rpc_rate: { type: 'float' },
    reconnect_timeout: { type: 'string', format: 'duration' },
    ports: { type: 'object', keys: { http: { type: 'int' }, dns: { type: 'int' } } },
    performance: { type: 'object', keys: { leave_drain_time: { type: 'string', format: 'duration' } } },
    services: { type: 'list', items: { type: 'object', keys: { name: { type: 'string' } } } },
    sinks: { type: 'map', values: { type: 'object', keys: { path: { type: 'string' } } } },
    broken: { type: 'object', sameAs: 'nowhere' },
    retry_join: { type: 'list', items: { type: 'string' } },
    tags: { type: 'list' },
    node_meta: { type: 'map', values: { type: 'string' } },
    labels: { type: 'map' },
    snapshot_agent: { type: 'any' },
    service: {
      type: 'object',
      keys: {
        name: { type: 'string' },
        check: { type: 'object', keys: { args: { type: 'list', items: { type: 'string' } } } },
        connect: { type: 'object', keys: { sidecar_service: { type: 'object', sameAs: 'service' } } },
      },
    },
  },
  deprecated: {
    acl_datacenter: { type: 'string', replacement: 'primary_datacenter' },
    tls_prefer_server_cipher_suites: { type: 'bool' },
    'ports.old': { type: 'int', replacement: 'ports.http' },
    'services[].port_old': { type: 'int' },
    'sinks.*.name': { type: 'any' },
  },
  aliases: { old_server: 'server', 'service.check.scriptargs': 'service.check.args', lost: 'nowhere' },
  flags: {},
};

const check = (value: Record<string, unknown>) => checkAgentConfig(value, FACTS);
const messages = (value: Record<string, unknown>) => check(value).map((problem) => `${problem.severity}: ${problem.message}`);

describe('GO_DURATION', () => {
  it.each(['0', '10s', '1h30m', '1.5h', '.5s', '1.s', '-1s', '+2ms', '1us', '1µs', '3ns', '2m'])('accepts %s', (text) => {
    expect(GO_DURATION.test(text)).toBe(true);
  });
  it.each(['', '10', 's', '1d', '1 s', '10sx', 'x10s', '1.2.3s', '00'])('refuses %j', (text) => {
    expect(GO_DURATION.test(text)).toBe(false);
  });
});

describe('configKeyAt', () => {
  it('walks keys, list items (a[]) and map values (a.* or any name)', () => {
    expect(configKeyAt(FACTS, 'ports.http')).toEqual({ type: 'int' });
    expect(configKeyAt(FACTS, 'retry_join[]')).toEqual({ type: 'string' });
    expect(configKeyAt(FACTS, 'node_meta.*')).toEqual({ type: 'string' });
    expect(configKeyAt(FACTS, 'node_meta.zone')).toEqual({ type: 'string' });
    expect(configKeyAt(FACTS, 'service.check.args[]')).toEqual({ type: 'string' });
  });

  it('resolves every name below an any node to it', () => {
    expect(configKeyAt(FACTS, 'snapshot_agent')).toEqual({ type: 'any' });
    expect(configKeyAt(FACTS, 'snapshot_agent.x.y[]')).toEqual({ type: 'any' });
  });

  it('follows sameAs to the node it names', () => {
    expect(configKeyAt(FACTS, 'service.connect.sidecar_service')).toBe(FACTS.keys.service);
    expect(configKeyAt(FACTS, 'service.connect.sidecar_service.name')).toEqual({ type: 'string' });
    expect(configKeyAt(FACTS, 'service.connect.sidecar_service.connect.sidecar_service.check.args[]')).toEqual({ type: 'string' });
  });

  it('finds nothing for an unknown key, a key below a scalar, an item of a non-list, or * of an object', () => {
    expect(configKeyAt(FACTS, 'nope')).toBeUndefined();
    expect(configKeyAt(FACTS, 'nope.deeper')).toBeUndefined();
    expect(configKeyAt(FACTS, 'ports.http.x')).toBeUndefined();
    expect(configKeyAt(FACTS, 'datacenter[]')).toBeUndefined();
    expect(configKeyAt(FACTS, 'ports.*')).toBeUndefined();
    expect(configKeyAt(FACTS, 'tags[]')).toBeUndefined();
    expect(configKeyAt(FACTS, 'nope.*')).toBeUndefined();
    expect(configKeyAt(FACTS, 'nope[]')).toBeUndefined();
    expect(configKeyAt(FACTS, 'nope.x[]')).toBeUndefined();
  });

  it('finds the pinned table keys the repository uses', () => {
    const facts = pinnedFacts().agentConfig;
    expect(configKeyAt(facts, 'ports.grpc')).toEqual({ type: 'int' });
    expect(configKeyAt(facts, 'services[].connect.sidecar_service.port')).toEqual(configKeyAt(facts, 'services[].port'));
  });
});

describe('checkAgentConfig', () => {
  it('passes a fragment of known keys with values of their type', () => {
    expect(
      check({
        datacenter: 'dc1',
        server: true,
        bootstrap_expect: 3,
        rpc_rate: 1.5,
        reconnect_timeout: '72h',
        ports: { http: 8500, dns: 8600 },
        retry_join: ['consul-server-0', 'consul-server-1'],
        tags: ['a', 1, null],
        node_meta: { zone: 'a' },
        labels: { a: 1 },
        snapshot_agent: { anything: [1, { goes: true }] },
        service: { name: 'web', check: { args: ['true'] } },
      }),
    ).toEqual([]);
    expect(check({})).toEqual([]);
  });

  it('names the expected type and the value given, with the key path', () => {
    expect(
      check({
        datacenter: 5,
        server: 'true',
        bootstrap_expect: 1.5,
        rpc_rate: '1',
        ports: 'x',
        retry_join: 'consul-server',
        node_meta: ['a'],
      }),
    ).toEqual([
      { path: ['datacenter'], severity: 'error', message: 'datacenter must be a string, not number 5: Consul 9.9.9 refuses to start' },
      { path: ['server'], severity: 'error', message: 'server must be a boolean, not string "true": Consul 9.9.9 refuses to start' },
      {
        path: ['bootstrap_expect'],
        severity: 'error',
        message: 'bootstrap_expect must be an integer, not number 1.5: Consul 9.9.9 refuses to start',
      },
      { path: ['rpc_rate'], severity: 'error', message: 'rpc_rate must be a number, not string "1": Consul 9.9.9 refuses to start' },
      { path: ['ports'], severity: 'error', message: 'ports must be an object, not string "x": Consul 9.9.9 refuses to start' },
      {
        path: ['retry_join'],
        severity: 'error',
        message: 'retry_join must be a list, not string "consul-server": Consul 9.9.9 refuses to start',
      },
      {
        path: ['node_meta'],
        severity: 'error',
        message: 'node_meta must be an object of values, not a list: Consul 9.9.9 refuses to start',
      },
    ]);
  });

  it('describes null, an object, a list and a boolean as given', () => {
    expect(messages({ datacenter: null, bootstrap_expect: {}, rpc_rate: [], server: 1, node_meta: true })).toEqual([
      'error: datacenter must be a string, not null: Consul 9.9.9 refuses to start',
      'error: bootstrap_expect must be an integer, not an object: Consul 9.9.9 refuses to start',
      'error: rpc_rate must be a number, not a list: Consul 9.9.9 refuses to start',
      'error: server must be a boolean, not number 1: Consul 9.9.9 refuses to start',
      'error: node_meta must be an object of values, not boolean true: Consul 9.9.9 refuses to start',
    ]);
  });

  it('checks list items and map values by index and key; a list or map without an item type takes anything', () => {
    expect(check({ retry_join: ['a', 5], node_meta: { zone: 'a', rack: false }, tags: [{}], labels: { a: [] } })).toEqual([
      {
        path: ['retry_join', '1'],
        severity: 'error',
        message: 'retry_join.1 must be a string, not number 5: Consul 9.9.9 refuses to start',
      },
      {
        path: ['node_meta', 'rack'],
        severity: 'error',
        message: 'node_meta.rack must be a string, not boolean false: Consul 9.9.9 refuses to start',
      },
    ]);
    expect(messages({ labels: 'x' })).toEqual(['error: labels must be an object of values, not string "x": Consul 9.9.9 refuses to start']);
    expect(messages({ tags: 'x' })).toEqual(['error: tags must be a list, not string "x": Consul 9.9.9 refuses to start']);
  });

  it('takes an HCL block (a one-object list) for an object, and checks inside it', () => {
    expect(check({ ports: [{ http: 8500 }] })).toEqual([]);
    expect(messages({ ports: [{ http: 'x' }] })).toEqual([
      'error: ports.http must be an integer, not string "x": Consul 9.9.9 refuses to start',
    ]);
  });

  it('refuses a list that is not one object where an object is expected', () => {
    expect(messages({ ports: [{ http: 1 }, { dns: 2 }] })).toEqual([
      'error: ports must be an object, not a list: Consul 9.9.9 refuses to start',
    ]);
    expect(messages({ ports: [] })).toEqual(['error: ports must be an object, not a list: Consul 9.9.9 refuses to start']);
    expect(messages({ ports: ['x'] })).toEqual(['error: ports must be an object, not a list: Consul 9.9.9 refuses to start']);
  });

  it('matches keys in any case, and names the key as written', () => {
    expect(check({ DataCenter: 'dc1', PORTS: { Http: 1 } })).toEqual([]);
    expect(messages({ Ports: { HTTP: 'x' } })).toEqual([
      'error: Ports.HTTP must be an integer, not string "x": Consul 9.9.9 refuses to start',
    ]);
  });

  it('checks a duration string; a value with a $ is expanded at run time and not checked', () => {
    expect(check({ reconnect_timeout: '1h30m' })).toEqual([]);
    expect(check({ reconnect_timeout: '${TIMEOUT}' })).toEqual([]);
    expect(check({ reconnect_timeout: '10' })).toEqual([
      {
        path: ['reconnect_timeout'],
        severity: 'error',
        message: 'reconnect_timeout must be a duration such as "10s" or "1h30m", not "10"',
      },
    ]);
    expect(messages({ reconnect_timeout: 10 })).toEqual([
      'error: reconnect_timeout must be a string, not number 10: Consul 9.9.9 refuses to start',
    ]);
  });

  it('names the whole path of a nested duration', () => {
    expect(check({ performance: { leave_drain_time: '5' } })).toEqual([
      {
        path: ['performance', 'leave_drain_time'],
        severity: 'error',
        message: 'performance.leave_drain_time must be a duration such as "10s" or "1h30m", not "5"',
      },
    ]);
  });

  it('looks up deprecated keys inside list items (a[]) and map values (a.*)', () => {
    expect(check({ services: [{ name: 'web' }, { port_old: 1 }], sinks: { file: { path: '/x', name: 'n' } } })).toEqual([
      { path: ['services', '1', 'port_old'], severity: 'warning', message: 'services.1.port_old is deprecated in Consul 9.9.9' },
      { path: ['sinks', 'file', 'name'], severity: 'warning', message: 'sinks.file.name is deprecated in Consul 9.9.9' },
    ]);
  });

  it('knows no key below a sameAs that names no node', () => {
    expect(messages({ broken: { a: 1 } })).toEqual([
      'error: unknown configuration key broken.a: Consul 9.9.9 refuses to start ("invalid config key")',
    ]);
  });

  it('a plain string key is not checked as a duration', () => {
    expect(check({ datacenter: '10' })).toEqual([]);
  });

  it('checks an alias (in any case) as the key it stands for, at the top and inside an object', () => {
    expect(check({ old_server: true, OLD_Server: false })).toEqual([]);
    expect(messages({ old_server: 'yes' })).toEqual([
      'error: old_server must be a boolean, not string "yes": Consul 9.9.9 refuses to start',
    ]);
    expect(check({ service: { check: { scriptargs: ['true'] } } })).toEqual([]);
    expect(messages({ service: { check: { ScriptArgs: [5] } } })).toEqual([
      'error: service.check.ScriptArgs.0 must be a string, not number 5: Consul 9.9.9 refuses to start',
    ]);
  });

  it('says nothing of an alias whose key is not in the table', () => {
    expect(check({ lost: 1 })).toEqual([]);
  });

  it('warns on a deprecated key (in any case), with its replacement when there is one', () => {
    expect(check({ acl_datacenter: 'dc1', TLS_prefer_server_cipher_suites: true, ports: { old: 1 } })).toEqual([
      { path: ['acl_datacenter'], severity: 'warning', message: 'acl_datacenter is deprecated in Consul 9.9.9: use primary_datacenter' },
      {
        path: ['TLS_prefer_server_cipher_suites'],
        severity: 'warning',
        message: 'TLS_prefer_server_cipher_suites is deprecated in Consul 9.9.9',
      },
      { path: ['ports', 'old'], severity: 'warning', message: 'ports.old is deprecated in Consul 9.9.9: use ports.http' },
    ]);
  });

  it('refuses an unknown key, with the nearest known key of its object when one is close', () => {
    expect(check({ datacentre: 'dc1', ports: { htp: 1 }, zzzzzzzz: 1 })).toEqual([
      {
        path: ['datacentre'],
        severity: 'error',
        message: 'unknown configuration key datacentre: Consul 9.9.9 refuses to start ("invalid config key"); did you mean datacenter?',
      },
      {
        path: ['ports', 'htp'],
        severity: 'error',
        message: 'unknown configuration key ports.htp: Consul 9.9.9 refuses to start ("invalid config key"); did you mean ports.http?',
      },
      {
        path: ['zzzzzzzz'],
        severity: 'error',
        message: 'unknown configuration key zzzzzzzz: Consul 9.9.9 refuses to start ("invalid config key")',
      },
    ]);
  });

  it('checks a node that is the same as another (sameAs) against that node, its aliases and its keys', () => {
    const sidecar = (value: Record<string, unknown>) => ({ service: { connect: { sidecar_service: value } } });
    expect(check(sidecar({ name: 'web-sidecar', check: { scriptargs: ['x'] } }))).toEqual([]);
    expect(messages(sidecar({ name: 5 }))).toEqual([
      'error: service.connect.sidecar_service.name must be a string, not number 5: Consul 9.9.9 refuses to start',
    ]);
    expect(messages(sidecar({ check: { scriptargs: [5] } }))).toEqual([
      'error: service.connect.sidecar_service.check.scriptargs.0 must be a string, not number 5: Consul 9.9.9 refuses to start',
    ]);
    expect(messages(sidecar({ nam: 'x' }))).toEqual([
      'error: unknown configuration key service.connect.sidecar_service.nam: Consul 9.9.9 refuses to start ("invalid config key"); did you mean service.connect.sidecar_service.name?',
    ]);
    expect(messages(sidecar('x' as never))).toEqual([
      'error: service.connect.sidecar_service must be an object, not string "x": Consul 9.9.9 refuses to start',
    ]);
  });

  it('takes anything under an any key', () => {
    expect(check({ snapshot_agent: 'x' })).toEqual([]);
    expect(check({ snapshot_agent: [1, 2] })).toEqual([]);
  });

  it('checks against the pinned release table', () => {
    const facts = pinnedFacts().agentConfig;
    expect(checkAgentConfig({ ports: { grpc: 8502 }, retry_join: ['consul-server'], server: true }, facts)).toEqual([]);
    expect(checkAgentConfig({ ports: { grp: 8502 } }, facts).map((problem) => problem.message)).toEqual([
      `unknown configuration key ports.grp: Consul ${facts.version} refuses to start ("invalid config key"); did you mean ports.grpc?`,
    ]);
  });
});
