/** consul-config: its fixtures (tests/fixtures/rules/consul-config/); its inline branch cases, when it has them, go here too. */
import { describe, expect, it } from 'vitest';
import { consulConfig } from '../../../tools/src/validate/rules/consul-config.js';
import { found, object, servers, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

/** The pinned facts with some tables replaced: what a rule sees is what it is passed, not what tools/facts holds. */
const withFacts = (tables: Partial<Facts>): Facts => ({ ...pinnedFacts(), ...tables });

describe('consul-config, against the agent facts it is passed', () => {
  const agent = (...flags: string[]) =>
    servers(3, {}, { containers: [{ name: 'consul', image: 'hashicorp/consul:1.22.7', command: ['consul', 'agent', ...flags] }] });
  const flagMessages = (flags: string[], facts?: Facts) =>
    found(consulConfig, [agent(...flags)], tierSpec('development'), facts)
      .map((entry) => entry.message)
      .filter((message) => message.startsWith('consul agent has no flag'));

  it('a flag the release lacks is an error; the same flag in the facts passed is none, and a flag taken out of them is one', () => {
    const pinned = pinnedFacts().agentConfig;
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'])).toEqual([
      'consul agent has no flag -new-flag: Consul 1.22.7 exits on it',
    ]);
    const added = withFacts({ agentConfig: { ...pinned, flags: { ...pinned.flags, 'new-flag': { type: 'string' } } } });
    expect(flagMessages(['-server', '-bootstrap-expect=3', '-new-flag=1'], added)).toEqual([]);
    const { server: _server, ...withoutServer } = pinned.flags;
    const removed = withFacts({ agentConfig: { ...pinned, version: '9.9.9', flags: withoutServer } });
    expect(flagMessages(['-server', '-bootstrap-expect=3'], removed)).toEqual([
      'consul agent has no flag -server: Consul 9.9.9 exits on it',
    ]);
  });
});

describeRuleFixtures('consul-config');

/** An agent pod that loads the ConfigMap `name` as its -config-dir, with more flags. */
const loading = (name: string, flags: string[] = []) => ({
  containers: [
    {
      name: 'consul',
      image: 'hashicorp/consul:1.22.7',
      command: ['consul', 'agent', '-config-dir=/consul/config', ...flags],
      volumeMounts: [{ name: 'config', mountPath: '/consul/config' }],
    },
  ],
  volumes: [{ name: 'config', configMap: { name } }],
});
/** A ConfigMap of agent config files, each given as JSON text or an object (written out on several lines). */
const files = (name: string, data: Record<string, Body | string>) =>
  object('v1', 'ConfigMap', name, {
    data: Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value, null, 2)]),
    ),
  });
const TLS = { tls: { defaults: { ca_file: '/consul/tls/ca.pem', verify_outgoing: true }, internal_rpc: { verify_server_hostname: true } } };
/** A secure server agent: TLS, HTTP off, TLS gRPC on its default port, min_quorum the quorum of 3. */
const SECURE_SERVER = { server: true, ...TLS, ports: { http: -1 }, autopilot: { min_quorum: 2 } };
/** A secure client agent: the same TLS, an auto_encrypt certificate with IP SANs used for TLS gRPC. */
const SECURE_CLIENT = {
  ...TLS,
  tls: { ...TLS.tls, grpc: { use_auto_cert: true } },
  ports: { http: -1, grpc_tls: 8502 },
  auto_encrypt: { tls: true, ip_san: ['$HOST_IP'] },
};
/** Findings of consul-config with what a reader sees: severity, path, line inside the embedded text, message. */
function findings(resources: Parameters<typeof found>[1]) {
  return runPolicies(resources, tierSpec('development'), [consulConfig], {}).map((finding) => ({
    severity: finding.severity,
    at: `${finding.resource?.kind}/${finding.resource?.name} ${finding.path}`,
    ...(finding.embeddedLine !== undefined ? { line: finding.embeddedLine } : {}),
    message: finding.message,
  }));
}
const server = (config: Body, replicas: unknown = 3, flags: string[] = []) => [
  servers(replicas, {}, loading('consul-server-config', flags)),
  files('consul-server-config', { 'agent.json': config }),
];
const clientAgent = (config: Body, flags: string[] = []) => [
  workload('DaemonSet', 'consul-client', loading('consul-client-config', flags)),
  files('consul-client-config', { 'agent.json': config }),
];
const messages = (resources: Parameters<typeof found>[1]) => findings(resources).map((finding) => finding.message);

