/** Consul settings that the server and client agents must agree on: datacenter, gossip key, ACLs, joining. */
import { COMPONENT } from '../../model/consul.js';
import type { ParsedResource } from '../../parse/resource.js';
import { agentWorkload, commandLine, describeGossip, flagValue, gossipSourceOf, mainContainer, type AgentRole } from './agents.js';
import { controlPlaneInvocations } from '../consul/control-plane-invocation.js';
import { configValue } from '../../model/consul-config.js';
import type { PolicyContext } from './context.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, get } from '../../model/k8s-objects.js';
import { literalTokenViolations } from './token-sources.js';

const ROLES: readonly AgentRole[] = ['server', 'client'];

/** The datacenter an agent runs in: a -datacenter flag beats the config; Consul's default is dc1. */
function datacenterOf(context: PolicyContext, role: AgentRole): string {
  const container = mainContainer(agentWorkload(context, role));
  const flag = container ? flagValue(commandLine(container), 'datacenter') : undefined;
  const configured = context.agentConfig(role)?.config.datacenter;
  return flag ?? (typeof configured === 'string' ? configured : 'dc1');
}

export const consulDatacenter: RenderedRule = {
  id: 'consul-datacenter',
  scope: 'rendered',
  severity: 'error',
  summary: 'Server and client agents run in the same datacenter, the one environments.yaml declares.',
  reason:
    'A client agent only joins servers of its own datacenter: with another name it finds no servers, registers nothing and every node-local API call fails.',
  fix: 'Set datacenter for the environment in environments.yaml and regenerate; do not override it with -datacenter flags or hand-edited ConfigMaps.',
  check(context) {
    const server = context.agentConfig('server');
    const client = context.agentConfig('client');
    if (!server || !client) return [];
    const serverDc = datacenterOf(context, 'server');
    const clientDc = datacenterOf(context, 'client');
    const violations: Violation[] = [];
    if (serverDc !== clientDc) {
      violations.push({
        resource: client.resource,
        path: '/data',
        message: `the client agents run in datacenter ${clientDc}, the servers in ${serverDc}: clients would never join`,
      });
    }
    const declared = context.environment?.datacenter;
    if (declared !== undefined && serverDc !== declared) {
      violations.push({
        resource: server.resource,
        path: '/data',
        message: `the servers run in datacenter ${serverDc}, but environment ${context.environmentName} declares ${declared}`,
      });
    }
    return violations;
  },
};

export const consulGossip: RenderedRule = {
  id: 'consul-gossip',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Both agents encrypt gossip with the key from the same Secret and key (or neither does, as the spec says); a role whose key is a literal (an env value, the -encrypt flag, encrypt in its config) is named next to the other role and its source.',
  reason:
    'Gossip between agents with different keys, or with and without a key, fails: clients drop out of the LAN pool. A key written into an env value, a flag or a ConfigMap is a committed secret, and a server with a literal key next to clients reading the Secret only works until someone rotates one of them.',
  fix: 'Pass the key from Secret consul-gossip-encryption-key (key `key`) through an env var to -encrypt on both agents; set security.gossip in environments.yaml and regenerate.',
  check(context) {
    const sources = ROLES.map((role) => ({
      role,
      workload: agentWorkload(context, role),
      source: gossipSourceOf(mainContainer(agentWorkload(context, role)), context.agentConfig(role)?.config),
    }));
    const [server, client] = sources;
    if (!server?.workload || !client?.workload) return [];
    const violations: Violation[] = [];
    const same =
      server.source.kind === client.source.kind &&
      (server.source.kind !== 'secret' ||
        (client.source.kind === 'secret' && server.source.name === client.source.name && server.source.key === client.source.key)) &&
      (server.source.kind !== 'literal' || (client.source.kind === 'literal' && server.source.value === client.source.value));
    // The side to fix is the one with a literal; the message names both roles, their workloads and sources.
    const literal = sources.find((entry) => entry.source.kind === 'literal');
    const named = (entry: (typeof sources)[number]) =>
      `the ${entry.role}s (${entry.workload?.ref.kind}/${entry.workload?.ref.name}) use ${describeGossip(entry.source)}`;
    if (!same) {
      const culprit = literal && literal.source.kind === 'literal' ? literal : undefined;
      violations.push({
        resource: culprit?.workload ?? client.workload,
        path:
          culprit && culprit.source.kind === 'literal' && culprit.source.pointer !== '/data'
            ? culprit.source.pointer
            : '/spec/template/spec/containers',
        message: `${named(server)}, ${named(client)}: gossip between them fails${culprit ? `, and the ${culprit.role} key is committed` : ''}`,
      });
    }
    for (const entry of sources) {
      if (entry.source.kind !== 'literal' || !entry.workload) continue;
      const inConfig = entry.source.pointer === '/data';
      violations.push({
        resource: inConfig ? (context.agentConfig(entry.role)?.resource ?? entry.workload) : entry.workload,
        path: entry.source.pointer,
        message: `the ${entry.role} gossip key is a literal (${entry.source.where}): pass it from a Secret to -encrypt through an env var`,
      });
    }
    const wanted = context.environment?.security.gossip;
    if (wanted === true && server.source.kind === 'none' && client.source.kind === 'none') {
      violations.push({
        resource: server.workload,
        path: '/spec/template/spec/containers',
        message: `environment ${context.environmentName} sets security.gossip, but neither agent passes a gossip key to -encrypt`,
      });
    }
    return violations;
  },
};

