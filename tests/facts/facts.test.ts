import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { credentialFlagsModule, credentialFlagTable } from '../../tools/scripts/credential-flags.mjs';
import { CREDENTIAL_FLAGS } from '../../tools/src/model/generated-credential-flags.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const readJson = (relative: string): unknown => JSON.parse(readFileSync(resolve(ROOT, relative), 'utf8'));

interface KeyNode {
  type: 'string' | 'int' | 'float' | 'bool' | 'duration' | 'list' | 'map' | 'object' | 'any';
  keys?: Record<string, KeyNode>;
  items?: KeyNode;
  values?: KeyNode;
  sameAs?: string;
  format?: string;
  enterprise?: boolean;
  internal?: boolean;
}

interface AgentConfigFacts {
  source: string;
  generatedBy: string;
  version: string;
  sourceRef: string;
  sourceNote?: string;
  keys: Record<string, KeyNode>;
  deprecated: Record<string, KeyNode & { replacement: string | null }>;
  aliases: Record<string, string>;
  flags: Record<string, { type: string; configKey?: string; note?: string; deprecated?: boolean; replacement?: string }>;
}

interface FlagFacts {
  type: 'bool' | 'string' | 'int' | 'uint' | 'duration' | 'list' | 'map';
  default?: unknown;
  env?: string;
  enterprise?: boolean;
}

interface CommandFacts {
  file: string;
  usesFlagSets: string[];
  flags: Record<string, FlagFacts>;
  required: { when: string; message: string; source: string | string[] }[];
  envOnly: string[];
  writes?: Record<string, unknown>;
}

interface ControlPlaneFacts {
  source: string;
  generatedBy: string;
  version: string;
  subcommands: string[];
  flagSets: Record<string, { file: string; flags: Record<string, FlagFacts> }>;
  commands: Record<string, CommandFacts>;
}

const consul = readJson('tools/facts/consul-1.22.7/agent-config.json') as AgentConfigFacts;
const controlPlane = readJson('tools/facts/consul-k8s-1.9.11/control-plane.json') as ControlPlaneFacts;

/** The node at a dotted key path ("a.b", "a[].b", "a.*.b"), following sameAs links. */
function nodeAt(path: string): KeyNode | undefined {
  let node: KeyNode | undefined = { type: 'object', keys: consul.keys };
  for (const segment of path.split('.')) {
    while (node?.sameAs !== undefined) node = nodeAt(node.sameAs);
    if (!node) return undefined;
    if (segment === '*') {
      node = node.values;
      continue;
    }
    const [, key = '', brackets = ''] = /^(.*?)((?:\[\])*)$/.exec(segment) ?? [];
    node = node.keys?.[key];
    for (let n = 0; n < brackets.length / 2 && node; n++) node = node.items;
  }
  while (node?.sameAs !== undefined) node = nodeAt(node.sameAs);
  return node;
}

// Keys a Consul-on-Kubernetes manifest is expected to use, with the type Consul decodes them as.
const SPOT_CHECKS: [string, KeyNode['type'], KeyNode['type']?][] = [
  ['acl.enabled', 'bool'],
  ['acl.default_policy', 'string'],
  ['acl.down_policy', 'string'],
  ['acl.enable_token_persistence', 'bool'],
  ['acl.tokens.agent', 'string'],
  ['acl.tokens.initial_management', 'string'],
  ['autopilot.min_quorum', 'int'],
  ['autopilot.disable_upgrade_migration', 'bool'],
  ['auto_encrypt.tls', 'bool'],
  ['auto_encrypt.allow_tls', 'bool'],
  ['auto_encrypt.ip_san', 'list', 'string'],
  ['auto_encrypt.dns_san', 'list', 'string'],
  ['bootstrap_expect', 'int'],
  ['bind_addr', 'string'],
  ['client_addr', 'string'],
  ['data_dir', 'string'],
  ['datacenter', 'string'],
  ['domain', 'string'],
  ['encrypt', 'string'],
  ['leave_on_terminate', 'bool'],
  ['log_level', 'string'],
  ['node_name', 'string'],
  ['ports.http', 'int'],
  ['ports.https', 'int'],
  ['ports.grpc', 'int'],
  ['ports.grpc_tls', 'int'],
  ['ports.serf_lan', 'int'],
  ['retry_join', 'list', 'string'],
  ['server', 'bool'],
  ['ui_config.enabled', 'bool'],
  ['tls.defaults.ca_file', 'string'],
  ['tls.defaults.cert_file', 'string'],
  ['tls.defaults.key_file', 'string'],
  ['tls.defaults.verify_incoming', 'bool'],
  ['tls.defaults.verify_outgoing', 'bool'],
  ['tls.internal_rpc.verify_server_hostname', 'bool'],
  ['tls.grpc.verify_incoming', 'bool'],
  ['tls.grpc.use_auto_cert', 'bool'],
  ['tls.https.verify_incoming', 'bool'],
  ['connect.enabled', 'bool'],
  ['recursors', 'list', 'string'],
  ['enable_central_service_config', 'bool'],
  ['limits.request_limits.mode', 'string'],
];

