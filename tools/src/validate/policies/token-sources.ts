/**
 * How each role (server, client, catalog sync) gets its ACL token: a login through the auth method,
 * a Secret, a file, tokens set by server-acl-init, or a literal (an env value, a -token flag,
 * acl.tokens in a ConfigMap). consul-acl compares them: a literal next to roles that read a Secret
 * or log in is a finding naming them all.
 */
import { COMPONENT } from '../../model/consul.js';
import { credentialsInWords, credentialLike, isTokenName } from '../../model/secret-shapes.js';
import type { ParsedResource } from '../../parse/resource.js';
import { shellCommands } from '../../parse/shell-words.js';
import { agentWorkload, envOf, mainContainer } from './agents.js';
import type { PolicyContext } from './context.js';
import { asArray, asObject, containersOf, get } from '../../model/k8s-objects.js';

export type TokenRole = 'server' | 'client' | 'sync';

export interface TokenSource {
  kind: 'literal' | 'secret' | 'login' | 'file' | 'bootstrap';
  where: string;
  resource: ParsedResource;
  path: string;
}

export interface RoleTokens {
  role: TokenRole;
  workload: ParsedResource;
  sources: TokenSource[];
}

const ROLE_NAME: Record<TokenRole, string> = { server: 'the servers', client: 'the clients', sync: 'catalog sync' };
const PLURAL: Record<TokenRole, boolean> = { server: true, client: true, sync: false };
const verb = (role: TokenRole, plural: string, singular: string): string => (PLURAL[role] ? plural : singular);

function containerSources(workload: ParsedResource): TokenSource[] {
  const sources: TokenSource[] = [];
  for (const container of containersOf(workload)) {
    const aclInit = container.init && asArray(container.container.args).map(String).includes('acl-init');
    for (const variable of envOf(container)) {
      const path = `${container.pointer}/env/${variable.index}`;
      if (variable.name === 'CONSUL_LOGIN_AUTH_METHOD' && aclInit) continue;
      if (variable.name === 'CONSUL_LOGIN_AUTH_METHOD')
        sources.push({ kind: 'login', where: `an auth-method login (${variable.name})`, resource: workload, path });
      else if (/TOKEN_FILE$/.test(variable.name))
        sources.push({ kind: 'file', where: `a token file (${variable.name})`, resource: workload, path });
      else if (isTokenName(variable.name) && variable.secret)
        sources.push({ kind: 'secret', where: `Secret ${variable.secret.name} (${variable.name})`, resource: workload, path });
      else if (variable.value !== undefined && credentialLike(variable.value, variable.name)?.includes('token'))
        sources.push({ kind: 'literal', where: `env ${variable.name}`, resource: workload, path: `${path}/value` });
    }
    for (const field of ['command', 'args']) {
      asArray(container.container[field]).forEach((item, index) => {
        const words = shellCommands(String(item)).flatMap((command) => command.words);
        if (credentialsInWords(words).some((hit) => isTokenName(hit.name) || hit.what.includes('token'))) {
          sources.push({
            kind: 'literal',
            where: `a -token flag on its ${field}`,
            resource: workload,
            path: `${container.pointer}/${field}/${index}`,
          });
        }
      });
    }
    if (aclInit) sources.push({ kind: 'login', where: 'an acl-init login', resource: workload, path: container.pointer });
  }
  return sources;
}

/** acl.tokens.* literals in the agent's config (the ConfigMap it loads). */
function configSources(context: PolicyContext, role: 'server' | 'client'): TokenSource[] {
  const config = context.agentConfig(role);
  const tokens = asObject(get(config?.config, 'acl', 'tokens')) ?? {};
  if (!config) return [];
  return Object.entries(tokens).flatMap(([key, value]) =>
    typeof value === 'string' && credentialLike(value, key)
      ? [
          {
            kind: 'literal' as const,
            where: `acl.tokens.${key} in ${config.resource.ref.kind} ${config.resource.ref.name}`,
            resource: config.resource,
            path: '/data',
          },
        ]
      : [],
  );
}

function roleTokens(context: PolicyContext): RoleTokens[] {
  const roles: RoleTokens[] = [];
  for (const role of ['server', 'client'] as const) {
    const workload = agentWorkload(context, role);
    if (workload) roles.push({ role, workload, sources: [...containerSources(workload), ...configSources(context, role)] });
  }
  const server = roles.find((entry) => entry.role === 'server');
  const aclInit = context.find('Job', COMPONENT.aclInitJob);
  if (
    server &&
    aclInit &&
    containersOf(aclInit).some((entry) =>
      asArray(entry.container.args)
        .map(String)
        .some((arg) => /^-set-server-tokens(=true)?$/.test(arg)),
    )
  ) {
    server.sources.push({ kind: 'bootstrap', where: 'tokens set by server-acl-init', resource: aclInit, path: '/spec' });
  }
  const sync = context.find('Deployment', COMPONENT.syncCatalog);
  if (sync && mainContainer(sync)) roles.push({ role: 'sync', workload: sync, sources: containerSources(sync) });
  return roles;
}

function describeRole(entry: RoleTokens): string {
  const safe = entry.sources.filter((source) => source.kind !== 'literal');
  return `${ROLE_NAME[entry.role]} ${safe.length > 0 ? `${verb(entry.role, 'use', 'uses')} ${safe.map((source) => source.where).join(' and ')}` : verb(entry.role, 'have no token source', 'has no token source')}`;
}

/** One finding per literal token, naming how every other role gets its token. */
export function literalTokenViolations(context: PolicyContext): { resource: ParsedResource; path: string; message: string }[] {
  const roles = roleTokens(context);
  return roles.flatMap((entry) =>
    entry.sources
      .filter((source) => source.kind === 'literal')
      .map((source) => {
        const others = roles.filter((other) => other !== entry).map(describeRole);
        return {
          resource: source.resource,
          path: source.path,
          message: `${ROLE_NAME[entry.role]} (${entry.workload.ref.kind}/${entry.workload.ref.name}) ${verb(entry.role, 'take', 'takes')} an ACL token from a literal (${source.where})${others.length > 0 ? `, while ${others.join('; ')}` : ''}: a committed token is readable by everyone with the repository`,
        };
      }),
  );
}