describe('consul-config: the secure settings together (inline)', () => {
  it('a secure server and a secure client pass', () => {
    expect(findings([...server(SECURE_SERVER), ...clientAgent(SECURE_CLIENT)])).toEqual([]);
  });

  it('TLS with plain HTTP on: the port set, or the default when unset, at the file and line that set it', () => {
    expect(findings(server({ ...SECURE_SERVER, ports: { http: 8080 } }))).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/agent.json',
        line: 13,
        message: 'StatefulSet/consul-server: TLS is on, but the agent still serves plain HTTP on 8080: set ports.http = -1',
      },
    ]);
    expect(findings(server({ ...SECURE_SERVER, ports: {} }))).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/agent.json',
        line: 12,
        message:
          'StatefulSet/consul-server: TLS is on, but the agent still serves plain HTTP on 8500 (the default when ports.http is unset): set ports.http = -1',
      },
    ]);
    // without TLS, plain HTTP is no finding
    expect(messages(server({ server: true, ports: { http: 8500, grpc: 8502 }, autopilot: { min_quorum: 2 } }))).toEqual([]);
  });

  it('the last file that sets a key is the one to change; a key no file sets points at the first file', () => {
    const resources = [
      servers(3, {}, loading('consul-server-config')),
      files('consul-server-config', {
        '10-base.json': { ...SECURE_SERVER, ports: { http: 8500 } },
        '20-override.json': '{\n  "ports": {\n    "http": 8501\n  }\n}',
        '30-other.json': { log_level: 'INFO' },
      }),
    ];
    expect(findings(resources)).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/20-override.json',
        line: 3,
        message: 'StatefulSet/consul-server: TLS is on, but the agent still serves plain HTTP on 8501: set ports.http = -1',
      },
    ]);
    const unset = [
      servers(3, {}, loading('consul-server-config')),
      files('consul-server-config', { '10-tls.json': TLS, '20-server.json': { server: true, ports: { http: -1 } } }),
    ];
    expect(findings(unset)).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/10-tls.json',
        message:
          'StatefulSet/consul-server: autopilot.min_quorum is unset, the quorum of 3 servers is 2: autopilot may remove failed servers below quorum (or never clean up)',
      },
    ]);
  });

  it('an agent without config files: a finding points at the flags, or at the command when there are none', () => {
    const flagsOnly = servers(3, {}, { containers: [{ name: 'consul', command: ['consul', 'agent', '-server', '-bootstrap-expect=3'] }] });
    expect(findings([flagsOnly]).map((finding) => finding.at)).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/command',
    ]);
    const bare = servers(1, {}, { containers: [{ name: 'consul', command: ['consul', 'agent'] }] });
    const serverConfigOnly = workload('Deployment', 'consul-dev', {
      containers: [{ name: 'consul', command: ['consul', 'agent', '-dev'] }],
    });
    expect(findings([bare, serverConfigOnly])).toEqual([]);
  });

  it('each secure-setting finding points at the line of the key it names', () => {
    const lineOf = (resources: Parameters<typeof found>[1], text: string) =>
      findings(resources).find((finding) => finding.message.includes(text))?.line;
    expect(lineOf(server({ ...SECURE_SERVER, ports: { http: -1, grpc: 8502 } }), 'gRPC is plaintext')).toBe(14);
    expect(lineOf(server({ ...SECURE_SERVER, ports: { http: -1, grpc_tls: 0 } }), 'serves no TLS gRPC')).toBe(14);
    const hostnameOff = { ...SECURE_SERVER, tls: { ...TLS.tls, internal_rpc: { verify_server_hostname: false } } };
    expect(lineOf(server(hostnameOff), 'verify_server_hostname')).toBe(9);
    expect(lineOf(clientAgent({ ...SECURE_CLIENT, auto_encrypt: { tls: true } }), 'auto_encrypt.ip_san')).toBe(18);
    expect(lineOf(clientAgent({ ...SECURE_CLIENT, tls: { ...TLS.tls, grpc: { use_auto_cert: false } } }), 'use_auto_cert')).toBe(10);
    expect(lineOf(server({ ...SECURE_SERVER, autopilot: { min_quorum: 3 } }), 'autopilot.min_quorum is 3')).toBe(16);
  });

  it('ports.http written as a string is no port: the message tells the default applies', () => {
    expect(messages(server({ ...SECURE_SERVER, ports: { http: '8080' } })).filter((message) => message.startsWith('StatefulSet/'))).toEqual(
      [
        'StatefulSet/consul-server: TLS is on, but the agent still serves plain HTTP on 8500 (the default when ports.http is unset): set ports.http = -1',
      ],
    );
  });

  it('TLS with plaintext gRPC, or no TLS gRPC port (servers default to 8503, clients to none)', () => {
    expect(messages(server({ ...SECURE_SERVER, ports: { http: -1, grpc: 8502 } }))).toEqual([
      'StatefulSet/consul-server: TLS is on, but gRPC is plaintext on 8502: set ports.grpc = -1 and ports.grpc_tls = 8502',
    ]);
    expect(messages(server({ ...SECURE_SERVER, ports: { http: -1, grpc_tls: 0 } }))).toEqual([
      'StatefulSet/consul-server: TLS is on, but the agent serves no TLS gRPC: set ports.grpc_tls = 8502 (control-plane components and gRPC clients need it)',
    ]);
    expect(messages(clientAgent({ ...SECURE_CLIENT, ports: { http: -1 } }))).toEqual([
      'DaemonSet/consul-client: TLS is on, but the agent serves no TLS gRPC (clients have none unless ports.grpc_tls is set): set ports.grpc_tls = 8502 (control-plane components and gRPC clients need it)',
    ]);
  });

  it('verify_server_hostname counts from tls.internal_rpc, then tls.defaults, then the top level, and only when true', () => {
    const hostname = (tls: Body, top: Body = {}) =>
      messages(server({ ...SECURE_SERVER, tls: { defaults: TLS.tls.defaults, ...tls }, ...top })).filter(
        (message) => message.startsWith('StatefulSet/') && message.includes('verify_server_hostname'),
      );
    const MISSING =
      "StatefulSet/consul-server: TLS is on without tls.internal_rpc.verify_server_hostname: any certificate of the CA (a client's) could pose as a server";
    expect(hostname({})).toEqual([MISSING]);
    expect(hostname({ defaults: { ...TLS.tls.defaults, verify_server_hostname: true } })).toEqual([]);
    expect(hostname({}, { verify_server_hostname: true })).toEqual([]);
    expect(hostname({ internal_rpc: { verify_server_hostname: false } }, { verify_server_hostname: true })).toEqual([MISSING]);
    expect(hostname({ internal_rpc: { verify_server_hostname: 'true' } })).toEqual([MISSING]);
  });

  it('an auto_encrypt client needs IP SANs, and a certificate for TLS gRPC; servers and other clients are not asked', () => {
    const IP_SAN =
      'DaemonSet/consul-client: the auto_encrypt certificate names no IP (auto_encrypt.ip_san): pods calling https://$HOST_IP:8501 cannot verify it; pass -hcl=\'auto_encrypt = {ip_san = ["$HOST_IP","$POD_IP"]}\'';
    const GRPC = 'DaemonSet/consul-client: TLS gRPC is on, but the client has no certificate for it: set tls.grpc.use_auto_cert = true';
    expect(messages(clientAgent({ ...SECURE_CLIENT, auto_encrypt: { tls: true } }))).toEqual([IP_SAN]);
    expect(messages(clientAgent({ ...SECURE_CLIENT, auto_encrypt: { tls: true, ip_san: [] } }))).toEqual([IP_SAN]);
    expect(messages(clientAgent({ ...SECURE_CLIENT, auto_encrypt: { tls: true, ip_san: '$HOST_IP' } }))).toContain(IP_SAN);
    expect(messages(clientAgent({ ...SECURE_CLIENT, auto_encrypt: { tls: false } }))).toEqual([]);
    const withoutAutoCert = { ...SECURE_CLIENT, tls: TLS.tls };
    expect(messages(clientAgent(withoutAutoCert))).toEqual([GRPC]);
    expect(findings(clientAgent(withoutAutoCert))[0]?.at).toBe('ConfigMap/consul-client-config /data/agent.json');
    expect(messages(clientAgent({ ...withoutAutoCert, tls: { ...TLS.tls, grpc: { use_auto_cert: 'yes' } } }))).toContain(GRPC);
    // with TLS gRPC off there is no certificate to ask for (only the missing port)
    expect(messages(clientAgent({ ...withoutAutoCert, ports: { http: -1 } }))).toHaveLength(1);
    expect(messages(server({ ...SECURE_SERVER, auto_encrypt: { allow_tls: true, tls: true } }))).toEqual([]);
    expect(messages(clientAgent({ ...withoutAutoCert, auto_encrypt: { tls: true } }))).toEqual([IP_SAN, GRPC]);
  });

  it('servers of a StatefulSet set autopilot.min_quorum to the quorum of their replicas (1 when unset)', () => {
    const quorum = (minQuorum: unknown, replicas: unknown = 3) =>
      messages([
        servers(replicas, {}, loading('consul-server-config')),
        files('consul-server-config', {
          'agent.json': { ...SECURE_SERVER, autopilot: minQuorum === undefined ? {} : { min_quorum: minQuorum } },
        }),
      ]);
    const unsetReplicas = (minQuorum: number) =>
      messages([
        servers(undefined, {}, loading('consul-server-config')),
        files('consul-server-config', { 'agent.json': { ...SECURE_SERVER, autopilot: { min_quorum: minQuorum } } }),
      ]);
    expect(quorum(2)).toEqual([]);
    expect(quorum(3)).toEqual([
      'StatefulSet/consul-server: autopilot.min_quorum is 3, the quorum of 3 servers is 2: autopilot may remove failed servers below quorum (or never clean up)',
    ]);
    expect(quorum(undefined, 5)).toEqual([
      'StatefulSet/consul-server: autopilot.min_quorum is unset, the quorum of 5 servers is 3: autopilot may remove failed servers below quorum (or never clean up)',
    ]);
    expect(unsetReplicas(1)).toEqual([]);
    expect(unsetReplicas(2)).toEqual([
      'StatefulSet/consul-server: autopilot.min_quorum is 2, the quorum of 1 servers is 1: autopilot may remove failed servers below quorum (or never clean up)',
    ]);
    expect(quorum(7, 'three')).toEqual([]);
    const deployment = [
      workload('Deployment', 'consul-server', loading('consul-server-config')),
      files('consul-server-config', { 'agent.json': { ...SECURE_SERVER, autopilot: {} } }),
    ];
    expect(messages(deployment)).toEqual([]);
    expect(messages(server({ ...SECURE_SERVER, server: false, ports: { http: -1, grpc_tls: 8502 }, autopilot: {} }))).toEqual([]);
  });
});