export const consulAcl: RenderedRule = {
  id: 'consul-acl',
  scope: 'rendered',
  severity: 'error',
  summary:
    'ACLs are on or off on both agents alike; staging and production enable them with default_policy deny; clients then get an agent token and catalog sync a token or an auth-method login; no role (server, client, sync) takes its token from a literal (env value, -token flag, acl.tokens in a ConfigMap) while the others read a Secret or log in.',
  reason:
    'Agents with ACLs against servers without (or the reverse) reject each other’s requests; allow-by-default ACLs protect nothing on a host port; a client without an agent token gets no auto_encrypt certificate and cannot register its node; a sync without credentials registers nothing.',
  fix: 'Set security.acls in environments.yaml (true outside development) and regenerate: clients log in with the acl-init init container (-config-dir=/consul/aclconfig), catalog sync with CONSUL_LOGIN_AUTH_METHOD, through the auth method server-acl-init creates.',
  check(context) {
    const configs = ROLES.map((role) => ({ role, config: context.agentConfig(role) }));
    if (configs.some((entry) => !entry.config)) return [];
    const violations: Violation[] = [];
    const enabled = configs.map((entry) => configValue(entry.config?.config ?? {}, 'acl.enabled') === true);
    if (enabled[0] !== enabled[1]) {
      violations.push({
        resource: configs[1]?.config?.resource,
        path: '/data',
        message: `ACLs are ${enabled[0] ? 'on' : 'off'} on the servers but ${enabled[1] ? 'on' : 'off'} on the clients`,
      });
    }
    const tier = context.environment?.tier;
    for (const [index, entry] of configs.entries()) {
      const policy = configValue(entry.config?.config ?? {}, 'acl.default_policy') ?? 'allow';
      if ((tier === 'staging' || tier === 'production') && (!enabled[index] || policy !== 'deny')) {
        violations.push({
          resource: entry.config?.resource,
          path: '/data',
          message: `tier ${tier}: the ${entry.role} agent has ${enabled[index] ? `ACLs with default_policy ${String(policy)}` : 'ACLs off'}; use acl.enabled true and default_policy deny`,
        });
      }
    }
    if (enabled[1]) violations.push(...clientTokenViolations(context));
    violations.push(...literalTokenViolations(context));
    const sync = context.find('Deployment', COMPONENT.syncCatalog);
    const container = mainContainer(sync);
    if (enabled[0] && sync && container) {
      const names = asArray(container.container.env).map((env) => String(get(env, 'name')));
      const line = commandLine(container);
      const hasCredential =
        CONTROL_PLANE_CREDENTIAL_ENV.some((name) => names.includes(name)) || /(?:^|\s)-(token|token-file|auth-method-name)[= ]/.test(line);
      if (!hasCredential) {
        violations.push({
          resource: sync,
          path: `${container.pointer}/env`,
          message:
            'ACLs are on but catalog sync has neither a token (CONSUL_ACL_TOKEN, CONSUL_ACL_TOKEN_FILE) nor a login (CONSUL_LOGIN_AUTH_METHOD): the servers refuse it as anonymous',
        });
      }
    }
    return violations;
  },
};

/** How a control-plane 1.x container authenticates to Consul (control-plane/subcommand/flags/consul.go). */
export const CONTROL_PLANE_CREDENTIAL_ENV = ['CONSUL_ACL_TOKEN', 'CONSUL_ACL_TOKEN_FILE', 'CONSUL_LOGIN_AUTH_METHOD'] as const;

