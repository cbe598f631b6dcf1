/** consul-acl: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-acl/). */
import { describe, expect, it } from 'vitest';
import { consulAcl } from '../../../tools/src/validate/rules/consul-acl.js';
import { found, object, servers, tierSpec, type Body, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const TOKEN = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const config = (role: 'server' | 'client', body: Body = {}) =>
  object('v1', 'ConfigMap', `consul-${role}-config`, { data: { 'agent.json': JSON.stringify(body) } });
const agent = (extra: Body = {}) => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', ...extra });
const secretEnv = (name: string, secret: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key: 'token' } } });
const loginEnv = { name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'consul-k8s-auth-method' };
const aclInit = { name: 'acl-init', image: 'hashicorp/consul-k8s-control-plane:1.9.11', args: ['acl-init'], env: [loginEnv] };
const serverAclInit = (args: string[]) =>
  object('batch/v1', 'Job', 'consul-server-acl-init', {
    spec: { template: { spec: { containers: [{ name: 'server-acl-init', args: ['server-acl-init', ...args] }] } } },
  });
interface Roles {
  server?: Body;
  client?: Body;
  clientInit?: Body[];
  sync?: Body;
  serverConfig?: Body;
  clientConfig?: Body;
  jobArgs?: string[];
}
/** The literal-token findings of consul-acl for a render of the roles given (ACLs off: no other consul-acl finding). */
function literals(roles: Roles) {
  const resources = [
    ...(roles.server ? [servers(3, {}, { containers: [agent(roles.server)] })] : []),
    ...(roles.client
      ? [workload('DaemonSet', 'consul-client', { initContainers: roles.clientInit ?? [], containers: [agent(roles.client)] })]
      : []),
    ...(roles.sync ? [workload('Deployment', 'consul-sync-catalog', { containers: [{ name: 'sync-catalog', ...roles.sync }] })] : []),
    config('server', roles.serverConfig),
    config('client', roles.clientConfig),
    ...(roles.jobArgs ? [serverAclInit(roles.jobArgs)] : []),
  ];
  return found(consulAcl, resources).filter((finding) => finding.message.includes('from a literal'));
}

