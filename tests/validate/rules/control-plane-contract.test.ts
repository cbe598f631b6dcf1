/** control-plane-contract: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/control-plane-contract/). */
import { describe, expect, it } from 'vitest';
import { controlPlaneContract } from '../../../tools/src/validate/rules/control-plane-contract.js';
import { command, found, servers, tierSpec, workload } from '../../helpers/inline-rules.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

/** The server agent, started with `-hcl` blocks. */
const agent = (...hcl: string[]) =>
  servers(3, {}, { containers: [{ name: 'consul', command: ['consul', 'agent', '-server', ...hcl.map((block) => `-hcl=${block}`)] }] });
const ARGS = 'Job/job /spec/template/spec/containers/0/args';
const ENV = 'Job/job /spec/template/spec/containers/0/env';
const SYNC = ['sync-catalog', '-allow-k8s-namespace=*', '-addresses=consul-server', '-http-port=8500', '-grpc-port=8502'];
const messages = (resources: Parameters<typeof found>[1]) => found(controlPlaneContract, resources).map((finding) => finding.message);

describe('control-plane-contract', () => {
  it('a sync-catalog with the servers, their ports and a namespace allow-list passes', () => {
    expect(found(controlPlaneContract, [agent('ports { grpc = 8502 }'), command(SYNC)])).toEqual([]);
  });

  it('an unknown subcommand is an error at the command, with the nearest one', () => {
    expect(found(controlPlaneContract, [command(['sync-katalog'])])).toEqual([
      {
        severity: 'error',
        at: ARGS,
        message: 'Job/job c: consul-k8s-control-plane 1.9.11 has no subcommand "sync-katalog"; did you mean sync-catalog?',
      },
    ]);
  });

  it('an unknown flag is an error at its argument, with the nearest flag when there is one', () => {
    expect(found(controlPlaneContract, [command(['acl-init', '-secret-nam=x', '-bogus'])])).toEqual([
      {
        severity: 'error',
        at: `${ARGS}/1`,
        message: 'Job/job c: acl-init 1.9.11 has no flag -secret-nam: the command exits with a usage error; did you mean -secret-name?',
      },
      {
        severity: 'error',
        at: `${ARGS}/2`,
        message: 'Job/job c: acl-init 1.9.11 has no flag -bogus: the command exits with a usage error',
      },
    ]);
  });

  it('a flag value of the wrong type is an error at its argument', () => {
    expect(found(controlPlaneContract, [agent('ports { grpc = 8502 }'), command([...SYNC, '-log-json=maybe'])])).toEqual([
      { severity: 'error', at: `${ARGS}/5`, message: 'Job/job c: -log-json=maybe must be a boolean (true or false)' },
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-log-json=true', '-consul-write-interval=30s'])])).toEqual([]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-consul-write-interval=30'])])).toEqual([
      'Job/job c: -consul-write-interval=30 must be a duration such as 5s',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC, '-consul-write-interval=$(INTERVAL)'])])).toEqual([]);
  });

  it('an argument besides flags is an error: Go stops reading flags there', () => {
    expect(messages([command(['sync-catalog', 'extra', '-allow-k8s-namespace=*'])])).toEqual([
      'Job/job c: sync-catalog takes no arguments besides flags, got "extra -allow-k8s-namespace=*": it exits',
      'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): sync-catalog waits for servers it cannot find, before its health endpoint starts',
      'Job/job c: no -allow-k8s-namespace (nor -k8s-source-namespace): sync-catalog syncs no Service at all',
    ]);
  });

  it('a CONSUL_* variable the command does not read is an error at it; the 0.x contract says what replaced it', () => {
    const env = [
      { name: 'CONSUL_HTTP_ADDR', value: 'x' },
      { name: 'CONSUL_ADRESSES', value: 'y' },
      { name: 'OTHER', value: 'z' },
    ];
    expect(found(controlPlaneContract, [command(['acl-init', '-secret-name=x'], { env })])).toEqual([
      {
        severity: 'error',
        at: `${ENV}/1`,
        message:
          'Job/job c: acl-init 1.9.11 reads no CONSUL_HTTP_ADDR (did you mean CONSUL_HTTP_PORT?): the setting has no effect; since control plane 1.0 it talks to the servers through CONSUL_ADDRESSES, CONSUL_USE_TLS, CONSUL_CACERT_FILE and a login',
      },
      {
        severity: 'error',
        at: `${ENV}/2`,
        message: 'Job/job c: acl-init 1.9.11 reads no CONSUL_ADRESSES (did you mean CONSUL_ADDRESSES?): the setting has no effect',
      },
    ]);
  });

  it('with ACLs on, acl-init needs a login or -secret-name, and sync-catalog a token or a login', () => {
    expect(found(controlPlaneContract, [agent('acl { enabled = true }'), command(['acl-init'])])).toEqual([
      {
        severity: 'error',
        at: ENV,
        message:
          'Job/job c: ACLs are on, but acl-init has neither a login (CONSUL_LOGIN_AUTH_METHOD) nor -secret-name: it waits forever for a token Secret with no name',
      },
    ]);
    expect(messages([agent('acl { enabled = true }'), command(['acl-init', '-secret-name=s'])])).toEqual([]);
    expect(messages([agent(), command(['acl-init'])])).toEqual([]);
    const acls = agent('acl { enabled = true }', 'ports { grpc = 8502 }');
    expect(messages([acls, command(SYNC)])).toEqual([
      'Job/job c: ACLs are on, but it has no token (CONSUL_ACL_TOKEN, CONSUL_ACL_TOKEN_FILE) and no login (CONSUL_LOGIN_AUTH_METHOD): the servers refuse it',
    ]);
    expect(messages([acls, command(SYNC, { env: [{ name: 'CONSUL_ACL_TOKEN_FILE', value: '/t' }] })])).toEqual([]);
    expect(messages([acls, command([...SYNC, '-auth-method-name=m'])])).toEqual([]);
  });

  it('acl-init with a login talks to the servers: it needs their address and HTTP port, but no gRPC port', () => {
    expect(messages([agent(), command(['acl-init'], { env: [{ name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'm' }] })])).toEqual([
      'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): acl-init waits for servers it cannot find, before its health endpoint starts',
      'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTP on 8500',
    ]);
  });

  it("ports other than the servers' are errors; a port from a variable is not checked", () => {
    expect(messages([agent(), command(SYNC)])).toEqual([
      'Job/job c: CONSUL_GRPC_PORT is 8502, but the servers serve gRPC (ports.grpc) on -1',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-http-port=8501', '-grpc-port=8502'])])).toEqual([
      'Job/job c: CONSUL_HTTP_PORT is 8501, but the servers serve HTTP on 8500',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-grpc-port=8502'])])).toEqual([
      'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTP on 8500',
    ]);
    expect(messages([agent('ports { grpc = 8502 }'), command([...SYNC.slice(0, 3), '-http-port=8500'])])).toEqual([
      'Job/job c: no gRPC port (CONSUL_GRPC_PORT or -grpc-port): it defaults to 0; the servers serve gRPC on 8502',
    ]);
    expect(messages([agent(), command([...SYNC.slice(0, 3), '-http-port=$(PORT)', '-grpc-port=$(PORT)'])])).toEqual([]);
  });
});

