import type { RenderedRule, Violation } from '../policies/rule.js';
import { CONTROL_PLANE_CREDENTIAL_ENV, ROLES } from '../policies/agent-facts.js';
import { configValue } from '../../model/consul-config.js';
import { literalTokenViolations } from '../policies/token-sources.js';
import { COMPONENT } from '../../model/consul.js';
import { agentWorkload, commandLine, mainContainer } from '../policies/agents.js';
import { asArray, get } from '../../model/k8s-objects.js';
import type { PolicyContext } from '../policies/context.js';
import { controlPlaneInvocations } from '../consul/control-plane-invocation.js';
import { jsonText } from '../../model/json.js';

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
          message: `tier ${tier}: the ${entry.role} agent has ${enabled[index] ? `ACLs with default_policy ${jsonText(policy)}` : 'ACLs off'}; use acl.enabled true and default_policy deny`,
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