describe('Consul 1.22.7 agent configuration facts', () => {
  it('names the Consul version and its source', () => {
    expect(consul.version).toBe('1.22.7');
    expect(consul.generatedBy).toBe('tools/scripts/extract-facts.mjs');
    expect(consul.source).toMatch(/^hashicorp\/consul \S+ agent\/config\/config\.go$/);
    expect(consul.sourceRef).toMatch(/^[0-9a-f]{40}$/);
    // Either generated from the tag, or the file says which commit stood in for it.
    if (!consul.source.includes('v1.22.7')) expect(consul.sourceNote).toContain('v1.22.7');
  });

  it.each(SPOT_CHECKS)('%s is a %s', (path, type, itemType) => {
    const node = nodeAt(path);
    expect(node?.type).toBe(type);
    if (itemType) expect(node?.items?.type).toBe(itemType);
  });

  it('has a type on every node and items/values/keys where the type needs them', () => {
    const walk = (node: KeyNode, path: string): void => {
      expect(['string', 'int', 'float', 'bool', 'duration', 'list', 'map', 'object', 'any'], path).toContain(node.type);
      if (node.type === 'list') walk(node.items as KeyNode, `${path}[]`);
      if (node.type === 'map') walk(node.values as KeyNode, `${path}.*`);
      if (node.type === 'object') {
        if (node.sameAs !== undefined) expect(nodeAt(node.sameAs)?.type, path).toBe('object');
        else for (const [key, child] of Object.entries(node.keys ?? {})) walk(child, path ? `${path}.${key}` : key);
      }
    };
    walk({ type: 'object', keys: consul.keys }, '');
  });

  it('keeps the keys that json:"-" hides from JSON output but Consul still decodes', () => {
    for (const key of ['acl', 'addresses', 'autopilot', 'dns_config', 'limits', 'performance', 'ui_config', 'services', 'xds']) {
      expect(consul.keys[key]?.type, key).toMatch(/^(object|list)$/);
    }
    expect(nodeAt('services[].connect.sidecar_service')?.keys?.port?.type).toBe('int');
    expect(nodeAt('node_meta')).toEqual({ type: 'map', values: { type: 'string' } });
    expect(nodeAt('acl.token_ttl')?.format).toBe('duration');
  });

  it('lists deprecated keys apart from the canonical ones, with their replacements', () => {
    expect(consul.deprecated['acl_master_token']?.replacement).toBe('acl.tokens.initial_management');
    expect(consul.deprecated['acl.tokens.master']?.replacement).toBe('acl.tokens.initial_management');
    expect(consul.deprecated['verify_server_hostname']?.replacement).toBe('tls.internal_rpc.verify_server_hostname');
    expect(consul.deprecated['start_join']?.type).toBe('list');
    expect(consul.deprecated['ui']?.replacement).toBe('ui_config.enabled');
    for (const path of Object.keys(consul.deprecated)) expect(nodeAt(path), path).toBeUndefined();
    expect(nodeAt('ca_file')).toBeUndefined();
  });

  it('maps aliases to canonical keys that exist', () => {
    expect(consul.aliases['non_voting_server']).toBe('read_replica');
    expect(consul.aliases['services[].checks[].deregistercriticalserviceafter']).toBe(
      'services[].checks[].deregister_critical_service_after',
    );
    for (const [alias, target] of Object.entries(consul.aliases)) expect(nodeAt(target), alias).toBeDefined();
  });

  it('lists the consul agent flags with the keys they set', () => {
    expect(consul.flags['advertise']).toMatchObject({ configKey: 'advertise_addr', type: 'string' });
    expect(consul.flags['retry-join']).toMatchObject({ configKey: 'retry_join', type: 'list' });
    expect(consul.flags['node-meta']).toMatchObject({ configKey: 'node_meta', type: 'map' });
    expect(consul.flags['config-dir']).toMatchObject({ type: 'list' });
    expect(consul.flags['config-dir']?.configKey).toBeUndefined();
    expect(consul.flags['hcl']?.type).toBe('list');
    expect(consul.flags['join']).toMatchObject({ deprecated: true, replacement: 'retry-join' });
    for (const [name, flag] of Object.entries(consul.flags)) {
      if (flag.configKey) expect(nodeAt(flag.configKey) ?? consul.deprecated[flag.configKey], name).toBeDefined();
      else expect(flag.note, name).toMatch(/not a config key/);
    }
  });
});

