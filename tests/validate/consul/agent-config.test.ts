/**
 * tools/src/validate/consul/agent-config.ts: what one `consul agent` loads, in Consul's order (config-dir files in
 * lexical order, config files, -hcl fragments, then the flags), from the ConfigMaps mounted at its directories, with
 * the problems Consul refuses to start on.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { agentConfiguration } from '../../../tools/src/validate/consul/agent-config.js';
import { agentInvocations } from '../../../tools/src/validate/consul/agent-invocation.js';
import { object, workload, type Body } from '../../helpers/inline-rules.js';

const FACTS = pinnedFacts().agentConfig;
const isBool = (name: string) => FACTS.flags[name]?.type === 'bool';

/** A ConfigMap with these data keys. */
const configMap = (name: string, data: Record<string, unknown>) => object('v1', 'ConfigMap', name, { data });

/** The server StatefulSet running `consul agent <flags>`, with ConfigMap `consul-config` mounted at /consul/config. */
function server(flags: string[], options: { mounts?: Body[]; volumes?: Body[]; script?: boolean; kind?: string } = {}): ParsedResource {
  const mounts = options.mounts ?? [{ name: 'config', mountPath: '/consul/config' }];
  const volumes = options.volumes ?? [{ name: 'config', configMap: { name: 'consul-config' } }];
  const run = options.script
    ? { command: ['/bin/sh', '-ec'], args: [`echo start\nexec consul agent ${flags.map((flag) => `'${flag}'`).join(' ')}`] }
    : { command: ['consul', 'agent', ...flags] };
  return workload(options.kind ?? 'StatefulSet', 'consul-server', {
    containers: [{ name: 'consul', ...run, volumeMounts: mounts }],
    volumes,
  });
}

function configure(resource: ParsedResource, others: ParsedResource[] = []) {
  const [invocation] = agentInvocations(resource, isBool);
  if (!invocation) throw new Error('no consul agent');
  return agentConfiguration(invocation, [resource, ...others], FACTS);
}

const sources = (result: ReturnType<typeof configure>) => result.fragments.map((fragment) => fragment.source);
const problems = (result: ReturnType<typeof configure>) => result.problems.map((problem) => problem.message);