describe('consul-acl: the agents agree, and outside development deny by default', () => {
  const check = (server: Body, client: Body, tier: 'development' | 'staging' | 'production' = 'development') =>
    found(consulAcl, [config('server', server), config('client', client)], tierSpec(tier));
  const CLIENT = 'ConfigMap/consul-client-config /data';

  it('ACLs off on both passes in development', () => {
    expect(check({}, {})).toEqual([]);
    expect(check({ acl: { enabled: false } }, {})).toEqual([]);
  });

  it('ACLs on one side only is an error, named both ways', () => {
    expect(check({ acl: { enabled: true } }, {})).toEqual([
      { severity: 'error', at: CLIENT, message: 'ACLs are on on the servers but off on the clients' },
    ]);
    expect(
      check({}, { acl: { enabled: true, tokens: { agent: '${AGENT_TOKEN}' } } }).filter((finding) =>
        finding.message.startsWith('ACLs are'),
      ),
    ).toEqual([{ severity: 'error', at: CLIENT, message: 'ACLs are off on the servers but on on the clients' }]);
  });

  it('staging and production need ACLs on with default_policy deny on each agent', () => {
    expect(check({}, {}, 'staging')).toEqual([
      {
        severity: 'error',
        at: 'ConfigMap/consul-server-config /data',
        message: 'tier staging: the server agent has ACLs off; use acl.enabled true and default_policy deny',
      },
      {
        severity: 'error',
        at: CLIENT,
        message: 'tier staging: the client agent has ACLs off; use acl.enabled true and default_policy deny',
      },
    ]);
    const allow = { acl: { enabled: true } };
    expect(check(allow, { acl: { enabled: true, default_policy: 'deny' } }, 'production').map((finding) => finding.message)).toContain(
      'tier production: the server agent has ACLs with default_policy allow; use acl.enabled true and default_policy deny',
    );
    expect(check({ acl: { enabled: true, default_policy: 'deny' } }, {}, 'development').map((finding) => finding.message)).toEqual([
      'ACLs are on on the servers but off on the clients',
    ]);
  });

  it('without both agent configs there is nothing to compare', () => {
    expect(found(consulAcl, [config('server', { acl: { enabled: true } })], tierSpec('production'))).toEqual([]);
  });
});
describe('consul-acl: a role that takes its ACL token from a literal', () => {
  it('an env value on the clients, with the servers bootstrapped by server-acl-init and sync logging in', () => {
    expect(
      literals({
        server: {},
        client: { env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] },
        sync: { env: [loginEnv] },
        jobArgs: ['-set-server-tokens'],
      }),
    ).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value',
        message:
          'the clients (DaemonSet/consul-client) take an ACL token from a literal (env CONSUL_HTTP_TOKEN), while the servers use tokens set by server-acl-init; catalog sync uses an auth-method login (CONSUL_LOGIN_AUTH_METHOD): a committed token is readable by everyone with the repository',
      },
    ]);
  });

  it('a -token flag on the sync args, next to clients that log in through acl-init and servers with no source', () => {
    expect(
      literals({
        server: {},
        client: {},
        clientInit: [aclInit],
        sync: { args: ['sync-catalog', `-token=${TOKEN}`] },
        jobArgs: ['-set-server-tokens=false'],
      }),
    ).toEqual([
      {
        severity: 'error',
        at: 'Deployment/consul-sync-catalog /spec/template/spec/containers/0/args/1',
        message:
          'catalog sync (Deployment/consul-sync-catalog) takes an ACL token from a literal (a -token flag on its args), while the servers have no token source; the clients use an acl-init login: a committed token is readable by everyone with the repository',
      },
    ]);
  });

  it('a -token flag inside a shell command, and acl.tokens in the client ConfigMap: one finding each', () => {
    const result = literals({
      server: { command: ['/bin/sh', '-ec', `consul agent -token ${TOKEN}`] },
      client: {},
      clientConfig: { acl: { tokens: { agent: TOKEN, default: 'not-a-token' } } },
    });
    expect(result.map((finding) => [finding.at, finding.message.split(', while')[0]])).toEqual([
      [
        'StatefulSet/consul-server /spec/template/spec/containers/0/command/2',
        'the servers (StatefulSet/consul-server) take an ACL token from a literal (a -token flag on its command)',
      ],
      [
        'ConfigMap/consul-client-config /data',
        'the clients (DaemonSet/consul-client) take an ACL token from a literal (acl.tokens.agent in ConfigMap consul-client-config)',
      ],
    ]);
  });

  it('the other roles are described by every safe source they have: a Secret, a token file, a login', () => {
    const [finding] = literals({
      server: {
        env: [secretEnv('CONSUL_HTTP_TOKEN', 'consul-bootstrap-acl-token'), { name: 'CONSUL_HTTP_TOKEN_FILE', value: '/consul/token' }],
      },
      client: { env: [loginEnv] },
      sync: { env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] },
    });
    expect(finding?.message).toBe(
      'catalog sync (Deployment/consul-sync-catalog) takes an ACL token from a literal (env CONSUL_HTTP_TOKEN), while the servers use Secret consul-bootstrap-acl-token (CONSUL_HTTP_TOKEN) and a token file (CONSUL_HTTP_TOKEN_FILE); the clients use an auth-method login (CONSUL_LOGIN_AUTH_METHOD): a committed token is readable by everyone with the repository',
    );
  });

  it('a role alone names no others; catalog sync without a literal has no token source in the singular', () => {
    expect(literals({ server: { env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] } }).map((finding) => finding.message)).toEqual([
      'the servers (StatefulSet/consul-server) take an ACL token from a literal (env CONSUL_HTTP_TOKEN): a committed token is readable by everyone with the repository',
    ]);
    expect(literals({ client: { env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] }, sync: {} })[0]?.message).toContain(
      ', while catalog sync has no token source:',
    );
  });

  it('no literal, no finding: a Secret, a login, a value that is not a token, a variable reference', () => {
    expect(
      literals({
        server: { env: [secretEnv('CONSUL_HTTP_TOKEN', 'consul-bootstrap-acl-token')] },
        client: { env: [{ name: 'CONSUL_HTTP_TOKEN', value: '$(TOKEN)' }] },
        clientInit: [aclInit],
        sync: { env: [loginEnv, { name: 'CONSUL_HTTP_ADDR', value: 'https://consul-server:8501' }] },
        serverConfig: { acl: { tokens: { agent: '${AGENT_TOKEN}' } } },
      }),
    ).toEqual([]);
  });
});

describeRuleFixtures('consul-acl');