describe('consul-config: keys, types and flags of every fragment (inline)', () => {
  it('each file is checked with its source, line and severity; a file that does not parse is an error at its key', () => {
    const resources = [
      servers(3, {}, loading('consul-server-config')),
      files('consul-server-config', {
        'agent.json': SECURE_SERVER,
        'legacy.json': '{\n  "log_level": "INFO",\n  "verify_incoming": true\n}',
        'typo.json': '{\n  "datacentre": "dc1"\n}',
        'broken.json': '{ broken',
      }),
    ];
    expect(findings(resources)).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/broken.json',
        message: expect.stringMatching(/^consul-server-config\/broken\.json does not parse: .*: Consul refuses to start$/),
      },
      {
        severity: 'warning',
        at: 'ConfigMap/consul-server-config /data/legacy.json',
        line: 3,
        message: 'consul-server-config/legacy.json: verify_incoming is deprecated in Consul 1.22.7: use tls.defaults.verify_incoming',
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data/typo.json',
        line: 2,
        message: expect.stringMatching(/^consul-server-config\/typo\.json: unknown configuration key datacentre/),
      },
    ]);
  });

  it('a flag value from a variable is not type-checked (it expands at run time); a literal one is', () => {
    expect(messages(server(SECURE_SERVER, 3, ['-retry-interval=$(INTERVAL)']))).toEqual([]);
    expect(findings(server(SECURE_SERVER, 3, ['-retry-interval=abc']))).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/command',
        line: 1,
        message: 'flags: retry_interval must be a duration such as "10s" or "1h30m", not "abc"',
      },
    ]);
  });

  it('a flag from a variable is skipped even for a nested key; the same text in a file is checked (files are not expanded)', () => {
    expect(messages(server(SECURE_SERVER, 3, ['-bootstrap-expect=$(REPLICAS)', '-https-port=$(HTTPS_PORT)']))).toEqual([]);
    expect(messages(server({ ...SECURE_SERVER, bootstrap_expect: '$(REPLICAS)' }))).toEqual([
      expect.stringMatching(/^consul-server-config\/agent\.json: bootstrap_expect must be an integer/),
    ]);
  });

  it('an HCL file that does not parse keeps its line', () => {
    const resources = [
      servers(3, {}, loading('consul-server-config')),
      files('consul-server-config', { 'agent.hcl': 'server = true\nports {\n  http = \n' }),
    ];
    expect(findings(resources).filter((finding) => finding.message.includes('does not parse'))).toEqual([
      expect.objectContaining({ at: 'ConfigMap/consul-server-config /data/agent.hcl', line: expect.any(Number) }),
    ]);
  });
});