const CONSUL_FLAG_SET_ENV: Record<string, string> = {
  addresses: 'CONSUL_ADDRESSES',
  'grpc-port': 'CONSUL_GRPC_PORT',
  'http-port': 'CONSUL_HTTP_PORT',
  'use-tls': 'CONSUL_USE_TLS',
  'ca-cert-file': 'CONSUL_CACERT_FILE',
  'ca-cert-pem': 'CONSUL_CACERT_PEM',
  'tls-server-name': 'CONSUL_TLS_SERVER_NAME',
  datacenter: 'CONSUL_DATACENTER',
  token: 'CONSUL_ACL_TOKEN',
  'token-file': 'CONSUL_ACL_TOKEN_FILE',
  'auth-method-name': 'CONSUL_LOGIN_AUTH_METHOD',
  'consul-login-bearer-token-file': 'CONSUL_LOGIN_BEARER_TOKEN_FILE',
  'consul-login-datacenter': 'CONSUL_LOGIN_DATACENTER',
  'consul-login-meta': 'CONSUL_LOGIN_META',
  'consul-login-partition': 'CONSUL_LOGIN_PARTITION',
  'consul-login-namespace': 'CONSUL_LOGIN_NAMESPACE',
  'api-timeout': 'CONSUL_API_TIMEOUT',
  partition: 'CONSUL_PARTITION',
  namespace: 'CONSUL_NAMESPACE',
  'skip-server-watch': 'CONSUL_SKIP_SERVER_WATCH',
};

const COMMANDS = [
  'sync-catalog',
  'server-acl-init',
  'acl-init',
  'tls-init',
  'gossip-encryption-autogenerate',
  'delete-completed-job',
  'fetch-server-region',
  'get-consul-client-ca',
];

describe('consul-k8s-control-plane 1.9.11 command-line facts', () => {
  it('names the consul-k8s version', () => {
    expect(controlPlane.version).toBe('1.9.11');
    expect(controlPlane.source).toBe('hashicorp/consul-k8s v1.9.11 control-plane/subcommand');
    expect(controlPlane.generatedBy).toBe('tools/scripts/extract-facts.mjs');
  });

  it('lists the registered subcommands, and describes each one asked for', () => {
    for (const name of COMMANDS) {
      expect(controlPlane.subcommands, name).toContain(name);
      expect(controlPlane.commands[name]?.file, name).toBe(`control-plane/subcommand/${name}/command.go`);
    }
    expect(controlPlane.subcommands).toEqual([...controlPlane.subcommands].sort());
  });

  it('reads the consul flag set env vars', () => {
    const flags = controlPlane.flagSets['consul']?.flags ?? {};
    for (const [flag, env] of Object.entries(CONSUL_FLAG_SET_ENV)) expect(flags[flag]?.env, flag).toBe(env);
    expect(flags['grpc-port']).toMatchObject({ type: 'int', default: 0 });
    expect(flags['api-timeout']).toMatchObject({ type: 'duration', default: '5s' });
  });

  it('has the sync-catalog flags the chart relies on', () => {
    const command = controlPlane.commands['sync-catalog'];
    expect(command?.usesFlagSets).toEqual(['consul', 'k8s']);
    const flags = command?.flags ?? {};
    expect(flags['allow-k8s-namespace']).toMatchObject({ type: 'list' });
    expect(flags['deny-k8s-namespace']).toMatchObject({ type: 'list' });
    expect(flags['k8s-write-namespace']).toMatchObject({ type: 'string', default: 'default' });
    expect(flags['to-k8s']).toMatchObject({ type: 'bool', default: true });
    expect(flags['to-consul']).toMatchObject({ type: 'bool', default: true });
    expect(flags['k8s-default-sync']).toMatchObject({ type: 'bool', default: true });
    expect(flags['log-level']).toMatchObject({ type: 'string', default: 'info' });
    expect(flags['log-json']).toMatchObject({ type: 'bool', default: false });
    expect(flags['consul-domain']).toMatchObject({ type: 'string', default: 'consul' });
  });

  it('gives every flag a type and a default, and never defines a flag twice in one command', () => {
    for (const [name, command] of Object.entries(controlPlane.commands)) {
      const merged = command.usesFlagSets.flatMap((set) => Object.keys(controlPlane.flagSets[set]?.flags ?? {}));
      expect(new Set(merged).size, name).toBe(merged.length);
      for (const [flag, facts] of Object.entries(command.flags)) {
        expect(['bool', 'string', 'int', 'uint', 'duration', 'list', 'map'], `${name} -${flag}`).toContain(facts.type);
        expect(facts.default, `${name} -${flag}`).not.toBeUndefined();
        expect(merged, `${name} -${flag}`).not.toContain(flag);
      }
      expect(command.required.length, name).toBeGreaterThan(0);
      for (const rule of command.required) expect(rule.source, name).toBeTruthy();
    }
  });

  it('records what the Secret-writing commands write', () => {
    const tlsInit = JSON.stringify(controlPlane.commands['tls-init']?.writes);
    for (const name of ['<name-prefix>-ca-cert', '<name-prefix>-ca-key', '<name-prefix>-server-cert']) expect(tlsInit).toContain(name);
    expect(JSON.stringify(controlPlane.commands['server-acl-init']?.writes)).toContain('<resource-prefix>-bootstrap-acl-token');
    expect(JSON.stringify(controlPlane.commands['gossip-encryption-autogenerate']?.writes)).toContain('already exists');
    expect(controlPlane.commands['gossip-encryption-autogenerate']?.flags['secret-key']?.default).toBe('key');
  });
});

