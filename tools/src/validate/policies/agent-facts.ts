/** Facts shared by the rules that hold the server and client agents to one datacenter (consul-gossip, consul-acl, consul-retry-join, control-plane-contract). */
import type { AgentRole } from './agents.js';
import { COMPONENT } from '../../model/consul.js';

export const ROLES: readonly AgentRole[] = ['server', 'client'];

/** How a control-plane 1.x container authenticates to Consul (control-plane/subcommand/flags/consul.go). */
export const CONTROL_PLANE_CREDENTIAL_ENV = ['CONSUL_ACL_TOKEN', 'CONSUL_ACL_TOKEN_FILE', 'CONSUL_LOGIN_AUTH_METHOD'] as const;

/**
 * The join addresses that mean "the consul-server Service of this namespace".
 */
export function serverServiceNames(namespace: string | undefined): string[] {
  const name = COMPONENT.server;
  return namespace ? [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`] : [name];
}