describeRuleFixtures('control-plane-contract');

describe('control-plane-contract: value types, TLS, the variables that set a connection, and required flags (inline)', () => {
  const TLS_AGENT = agent('tls { defaults { ca_file = "/ca.pem" verify_outgoing = true } }', 'ports { https = 8501 }');
  const TLS_SYNC = ['sync-catalog', '-allow-k8s-namespace=*', '-addresses=consul-server', '-http-port=8501', '-grpc-port=8503'];
  const env = (name: string, value: string) => ({ name, value });
  const findingsOf = (args: string[], options: Parameters<typeof command>[1] = {}, server = TLS_AGENT) =>
    found(controlPlaneContract, [server, command(args, options)]);
  const messagesOf = (...parameters: Parameters<typeof findingsOf>) => findingsOf(...parameters).map((finding) => finding.message);

  it('booleans, integers and non-negative integers must be the whole value', () => {
    const typed = (...flags: string[]) => messages([agent('ports { grpc = 8502 }'), command([...SYNC, ...flags])]);
    expect(typed('-log-json=xtrue')).toEqual(['Job/job c: -log-json=xtrue must be a boolean (true or false)']);
    expect(typed('-log-json=truex')).toEqual(['Job/job c: -log-json=truex must be a boolean (true or false)']);
    expect(typed('-log-json=False', '-log-json=1', '-log-level=anything')).toEqual([]);
    expect(typed('-http-port=x8500')).toContain('Job/job c: -http-port=x8500 must be an integer');
    expect(typed('-grpc-port=8502x')).toContain('Job/job c: -grpc-port=8502x must be an integer');
    const uint = (value: string) =>
      messages([
        agent(),
        command(['server-acl-init', '-addresses=consul-server', '-http-port=8500', '-grpc-port=8502', `-server-port=${value}`]),
      ]).filter((message) => message.includes('-server-port'));
    expect(uint('8300')).toEqual([]);
    for (const value of ['-1', 'x8300', '8300x', 'port'])
      expect(uint(value)).toEqual([`Job/job c: -server-port=${value} must be a non-negative integer`]);
  });

  it('an unknown flag in the command (no args) points at the command; a subcommand with no flag table passes', () => {
    const inCommand = workload('Job', 'job', {
      containers: [{ name: 'c', command: ['consul-k8s-control-plane', 'fetch-server-region', '-bogus'] }],
    });
    expect(found(controlPlaneContract, [inCommand]).filter((finding) => finding.message.includes('-bogus'))).toEqual([
      {
        severity: 'error',
        at: 'Job/job /spec/template/spec/containers/0/command',
        message: 'Job/job c: fetch-server-region 1.9.11 has no flag -bogus: the command exits with a usage error',
      },
    ]);
    // a subcommand the release has, whose flags the facts do not list
    expect(messages([command(['version'])])).toEqual([]);
    expect(messages([command(['qqqqqqqqqqqq'])])).toEqual(['Job/job c: consul-k8s-control-plane 1.9.11 has no subcommand "qqqqqqqqqqqq"']);
  });

  it('the command is held to the server agents of the render, not the first agent', () => {
    const clients = workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', command: ['consul', 'agent'] }] });
    expect(
      found(controlPlaneContract, [clients, agent('acl { enabled = true }'), command(['acl-init'])]).map((finding) => finding.message),
    ).toEqual([
      'Job/job c: ACLs are on, but acl-init has neither a login (CONSUL_LOGIN_AUTH_METHOD) nor -secret-name: it waits forever for a token Secret with no name',
    ]);
  });

  it('a variable set but empty is reported at its entry', () => {
    const acls = agent('acl { enabled = true }');
    expect(found(controlPlaneContract, [acls, command(['acl-init'], { env: [env('CONSUL_LOGIN_AUTH_METHOD', '')] })])).toEqual([
      {
        severity: 'error',
        at: `${ENV}/1`,
        message:
          'Job/job c: ACLs are on, but acl-init has neither a login (CONSUL_LOGIN_AUTH_METHOD) nor -secret-name: it waits forever for a token Secret with no name',
      },
    ]);
    const sync = ['sync-catalog', '-allow-k8s-namespace=*'];
    const ports = [
      env('CONSUL_HTTP_PORT', '8501'),
      env('CONSUL_GRPC_PORT', '8503'),
      env('CONSUL_USE_TLS', 'true'),
      env('CONSUL_CACERT_FILE', '/ca'),
    ];
    expect(findingsOf(sync, { env: [env('CONSUL_ADDRESSES', ''), ...ports] })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/1`,
        message:
          'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): sync-catalog waits for servers it cannot find, before its health endpoint starts',
      },
    ]);
    const withAddress = (...entries: { name: string; value: string }[]) => [env('CONSUL_ADDRESSES', 'consul-server'), ...entries];
    expect(findingsOf(sync, { env: withAddress(env('CONSUL_HTTP_PORT', ''), ...ports.slice(1)) })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/2`,
        message: 'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTPS on 8501',
      },
    ]);
    expect(findingsOf(sync, { env: withAddress(env('CONSUL_HTTP_PORT', '8500'), ...ports.slice(1)) })).toEqual([
      { severity: 'error', at: `${ENV}/2`, message: 'Job/job c: CONSUL_HTTP_PORT is 8500, but the servers serve HTTPS on 8501' },
    ]);
    expect(findingsOf(sync, { env: withAddress(ports[0]!, env('CONSUL_GRPC_PORT', ''), ...ports.slice(2)) })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/3`,
        message: 'Job/job c: no gRPC port (CONSUL_GRPC_PORT or -grpc-port): it defaults to 0; the servers serve TLS gRPC on 8503',
      },
    ]);
    expect(findingsOf(sync, { env: withAddress(ports[0]!, env('CONSUL_GRPC_PORT', '8502'), ...ports.slice(2)) })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/3`,
        message: 'Job/job c: CONSUL_GRPC_PORT is 8502, but the servers serve TLS gRPC (ports.grpc_tls) on 8503',
      },
    ]);
    expect(findingsOf(sync, { env: withAddress(...ports.slice(0, 2), env('CONSUL_USE_TLS', 'false'), ports[3]!) })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/4`,
        message: 'Job/job c: the servers use TLS, but CONSUL_USE_TLS is not true: every call fails the TLS handshake',
      },
    ]);
    expect(findingsOf(sync, { env: withAddress(...ports.slice(0, 3), env('CONSUL_CACERT_FILE', '')) })).toEqual([
      {
        severity: 'error',
        at: `${ENV}/5`,
        message: "Job/job c: TLS without a CA (CONSUL_CACERT_FILE or CONSUL_CACERT_PEM): the servers' certificate cannot be verified",
      },
    ]);
    expect(findingsOf(sync, { env: withAddress(...ports.slice(0, 3), env('CONSUL_CACERT_PEM', '-----BEGIN CERTIFICATE-----')) })).toEqual(
      [],
    );
    expect(findingsOf(sync, { env: withAddress(...ports) })).toEqual([]);
    const plain = agent('ports { grpc = 8502 }');
    expect(
      findingsOf(
        sync,
        { env: withAddress(env('CONSUL_HTTP_PORT', '8500'), env('CONSUL_GRPC_PORT', '8502'), env('CONSUL_USE_TLS', 'true')) },
        plain,
      ),
    ).toEqual([{ severity: 'error', at: `${ENV}/4`, message: 'Job/job c: CONSUL_USE_TLS is true, but the servers serve no TLS' }]);
  });

  it('use-tls is read case-insensitively; the flags work as the variables do', () => {
    expect(messagesOf([...TLS_SYNC, '-use-tls=True', '-ca-cert-file=/ca'])).toEqual([]);
    expect(messagesOf([...TLS_SYNC, '-ca-cert-file=/ca'])).toEqual([
      'Job/job c: the servers use TLS, but CONSUL_USE_TLS is not true: every call fails the TLS handshake',
    ]);
    expect(messagesOf([...TLS_SYNC, '-use-tls=true'])).toEqual([
      "Job/job c: TLS without a CA (CONSUL_CACERT_FILE or CONSUL_CACERT_PEM): the servers' certificate cannot be verified",
    ]);
  });

  it('server-acl-init and acl-init with a login talk to the servers; acl-init with an empty login does not', () => {
    const plain = agent('ports { grpc = 8502 }');
    expect(
      messagesOf(['server-acl-init', '-resource-prefix=consul'], {}, plain).filter((message) => message.startsWith('Job/job c: no ')),
    ).toEqual([
      'Job/job c: no server address (CONSUL_ADDRESSES or -addresses): server-acl-init waits for servers it cannot find, before its health endpoint starts',
      'Job/job c: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve HTTP on 8500',
      'Job/job c: no gRPC port (CONSUL_GRPC_PORT or -grpc-port): it defaults to 0; the servers serve gRPC on 8502',
    ]);
    expect(messagesOf(['acl-init', '-secret-name=s'], { env: [env('CONSUL_LOGIN_AUTH_METHOD', '')] }, plain)).toEqual([]);
    expect(messagesOf(['acl-init', '-secret-name=s'], {}, plain)).toEqual([]);
  });

  it('with ACLs on, only sync-catalog is asked for a credential: a token or login flag, or a credential variable from a Secret', () => {
    const acls = agent('acl { enabled = true }', 'ports { grpc = 8502 }');
    const ACL_SYNC = ['sync-catalog', '-allow-k8s-namespace=*', '-addresses=consul-server', '-http-port=8500', '-grpc-port=8502'];
    expect(
      messagesOf(
        ['server-acl-init', '-resource-prefix=consul', '-addresses=consul-server', '-http-port=8500', '-grpc-port=8502'],
        {},
        acls,
      ),
    ).toEqual([]);
    expect(messagesOf([...ACL_SYNC, '-token=t'], {}, acls)).toEqual([]);
    expect(messagesOf([...ACL_SYNC, '-token-file=/t'], {}, acls)).toEqual([]);
    const fromSecret = { name: 'CONSUL_ACL_TOKEN', valueFrom: { secretKeyRef: { name: 'sync-token', key: 'token' } } };
    expect(messagesOf(ACL_SYNC, { env: [fromSecret] }, acls)).toEqual([]);
  });

  it('positional words: a boolean flag takes none, another flag takes the next word; delete-completed-job takes its Job name', () => {
    const plain = agent('ports { grpc = 8502 }');
    expect(findingsOf([...SYNC, '-enable-ingress', 'extra'], {}, plain)).toEqual([
      { severity: 'error', at: `${ARGS}/6`, message: 'Job/job c: sync-catalog takes no arguments besides flags, got "extra": it exits' },
    ]);
    expect(findingsOf([...SYNC, '-log-level', 'debug'], {}, plain)).toEqual([]);
    expect(messages([command(['delete-completed-job', '-k8s-namespace=consul', 'consul-server-acl-init'])])).toEqual([]);
  });

  it('envOnly variables are read; the 0.x variables name their 1.x replacement, others only the nearest name', () => {
    const readsNo = (name: string) =>
      messages([command(['acl-init', '-secret-name=s'], { env: [env(name, 'x')] })]).map((message) =>
        message.replace(/^Job\/job c: acl-init 1\.9\.11 /, ''),
      );
    const REPLACED =
      '; since control plane 1.0 it talks to the servers through CONSUL_ADDRESSES, CONSUL_USE_TLS, CONSUL_CACERT_FILE and a login';
    expect(readsNo('CONSUL_HTTP_TOKEN')).toEqual([
      expect.stringMatching(
        new RegExp(`^reads no CONSUL_HTTP_TOKEN.*: the setting has no effect${REPLACED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      ),
    ]);
    expect(readsNo('CONSUL_CACERT')[0]).toMatch(/the setting has no effect; since control plane 1\.0/);
    // a command that reads no CONSUL_* variable has no nearest name to offer
    expect(
      messages([command(['fetch-server-region', '-output-file=/r', '-node-name=n'], { env: [env('CONSUL_DATACENTER', 'dc1')] })]),
    ).toEqual(['Job/job c: fetch-server-region 1.9.11 reads no CONSUL_DATACENTER: the setting has no effect']);
    const clientCa = ['get-consul-client-ca', '-output-file=/ca', '-server-addr=consul-server', '-consul-api-timeout=5s'];
    expect(messages([command(clientCa, { env: [env('CONSUL_CACERT', '/ca.pem'), env('CONSUL_HTTP_TOKEN', 't')] })])).toEqual([]);
  });

  it('a flag its facts say must not be empty is an error at the command when missing', () => {
    expect(found(controlPlaneContract, [command(['fetch-server-region', '-output-file=/r'])])).toEqual([
      { severity: 'error', at: ARGS, message: 'Job/job c: -node-name is required (fetch-server-region exits without -node-name)' },
    ]);
    expect(messages([command(['fetch-server-region', '-output-file=/r', '-node-name=$(NODE_NAME)'])])).toEqual([]);
    // only a condition that starts with the flag names it
    const facts = pinnedFacts();
    const fetch = facts.controlPlane.commands['fetch-server-region']!;
    const changed = {
      ...facts,
      controlPlane: {
        ...facts.controlPlane,
        commands: {
          ...facts.controlPlane.commands,
          'fetch-server-region': {
            ...fetch,
            required: [{ when: 'unless -node-name is empty', message: 'no node' }, { message: 'always' }],
          },
        },
      },
    } as Facts;
    expect(found(controlPlaneContract, [command(['fetch-server-region', '-output-file=/r'])], tierSpec('development'), changed)).toEqual(
      [],
    );
  });

  it('sync-catalog with -k8s-source-namespace has its namespace; without either flag the finding points at the command', () => {
    const plain = agent('ports { grpc = 8502 }');
    expect(
      found(controlPlaneContract, [
        plain,
        command([...SYNC.slice(1), '-k8s-source-namespace=apps'].map((word, index) => (index === 0 ? 'sync-catalog' : word))),
      ]),
    ).toEqual([]);
    expect(found(controlPlaneContract, [plain, command(['sync-catalog', ...SYNC.slice(2)])])).toEqual([
      {
        severity: 'error',
        at: ARGS,
        message: 'Job/job c: no -allow-k8s-namespace (nor -k8s-source-namespace): sync-catalog syncs no Service at all',
      },
    ]);
  });
});