describe('the credential flags model/ redacts, generated from the facts (tools/scripts/credential-flags.mjs)', () => {
  const generate = credentialFlagsModule as (root: string) => Promise<[string, string]>;
  const table = credentialFlagTable as (root: string) => Map<string, { takes: string; after: string[] }>;

  it('the committed tools/src/model/generated-credential-flags.ts is what the script generates (run `npm run facts:credentials`)', async () => {
    const [file, text] = await generate(ROOT);
    expect(file).toBe('tools/src/model/generated-credential-flags.ts');
    expect(readFileSync(resolve(ROOT, file), 'utf8'), `${file} is stale`).toBe(text);
    expect([...CREDENTIAL_FLAGS.entries()]).toEqual([...table(ROOT).entries()]);
  });

  it("follows the facts: an agent flag setting an ACL token and a control plane's *_TOKEN string flag are in; a bool, a -file flag and a flag of another key are not", () => {
    const root = mkdtempSync(join(tmpdir(), 'credential-flags-'));
    try {
      cpSync(resolve(ROOT, 'tools/facts'), join(root, 'tools/facts'), { recursive: true });
      const agentFile = join(root, 'tools/facts/consul-1.22.7/agent-config.json');
      const agent = JSON.parse(readFileSync(agentFile, 'utf8')) as AgentConfigFacts;
      agent.flags['new-token'] = { type: 'string', configKey: 'acl.tokens.new' };
      agent.flags['new-token-on'] = { type: 'bool', configKey: 'acl.tokens.new_enabled' };
      agent.flags['gossip'] = { type: 'string', configKey: 'encrypt' };
      writeFileSync(agentFile, JSON.stringify(agent));
      const planeFile = join(root, 'tools/facts/consul-k8s-1.9.11/control-plane.json');
      const plane = JSON.parse(readFileSync(planeFile, 'utf8')) as ControlPlaneFacts;
      const flags = Object.values(plane.commands)[0]!.flags;
      flags['partition-token'] = { type: 'string', env: 'CONSUL_PARTITION_TOKEN' };
      flags['partition-token-file'] = { type: 'string', env: 'CONSUL_PARTITION_TOKEN_FILE' };
      writeFileSync(planeFile, JSON.stringify(plane));
      const found = table(root);
      expect(found.get('new-token')).toEqual({ takes: 'ACL token', after: [] });
      expect(found.get('gossip')).toEqual({ takes: 'gossip key', after: [] });
      expect(found.get('partition-token')).toEqual({ takes: 'ACL token', after: [] });
      for (const name of ['new-token-on', 'partition-token-file', 'datacenter']) expect(found.has(name), name).toBe(false);
      expect(found.get('install')).toEqual({ takes: 'gossip key', after: ['keyring'] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
