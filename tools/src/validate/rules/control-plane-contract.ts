/**
 * control-plane-contract: every consul-k8s-control-plane command of the render passes only flags its
 * pinned version defines, sets only the CONSUL_* variables it reads, and has what it needs to work:
 * the server address and ports, TLS with a CA when the servers use TLS, a token or a login when ACLs
 * are on, and the namespace allow-list of catalog sync (its RBAC: control-plane-rbac).
 */
import { type ControlPlaneInvocation, controlPlaneInvocations } from '../consul/control-plane-invocation.js';
import type { ControlPlaneFacts, ControlPlaneFlag } from '../../model/facts.js';
import { GO_DURATION } from '../consul/config-keys.js';
import type { PolicyContext } from '../policies/context.js';
import { flagTable, resolveFlags as resolve, type ResolvedFlags as Resolved } from '../consul/control-plane-flags.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { agentPort, configValue, tlsEnabled } from '../../model/consul-config.js';
import { CONTROL_PLANE_CREDENTIAL_ENV } from '../policies/agent-facts.js';
import { closest } from '../../model/did-you-mean.js';
import { parseGoFlags } from '../consul/agent-invocation.js';

function pointerOf(invocation: ControlPlaneInvocation, index: number): string {
  return invocation.argsOffset !== undefined && index >= 0 ? `${invocation.pointer}/${invocation.argsOffset + index}` : invocation.pointer;
}

function envPointer(invocation: ControlPlaneInvocation, name: string): string {
  const index = [...invocation.env.keys()].indexOf(name);
  return index === -1 ? `${invocation.container.pointer}/env` : `${invocation.container.pointer}/env/${index}`;
}

const isRuntime = (value: string) => value.includes('$');

function typeProblem(flag: ControlPlaneFlag, value: string | undefined): string | undefined {
  if (value === undefined || isRuntime(value)) return undefined;
  switch (flag.type) {
    case 'bool':
      return /^(1|0|t|f|true|false|TRUE|FALSE|True|False)$/.test(value) ? undefined : 'a boolean (true or false)';
    case 'int':
      return /^-?\d+$/.test(value) ? undefined : 'an integer';
    case 'uint':
      return /^\d+$/.test(value) ? undefined : 'a non-negative integer';
    case 'duration':
      return GO_DURATION.test(value) ? undefined : 'a duration such as 5s';
    default:
      return undefined;
  }
}

/** The server agents of the render (effective config server = true): what the commands connect to. */
function serverConfig(context: PolicyContext): Record<string, unknown> | undefined {
  return context.agents().find((agent) => agent.effective.server === true)?.effective;
}