describe('consul-acl: with ACLs on, the client agents and catalog sync have credentials (inline)', () => {
  const ACL = { acl: { enabled: true, default_policy: 'deny' } };
  /** The chart's acl-init init container, as the binary runs it. */
  const loginInit = (...flags: string[]) => ({ ...aclInit, command: ['consul-k8s-control-plane'], args: ['acl-init', ...flags] });
  /** The client DaemonSet: its agent loads consul-client-config from /consul/config, then `args`. */
  const clientAgent = (args: string[], initContainers: Body[] = [loginInit()]) =>
    workload('DaemonSet', 'consul-client', {
      initContainers,
      containers: [
        agent({
          command: ['consul', 'agent', '-config-dir=/consul/config', ...args],
          volumeMounts: [{ name: 'config', mountPath: '/consul/config' }],
        }),
      ],
      volumes: [{ name: 'config', configMap: { name: 'consul-client-config' } }],
    });
  const run = (resources: Parameters<typeof found>[1], tier: 'development' | 'staging' = 'development') =>
    found(consulAcl, [config('server', ACL), ...resources], tierSpec(tier));
  const clientFindings = (client: Parameters<typeof found>[1][number], clientBody: Body = ACL) =>
    run([config('client', clientBody), client]);

  it('staging with ACLs on and default_policy deny on both agents passes', () => {
    expect(run([config('client', ACL)], 'staging')).toEqual([]);
    expect(run([config('client', { acl: { enabled: true, default_policy: 'Deny' } })], 'staging').map((entry) => entry.message)).toEqual([
      'tier staging: the client agent has ACLs with default_policy Deny; use acl.enabled true and default_policy deny',
    ]);
  });

  it('a client agent without acl-init and without acl.tokens.agent has no agent token', () => {
    expect(clientFindings(clientAgent([], []))).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0',
        message:
          'ACLs are on but the client agent has no agent token: no acl-init init container logs it in, and its config sets no acl.tokens.agent',
      },
    ]);
    expect(clientFindings(clientAgent([], []), { acl: { ...ACL.acl, tokens: { agent: '${AGENT_TOKEN}' } } })).toEqual([]);
    expect(clientFindings(clientAgent([], []), { acl: { ...ACL.acl, tokens: { agent: 42 } } })).toHaveLength(1);
    // acl-init as a regular container, or another init container, does not log the agent in
    const mounted = clientAgent([], []);
    const pod = (mounted.object as { spec: { template: { spec: { containers: Body[] } } } }).spec.template.spec;
    pod.containers.push(loginInit());
    const regular = mounted;
    expect(clientFindings(regular).map((entry) => entry.message)).toEqual([
      'ACLs are on but the client agent has no agent token: no acl-init init container logs it in, and its config sets no acl.tokens.agent',
    ]);
    const other = { ...loginInit(), args: ['server-acl-init'] };
    expect(clientFindings(clientAgent([], [other])).filter((entry) => entry.message.includes('no agent token'))).toHaveLength(1);
    // ACLs off on the clients: no token asked for
    expect(found(consulAcl, [config('server', {}), config('client', {}), clientAgent([], [])])).toEqual([]);
    // no client DaemonSet, or one without a container: nothing to ask
    expect(clientFindings(workload('DaemonSet', 'consul-client', { containers: [] }))).toEqual([]);
    expect(clientFindings(workload('DaemonSet', 'other', { containers: [agent()] }))).toEqual([]);
  });

  it('acl-init writes the token into its -acl-dir (default /consul/aclconfig), which the agent must load with -config-dir', () => {
    expect(clientFindings(clientAgent(['-config-dir=/consul/aclconfig/']))).toEqual([]);
    expect(clientFindings(clientAgent(['-config-dir=/consul/other', '-config-dir=/consul/aclconfig']))).toEqual([]);
    expect(clientFindings(clientAgent([]))).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/args',
        message:
          'acl-init writes the agent token into /consul/aclconfig, but the agent does not load it (-config-dir=/consul/aclconfig is missing)',
      },
    ]);
    expect(clientFindings(clientAgent(['-config-file=/consul/aclconfig']))).toHaveLength(1);
    const custom = (flag: string) => [loginInit(flag)];
    expect(clientFindings(clientAgent(['-config-dir=/consul/acl'], custom('-acl-dir=/consul/acl/')))).toEqual([]);
    expect(clientFindings(clientAgent(['-config-dir=/consul/acl'], custom('--acl-dir=/consul/acl')))).toEqual([]);
    expect(
      clientFindings(clientAgent(['-config-dir=/consul/aclconfig'], custom('-acl-dir=/consul/acl'))).map((entry) => entry.message),
    ).toEqual(['acl-init writes the agent token into /consul/acl, but the agent does not load it (-config-dir=/consul/acl is missing)']);
    // the client agent's own flags count, not another agent's; an agent command this rule cannot read loads nothing
    const serverLoading = servers(
      3,
      {},
      { containers: [agent({ command: ['consul', 'agent', '-server', '-config-dir=/consul/aclconfig'] })] },
    );
    expect(
      run([config('client', ACL), serverLoading, clientAgent([])])
        .map((entry) => entry.message)
        .filter((message) => message.startsWith('acl-init')),
    ).toEqual([
      'acl-init writes the agent token into /consul/aclconfig, but the agent does not load it (-config-dir=/consul/aclconfig is missing)',
    ]);
    const wrapped = workload('DaemonSet', 'consul-client', {
      initContainers: [loginInit()],
      containers: [agent({ command: ['/entrypoint.sh'] })],
    });
    expect(clientFindings(wrapped).map((entry) => entry.message)).toEqual([
      'acl-init writes the agent token into /consul/aclconfig, but the agent does not load it (-config-dir=/consul/aclconfig is missing)',
    ]);
    // a -config-dir with no value reads as empty, the same as -acl-dir=/ without its trailing slash: this rule takes it as
    // loaded (the agent refuses a flag without a value on its own); one with a value other than / does not match it
    expect(clientFindings(clientAgent(['-config-dir'], custom('-acl-dir=/')))).toEqual([]);
    expect(clientFindings(clientAgent(['-config-dir=/x'], custom('-acl-dir=/')))).toHaveLength(1);
    // a word that only contains -acl-dir= is not the flag
    expect(clientFindings(clientAgent(['-config-dir=/consul/aclconfig'], custom('x-acl-dir=/consul/acl')))).toEqual([]);
  });

  it('catalog sync needs a token or a login when the servers have ACLs on', () => {
    const sync = (body: Body) => workload('Deployment', 'consul-sync-catalog', { containers: [{ name: 'sync-catalog', ...body }] });
    const syncFindings = (body: Body, server: Body = ACL) =>
      found(consulAcl, [config('server', server), config('client', {}), sync(body)]).filter((entry) =>
        entry.message.includes('catalog sync'),
      );
    const NONE = {
      severity: 'error',
      at: 'Deployment/consul-sync-catalog /spec/template/spec/containers/0/env',
      message:
        'ACLs are on but catalog sync has neither a token (CONSUL_ACL_TOKEN, CONSUL_ACL_TOKEN_FILE) nor a login (CONSUL_LOGIN_AUTH_METHOD): the servers refuse it as anonymous',
    };
    expect(syncFindings({ args: ['sync-catalog'] })).toEqual([NONE]);
    expect(
      syncFindings({ args: ['sync-catalog', '-other-token=x', '-tokenize=1'], env: [{ name: 'CONSUL_HTTP_TOKEN_FILE', value: '/t' }] }),
    ).toEqual([NONE]);
    expect(syncFindings({ args: ['sync-catalog'], env: [{ name: 'CONSUL_ACL_TOKEN_FILE', value: '/consul/token' }] })).toEqual([]);
    expect(syncFindings({ args: ['sync-catalog'], env: [loginEnv] })).toEqual([]);
    expect(syncFindings({ args: ['-auth-method-name=consul-k8s-auth-method'] })).toEqual([]);
    expect(syncFindings({ args: ['sync-catalog', '-token-file', '/consul/token'] })).toEqual([]);
    // ACLs off on the servers, or another Deployment: nothing asked
    expect(syncFindings({ args: ['sync-catalog'] }, {})).toEqual([]);
    const elsewhere = workload('Deployment', 'other-sync', { containers: [{ name: 'sync-catalog', args: ['sync-catalog'] }] });
    expect(
      found(consulAcl, [config('server', ACL), config('client', {}), elsewhere]).filter((entry) => entry.message.includes('catalog sync')),
    ).toEqual([]);
    expect(
      found(consulAcl, [config('server', ACL), config('client', {}), workload('Deployment', 'consul-sync-catalog', { containers: [] })]),
    ).toEqual([
      { severity: 'error', at: 'ConfigMap/consul-client-config /data', message: 'ACLs are on on the servers but off on the clients' },
    ]);
  });
});