describe('agentConfiguration', () => {
  it('loads the .json and .hcl files of a config-dir in lexical order, then the flags, later ones overriding', () => {
    const files = configMap('consul-config', {
      '20-tls.hcl': 'ports {\n  https = 8501\n}\n',
      '10-base.json': JSON.stringify({ datacenter: 'dc1', ports: { http: 8500 }, retry_join: ['a'] }),
      '30-override.json': JSON.stringify({ datacenter: 'dc2', retry_join: ['b'] }),
      'README.md': 'not a config file',
      'extra.yaml': 'datacenter: nope',
    });
    const result = configure(server(['-config-dir=/consul/config', '-datacenter=dc3']), [files]);
    expect(sources(result)).toEqual(['consul-config/10-base.json', 'consul-config/20-tls.hcl', 'consul-config/30-override.json', 'flags']);
    expect(result.effective).toEqual({ datacenter: 'dc3', ports: { http: 8500, https: 8501 }, retry_join: ['b'] });
    expect(result.problems).toEqual([]);
    expect(result.runtimeDirs).toEqual([]);
  });

  it('keeps each file fragment with its resource, the pointer of its key and its key lines', () => {
    const files = configMap('consul-config', { 'agent.json': '{\n  "datacenter": "dc1",\n  "ports": {\n    "http": 8500\n  }\n}' });
    const [fragment] = configure(server(['-config-dir', '/consul/config/']), [files]).fragments;
    expect(fragment).toMatchObject({ source: 'consul-config/agent.json', resource: files, pointer: '/data/agent.json' });
    expect(fragment?.value).toEqual({ datacenter: 'dc1', ports: { http: 8500 } });
    expect(fragment?.lines.get('datacenter')).toBe(2);
    expect(fragment?.lines.get('ports.http')).toBe(4);
  });

  it('keeps an HCL file fragment with its key lines, as the HCL reader records them', () => {
    const files = configMap('consul-config', { 'agent.hcl': 'datacenter = "dc1"\n\nports {\n  http = 8500\n}\n' });
    const [fragment] = configure(server(['-config-dir=/consul/config']), [files]).fragments;
    expect(fragment).toMatchObject({ source: 'consul-config/agent.hcl', pointer: '/data/agent.hcl' });
    expect(fragment?.value).toEqual({ datacenter: 'dc1', ports: { http: 8500 } });
    expect(fragment?.lines.get('datacenter')).toBe(1);
    expect(fragment?.lines.get('ports.http')).toBe(4);
  });

  it('reads a JSON file with a duplicate key as Consul does: the last value', () => {
    const files = configMap('consul-config', { 'agent.json': '{\n"datacenter": "a",\n"datacenter": "b"\n}' });
    const [fragment] = configure(server(['-config-dir=/consul/config']), [files]).fragments;
    expect(fragment?.value).toEqual({ datacenter: 'b' });
    expect(fragment?.lines.get('datacenter')).toBe(3);
  });

  it('matches the mount path with or without a trailing slash on either side', () => {
    const files = configMap('consul-config', { 'a.json': '{"datacenter": "dc1"}' });
    const mounts = [{ name: 'config', mountPath: '/consul/config//' }];
    expect(configure(server(['-config-dir=/consul/config'], { mounts }), [files]).effective).toEqual({ datacenter: 'dc1' });
    expect(configure(server(['-config-dir=/consul/config/']), [files]).effective).toEqual({ datacenter: 'dc1' });
    expect(configure(server(['-config-dir=/consul/config//']), [files]).effective).toEqual({ datacenter: 'dc1' });
  });

  it('loads one file of a ConfigMap for -config-file, whatever its extension', () => {
    const files = configMap('consul-config', { 'a.json': '{"datacenter": "dc1"}', 'server.conf': '{"datacenter": "dc2"}' });
    const result = configure(server(['-config-file=/consul/config/server.conf']), [files]);
    expect(sources(result)).toEqual(['consul-config/server.conf', 'flags']);
    expect(result.effective).toEqual({ datacenter: 'dc2' });
  });

  it('reads nothing for a -config-file key the ConfigMap lacks, or whose value is not text', () => {
    const files = configMap('consul-config', { 'a.json': '{"datacenter": "dc1"}', 'b.json': 5 });
    expect(sources(configure(server(['-config-file=/consul/config/missing.json']), [files]))).toEqual(['flags']);
    const notText = configure(server(['-config-file=/consul/config/b.json']), [files]);
    expect(sources(notText)).toEqual(['flags']);
    expect(notText.problems).toEqual([]);
    const dir = configure(server(['-config-dir=/consul/config']), [files]);
    expect(sources(dir)).toEqual(['consul-config/a.json', 'flags']);
    expect(dir.problems).toEqual([]);
  });

  it('loads the config dirs and files in flag order, before every -hcl fragment', () => {
    const first = configMap('first', { 'a.json': '{"datacenter": "from-dir"}' });
    const second = configMap('second', { 'b.json': '{"datacenter": "from-file", "node_name": "n"}' });
    const resource = server(
      ['-hcl=datacenter = "from-hcl"', '-config-dir=/first', '-config-file=/second/b.json', '-hcl=log_level = "debug"'],
      {
        mounts: [
          { name: 'first', mountPath: '/first' },
          { name: 'second', mountPath: '/second' },
        ],
        volumes: [
          { name: 'first', configMap: { name: 'first' } },
          { name: 'second', configMap: { name: 'second' } },
        ],
      },
    );
    const result = configure(resource, [first, second]);
    expect(sources(result)).toEqual(['first/a.json', 'second/b.json', '-hcl flag 1', '-hcl flag 2', 'flags']);
    expect(result.effective).toEqual({ datacenter: 'from-hcl', node_name: 'n', log_level: 'debug' });
  });

  it('gives an -hcl fragment the invocation line for each of its keys', () => {
    const result = configure(server(['-hcl=ports { grpc = 8502 }'], { script: true }));
    const hcl = result.fragments[0];
    expect(hcl).toMatchObject({
      source: '-hcl flag 1',
      pointer: '/spec/template/spec/containers/0/args/0',
      value: { ports: { grpc: 8502 } },
    });
    expect(hcl?.resource).toBe(result.invocation.resource);
    expect(hcl?.lines).toEqual(
      new Map([
        ['ports', 2],
        ['ports.grpc', 2],
      ]),
    );
  });

  it('sets each flag that stands for a config key, typed: booleans, integers, lists, nested keys', () => {
    const result = configure(
      server([
        '-server',
        '-ui=false',
        '-bootstrap-expect=3',
        '-http-port=8500',
        '-dns-port=-1',
        '-retry-join=consul-server-0',
        '-retry-join=consul-server-1',
        '-datacenter=dc1',
        '-node-meta=zone:a',
        '-dev',
      ]),
    );
    expect(result.effective).toEqual({
      server: true,
      ui_config: { enabled: false },
      bootstrap_expect: 3,
      ports: { http: 8500, dns: -1 },
      retry_join: ['consul-server-0', 'consul-server-1'],
      datacenter: 'dc1',
      node_meta: 'zone:a',
    });
    expect(result.problems).toEqual([]);
    const flags = result.fragments.at(-1);
    expect(flags).toMatchObject({ source: 'flags', pointer: '/spec/template/spec/containers/0/command' });
    expect([...(flags?.lines ?? [])]).toEqual([
      ['server', 1],
      ['ui_config.enabled', 1],
      ['bootstrap_expect', 1],
      ['ports.http', 1],
      ['ports.dns', 1],
      ['retry_join', 1],
      ['datacenter', 1],
      ['node_meta', 1],
    ]);
  });

  it('reads -server=true as true, and keeps a value that is not an integer as written for the key check to refuse', () => {
    expect(configure(server(['-server=true', '-bootstrap-expect=three', '-http-port=1.5'])).effective).toEqual({
      server: true,
      bootstrap_expect: 'three',
      ports: { http: '1.5' },
    });
  });

  it('keeps digits given to a string or list flag as text', () => {
    expect(configure(server(['-datacenter=123', '-retry-join=10'])).effective).toEqual({ datacenter: '123', retry_join: ['10'] });
  });

  it('refuses a flag that takes a value given last without one (Go: "flag needs an argument"); a bare boolean is fine', () => {
    for (const flag of ['-datacenter', '-bootstrap-expect', '-retry-join', '-config-dir', '-hcl']) {
      const result = configure(server(['-server', flag]));
      expect(problems(result), flag).toEqual([`consul agent flag ${flag} needs a value: Consul ${FACTS.version} exits on it`]);
      expect(result.effective).toEqual({ server: true });
      expect(result.problems[0]).toMatchObject({
        resource: result.invocation.resource,
        pointer: '/spec/template/spec/containers/0/command',
        line: 1,
      });
    }
    expect(problems(configure(server(['-datacenter=dc1', '-server'])))).toEqual([]);
  });

  it('takes the last value of a repeated scalar flag', () => {
    expect(configure(server(['-datacenter=a', '-datacenter=b'])).effective).toEqual({ datacenter: 'b' });
  });

  it('refuses a flag Consul does not know, suggesting the flag it matches in another case or with - for _', () => {
    const result = configure(server(['-bootstrap_expect=3', '-Datacenter=dc1', '-nonsense']));
    expect(problems(result)).toEqual([
      `consul agent has no flag -bootstrap_expect: Consul ${FACTS.version} exits on it; did you mean -bootstrap-expect?`,
      `consul agent has no flag -Datacenter: Consul ${FACTS.version} exits on it; did you mean -datacenter?`,
      `consul agent has no flag -nonsense: Consul ${FACTS.version} exits on it`,
    ]);
    expect(result.effective).toEqual({});
    expect(result.problems[0]).toMatchObject({
      resource: result.invocation.resource,
      pointer: '/spec/template/spec/containers/0/command',
      line: 1,
    });
  });

  it('refuses words after the flags', () => {
    const result = configure(server(['-server', 'agent', 'now'], { script: true }));
    expect(problems(result)).toEqual([
      'consul agent does not take the argument "agent": it exits',
      'consul agent does not take the argument "now": it exits',
    ]);
    expect(result.problems[0]).toMatchObject({ pointer: '/spec/template/spec/containers/0/args/0', line: 2 });
  });

  it('reports a file that does not parse, with its line when the parser knows it, and loads the others', () => {
    const files = configMap('consul-config', {
      'a.json': '{"datacenter": ',
      'b.json': '["a list"]',
      'c.hcl': 'ports {\n  http = \n',
      'd.json': '{"node_name": "n"}',
    });
    const result = configure(server(['-config-dir=/consul/config']), [files]);
    expect(sources(result)).toEqual(['consul-config/d.json', 'flags']);
    expect(result.problems.map(({ pointer, line, message }) => ({ pointer, line, message }))).toEqual([
      {
        pointer: '/data/a.json',
        line: undefined,
        message: expect.stringMatching(/^consul-config\/a\.json does not parse: .+: Consul refuses to start$/),
      },
      {
        pointer: '/data/b.json',
        line: undefined,
        message: 'consul-config/b.json does not parse: the file is not a JSON object: Consul refuses to start',
      },
      {
        pointer: '/data/c.hcl',
        line: expect.any(Number),
        message: expect.stringMatching(/^consul-config\/c\.hcl does not parse: .+: Consul refuses to start$/),
      },
    ]);
    expect(result.problems[0]).not.toHaveProperty('line');
    expect(result.problems.every((problem) => problem.resource === files)).toBe(true);
    expect(result.effective).toEqual({ node_name: 'n' });
  });

  it('reports a file nested deeper than the HCL reader goes as not parsing, at the line that goes past (never a stack overflow)', () => {
    const depth = 50_000;
    const files = configMap('consul-config', { 'deep.hcl': `${'a {'.repeat(depth)}${'}'.repeat(depth)}` });
    const result = configure(server(['-config-dir=/consul/config']), [files]);
    expect(result.problems.map(({ pointer, message, line }) => ({ pointer, message, line }))).toEqual([
      {
        pointer: '/data/deep.hcl',
        message:
          'consul-config/deep.hcl does not parse: line 1: nested more than 200 levels deep: no Consul configuration nests so deep; flatten it: Consul refuses to start',
        line: 1,
      },
    ]);
  });

  it('reports an -hcl flag that does not parse', () => {
    expect(problems(configure(server(['-hcl=ports {'])))).toEqual([
      expect.stringMatching(/^-hcl='ports \{' does not parse: .+: Consul refuses to start$/),
    ]);
  });

  it('names a config-dir on a volume that is not a ConfigMap as written at run time, and reads nothing from it', () => {
    const result = configure(
      server(['-config-dir=/consul/extra', '-config-file=/consul/extra/tls.json'], {
        mounts: [{ name: 'extra', mountPath: '/consul/extra' }],
        volumes: [{ name: 'extra', emptyDir: {} }],
      }),
    );
    expect(result.runtimeDirs).toEqual(['/consul/extra', '/consul/extra']);
    expect(sources(result)).toEqual(['flags']);
  });

  it('reads nothing, and names no run-time dir, for a directory that is not mounted or a ConfigMap not in the render', () => {
    expect(configure(server(['-config-dir=/elsewhere'])).runtimeDirs).toEqual([]);
    const missing = configure(server(['-config-dir=/consul/config']));
    expect(missing.runtimeDirs).toEqual([]);
    expect(sources(missing)).toEqual(['flags']);
    const secret = object('v1', 'Secret', 'consul-config', { data: { 'a.json': '{"datacenter": "dc1"}' } });
    expect(sources(configure(server(['-config-dir=/consul/config']), [secret]))).toEqual(['flags']);
  });

  it('reads a ConfigMap with no data as no files', () => {
    expect(sources(configure(server(['-config-dir=/consul/config']), [object('v1', 'ConfigMap', 'consul-config')]))).toEqual(['flags']);
  });

  it('reads the volumes of a bare Pod', () => {
    const files = configMap('consul-config', { 'a.json': '{"datacenter": "dc1"}' });
    expect(configure(server(['-config-dir=/consul/config'], { kind: 'Pod' }), [files]).effective).toEqual({ datacenter: 'dc1' });
  });
});