function connectionViolations(invocation: ControlPlaneInvocation, resolved: Resolved, context: PolicyContext, name: string): Violation[] {
  const violations: Violation[] = [];
  const at = (envName: string, message: string): Violation => ({
    resource: invocation.resource,
    path: envPointer(invocation, envName),
    message,
  });
  const subcommand = invocation.subcommand;
  const login = resolved.value('auth-method-name');
  const servers = serverConfig(context);
  const acls = servers !== undefined && configValue(servers, 'acl.enabled') === true;
  if (acls && subcommand === 'acl-init' && !login && !resolved.value('secret-name')) {
    violations.push(
      at(
        'CONSUL_LOGIN_AUTH_METHOD',
        `${name}: ACLs are on, but acl-init has neither a login (CONSUL_LOGIN_AUTH_METHOD) nor -secret-name: it waits forever for a token Secret with no name`,
      ),
    );
  }
  const needsServers =
    subcommand === 'sync-catalog' || subcommand === 'server-acl-init' || (subcommand === 'acl-init' && login !== undefined && login !== '');
  if (!needsServers) return violations;
  const addresses = resolved.value('addresses');
  if (!addresses) {
    violations.push(
      at(
        'CONSUL_ADDRESSES',
        `${name}: no server address (CONSUL_ADDRESSES or -addresses): ${subcommand} waits for servers it cannot find, before its health endpoint starts`,
      ),
    );
  }
  if (!servers) return violations;
  const tls = tlsEnabled(servers);
  const useTls = (resolved.value('use-tls') ?? 'false').toLowerCase() === 'true';
  if (tls && !useTls)
    violations.push(
      at('CONSUL_USE_TLS', `${name}: the servers use TLS, but CONSUL_USE_TLS is not true: every call fails the TLS handshake`),
    );
  if (!tls && useTls) violations.push(at('CONSUL_USE_TLS', `${name}: CONSUL_USE_TLS is true, but the servers serve no TLS`));
  if (tls && useTls && !resolved.value('ca-cert-file') && !resolved.value('ca-cert-pem')) {
    violations.push(
      at(
        'CONSUL_CACERT_FILE',
        `${name}: TLS without a CA (CONSUL_CACERT_FILE or CONSUL_CACERT_PEM): the servers' certificate cannot be verified`,
      ),
    );
  }
  const wantedHttp = agentPort(servers, tls ? 'https' : 'http');
  const http = resolved.value('http-port');
  if (http === undefined || http === '')
    violations.push(
      at(
        'CONSUL_HTTP_PORT',
        `${name}: no HTTP port (CONSUL_HTTP_PORT or -http-port): it defaults to 0; the servers serve ${tls ? 'HTTPS' : 'HTTP'} on ${wantedHttp}`,
      ),
    );
  else if (!isRuntime(http) && Number(http) !== wantedHttp)
    violations.push(
      at('CONSUL_HTTP_PORT', `${name}: CONSUL_HTTP_PORT is ${http}, but the servers serve ${tls ? 'HTTPS' : 'HTTP'} on ${wantedHttp}`),
    );
  if (subcommand !== 'acl-init') {
    const wantedGrpc = agentPort(servers, tls ? 'grpc_tls' : 'grpc');
    const grpc = resolved.value('grpc-port');
    if (grpc === undefined || grpc === '')
      violations.push(
        at(
          'CONSUL_GRPC_PORT',
          `${name}: no gRPC port (CONSUL_GRPC_PORT or -grpc-port): it defaults to 0; the servers serve ${tls ? 'TLS gRPC' : 'gRPC'} on ${wantedGrpc}`,
        ),
      );
    else if (!isRuntime(grpc) && Number(grpc) !== wantedGrpc) {
      violations.push(
        at(
          'CONSUL_GRPC_PORT',
          `${name}: CONSUL_GRPC_PORT is ${grpc}, but the servers serve ${tls ? 'TLS gRPC (ports.grpc_tls)' : 'gRPC (ports.grpc)'} on ${wantedGrpc}`,
        ),
      );
    }
  }
  if (acls && subcommand === 'sync-catalog') {
    const credential =
      CONTROL_PLANE_CREDENTIAL_ENV.some((env) => invocation.env.has(env)) ||
      ['token', 'token-file', 'auth-method-name'].some((flag) => resolved.value(flag));
    if (!credential)
      violations.push(
        at(
          'CONSUL_LOGIN_AUTH_METHOD',
          `${name}: ACLs are on, but it has no token (CONSUL_ACL_TOKEN, CONSUL_ACL_TOKEN_FILE) and no login (CONSUL_LOGIN_AUTH_METHOD): the servers refuse it`,
        ),
      );
  }
  return violations;
}