/**
 * A client agent with ACLs needs an agent token before auto_encrypt signs its certificate: either the
 * chart's acl-init init container (a login that writes acl-config.json into a directory the agent
 * loads with -config-dir), or acl.tokens.agent in a config file the agent loads (a committed token
 * is plaintext-secret's finding).
 */
function clientTokenViolations(context: PolicyContext): Violation[] {
  const workload = agentWorkload(context, 'client');
  const agent = mainContainer(workload);
  if (!workload || !agent) return [];
  if (typeof configValue(context.agentConfig('client')?.config ?? {}, 'acl.tokens.agent') === 'string') return [];
  const aclInit = controlPlaneInvocations(workload).find((invocation) => invocation.container.init && invocation.subcommand === 'acl-init');
  if (!aclInit) {
    return [
      {
        resource: workload,
        path: `${agent.pointer}`,
        message:
          'ACLs are on but the client agent has no agent token: no acl-init init container logs it in, and its config sets no acl.tokens.agent',
      },
    ];
  }
  const dir = (aclInit.words.find((word) => /^--?acl-dir=/.test(word))?.replace(/^--?acl-dir=/, '') ?? ACL_INIT_DEFAULT_DIR).replace(
    /\/$/,
    '',
  );
  const loaded = context.agents().find((entry) => entry.invocation.resource === workload)?.invocation.flags ?? [];
  if (!loaded.some((flag) => flag.name === 'config-dir' && (flag.value ?? '').replace(/\/$/, '') === dir)) {
    return [
      {
        resource: workload,
        path: `${agent.pointer}/args`,
        message: `acl-init writes the agent token into ${dir}, but the agent does not load it (-config-dir=${dir} is missing)`,
      },
    ];
  }
  return [];
}

/** acl-init's default -acl-dir (control-plane/subcommand/acl-init/command.go). */
const ACL_INIT_DEFAULT_DIR = '/consul/aclconfig';

/**
 * The join addresses that mean "the consul-server Service of this namespace".
 * @internal the accepted join-address forms, pinned directly; the retry-join rule reaches it
 */
export function serverServiceNames(namespace: string | undefined): string[] {
  const name = COMPONENT.server;
  return namespace ? [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`] : [name];
}

function joinEntries(context: PolicyContext, role: AgentRole): { value: string; resource: ParsedResource; path: string }[] {
  const entries: { value: string; resource: ParsedResource; path: string }[] = [];
  const config = context.agentConfig(role);
  if (config)
    for (const value of asArray(config.config.retry_join)) entries.push({ value: String(value), resource: config.resource, path: '/data' });
  const workload = agentWorkload(context, role);
  const container = mainContainer(workload);
  if (workload && container) {
    for (const match of commandLine(container).matchAll(/-retry-join[= ]"?([^\s"]+)/g))
      entries.push({ value: match[1] ?? '', resource: workload, path: `${container.pointer}/args` });
  }
  return entries;
}

export const consulRetryJoin: RenderedRule = {
  id: 'consul-retry-join',
  scope: 'rendered',
  severity: 'error',
  summary: 'Every agent joins through the consul-server Service of its own namespace (retry_join).',
  reason:
    'The seed: agents find servers through the headless server Service’s DNS, which resolves to every server, ready or not. Another namespace’s Service joins another datacenter; a pod IP changes on reschedule; cloud auto-join needs API access the agents do not have.',
  fix: 'Use retry_join ["consul-server"] (or consul-server.<namespace>[.svc[.cluster.local]]) in both agent configs, as the generated base does.',
  check(context) {
    const violations: Violation[] = [];
    for (const role of ROLES) {
      const config = context.agentConfig(role);
      if (!config) continue;
      const namespace = config.resource.ref.namespace ?? context.environment?.namespace;
      const allowed = serverServiceNames(namespace);
      const entries = joinEntries(context, role);
      if (entries.length === 0) {
        violations.push({
          resource: config.resource,
          path: '/data',
          message: `the ${role} agent has no retry_join: it never finds the servers (use ${COMPONENT.server})`,
        });
      }
      for (const entry of entries) {
        const host = entry.value.replace(/:\d+$/, '').replace(/\.$/, '');
        if (allowed.includes(host)) continue;
        const other = host.startsWith(`${COMPONENT.server}.`)
          ? ` (namespace ${host.split('.')[1] ?? '?'}, not ${namespace ?? 'the rendered one'})`
          : '';
        violations.push({
          resource: entry.resource,
          path: entry.path,
          message: `the ${role} agent joins ${JSON.stringify(entry.value)}${other}: only ${allowed.join(', ')} reach this datacenter's servers`,
        });
      }
    }
    return violations;
  },
};