function invocationViolations(invocation: ControlPlaneInvocation, context: PolicyContext, facts: ControlPlaneFacts): Violation[] {
  const name = `${invocation.resource.ref.kind}/${invocation.resource.ref.name} ${String(invocation.container.container.name)}`;
  const subcommand = invocation.subcommand;
  if (!facts.commands[subcommand]) {
    const known = facts.subcommands;
    if (known.includes(subcommand)) return [];
    const near = closest(subcommand, known);
    return [
      {
        resource: invocation.resource,
        path: pointerOf(invocation, -1),
        message: `${name}: consul-k8s-control-plane ${facts.version} has no subcommand "${subcommand}"${near ? `; did you mean ${near}?` : ''}`,
      },
    ];
  }
  const table = flagTable(facts, subcommand);
  const resolved = resolve(invocation, table);
  const violations: Violation[] = [];
  for (const flag of resolved.given) {
    const known = table[flag.name];
    if (!known) {
      const near = closest(flag.name, Object.keys(table));
      violations.push({
        resource: invocation.resource,
        path: pointerOf(invocation, flag.index),
        message: `${name}: ${subcommand} ${facts.version} has no flag -${flag.name}: the command exits with a usage error${near ? `; did you mean -${near}?` : ''}`,
      });
      continue;
    }
    const wanted = typeProblem(known, flag.value);
    if (wanted)
      violations.push({
        resource: invocation.resource,
        path: pointerOf(invocation, flag.index),
        message: `${name}: -${flag.name}=${flag.value ?? ''} must be ${wanted}`,
      });
  }
  const positional = parseGoFlags(invocation.words, (flag) => table[flag]?.type === 'bool').extra;
  if (positional.length > 0 && subcommand !== 'delete-completed-job') {
    violations.push({
      resource: invocation.resource,
      path: pointerOf(invocation, invocation.words.indexOf(positional[0] ?? '')),
      message: `${name}: ${subcommand} takes no arguments besides flags, got "${positional.join(' ')}": it exits`,
    });
  }
  const readEnv = new Set([
    ...Object.values(table).flatMap((flag) => (flag.env ? [flag.env] : [])),
    ...(facts.commands[subcommand]?.envOnly ?? []),
  ]);
  for (const envName of invocation.env.keys()) {
    if (!envName.startsWith('CONSUL_') || readEnv.has(envName)) continue;
    const near = closest(envName, [...readEnv]);
    violations.push({
      resource: invocation.resource,
      path: envPointer(invocation, envName),
      message: `${name}: ${subcommand} ${facts.version} reads no ${envName}${near ? ` (did you mean ${near}?)` : ''}: the setting has no effect${envName === 'CONSUL_HTTP_ADDR' || envName === 'CONSUL_HTTP_TOKEN' || envName === 'CONSUL_CACERT' ? '; since control plane 1.0 it talks to the servers through CONSUL_ADDRESSES, CONSUL_USE_TLS, CONSUL_CACERT_FILE and a login' : ''}`,
    });
  }
  for (const requirement of facts.commands[subcommand]?.required ?? []) {
    const flag = /^-([a-z][a-z0-9-]*) is empty/.exec(requirement.when ?? '')?.[1];
    if (flag && !resolved.value(flag)) {
      violations.push({
        resource: invocation.resource,
        path: pointerOf(invocation, -1),
        message: `${name}: ${requirement.message} (${subcommand} exits without -${flag})`,
      });
    }
  }
  violations.push(...connectionViolations(invocation, resolved, context, name));
  if (subcommand === 'sync-catalog') {
    if (!resolved.value('allow-k8s-namespace') && !resolved.value('k8s-source-namespace')) {
      violations.push({
        resource: invocation.resource,
        path: pointerOf(invocation, -1),
        message: `${name}: no -allow-k8s-namespace (nor -k8s-source-namespace): sync-catalog syncs no Service at all`,
      });
    }
  }
  return violations;
}

export const controlPlaneContract: RenderedRule = {
  id: 'control-plane-contract',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Every consul-k8s-control-plane command uses only the subcommands, flags and CONSUL_* variables of the pinned control-plane release, and has what it needs: the server address and ports, TLS with a CA when the servers use TLS, a token or login with ACLs, and the namespace allow-list of catalog sync (its RBAC is control-plane-rbac).',
  reason:
    'The binary exits on an unknown flag, and silently ignores variables it does not read: the 0.x catalog-sync contract (CONSUL_HTTP_ADDR, CONSUL_CACERT, CONSUL_HTTP_TOKEN to the node agent) renders and applies cleanly, yet 1.x never connects, blocks before its health port opens and is restarted forever. Without -allow-k8s-namespace it syncs nothing.',
  fix: 'Pass the 1.x server contract (CONSUL_ADDRESSES, CONSUL_GRPC_PORT, CONSUL_HTTP_PORT, CONSUL_USE_TLS, CONSUL_CACERT_FILE, CONSUL_LOGIN_AUTH_METHOD) and only flags the release defines; the generated base does, from tools/facts/consul-k8s-1.9.11.',
  check(context) {
    const facts = context.facts.controlPlane;
    return context.resources.flatMap((resource) =>
      controlPlaneInvocations(resource).flatMap((invocation) => invocationViolations(invocation, context, facts)),
    );
  },
};
