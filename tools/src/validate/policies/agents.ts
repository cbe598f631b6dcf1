/** The Consul workloads of a render and what their containers pass to the agent: env, flags, Secrets. */
import { COMPONENT } from '../../model/consul.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';
import { asArray, containersOf, get, isKind, type ContainerRef } from './k8s.js';

export type AgentRole = 'server' | 'client';

export function agentWorkload(context: PolicyContext, role: AgentRole): ParsedResource | undefined {
  return role === 'server'
    ? context.serverStatefulSet()
    : context.resources.find((resource) => isKind(resource, 'DaemonSet', 'apps') && resource.ref.name === COMPONENT.client);
}

/** The first regular (not init) container: the agent, or the sync-catalog process. */
export function mainContainer(resource: ParsedResource | undefined): ContainerRef | undefined {
  return resource ? containersOf(resource).find((entry) => !entry.init) : undefined;
}

/** command and args as one string, to look for flags and variable references. */
export function commandLine(container: ContainerRef): string {
  return [...asArray(container.container.command), ...asArray(container.container.args)].map(String).join(' ');
}

export interface EnvVar {
  name: string;
  value?: string;
  secret?: { name: string; key: string };
  index: number;
}

export function envOf(container: ContainerRef): EnvVar[] {
  return asArray(container.container.env).flatMap((entry, index) => {
    const name = get(entry, 'name');
    if (typeof name !== 'string') return [];
    const value = get(entry, 'value');
    const secretName = get(entry, 'valueFrom', 'secretKeyRef', 'name');
    const secretKey = get(entry, 'valueFrom', 'secretKeyRef', 'key');
    return [
      {
        name,
        index,
        ...(typeof value === 'string' ? { value } : {}),
        ...(typeof secretName === 'string' && typeof secretKey === 'string' ? { secret: { name: secretName, key: secretKey } } : {}),
      },
    ];
  });
}

/** Whether the command line passes the variable to a flag: `-flag=$VAR`, `-flag=${VAR}`, `-flag=$(VAR)`. */
export function flagUsesVariable(line: string, flag: string, variable: string): boolean {
  const name = variable.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const pattern = new RegExp(`-{1,2}${flag}[= ]"?\\$(\\{${name}\\}|\\(${name}\\)|${name}(?![A-Za-z0-9_]))`);
  return pattern.test(line);
}

/** The literal value of `-flag=value` on the command line, when it is not a variable. */
export function flagValue(line: string, flag: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)-{1,2}${flag}[= ]"?([^\\s"$]+)`).exec(line);
  return match?.[1];
}

/** Where an agent's gossip key comes from: a Secret through an env var on -encrypt, or a literal in its config. */
export type GossipSource = { kind: 'secret'; name: string; key: string; variable: string } | { kind: 'config' } | { kind: 'none' };

export function gossipSourceOf(container: ContainerRef | undefined, config: Record<string, unknown> | undefined): GossipSource {
  if (container) {
    const line = commandLine(container);
    for (const variable of envOf(container)) {
      if (variable.secret && flagUsesVariable(line, 'encrypt', variable.name)) return { kind: 'secret', ...variable.secret, variable: variable.name };
    }
  }
  if (typeof config?.encrypt === 'string' && config.encrypt !== '') return { kind: 'config' };
  return { kind: 'none' };
}

export function describeGossip(source: GossipSource): string {
  if (source.kind === 'secret') return `Secret ${source.name} (key "${source.key}")`;
  return source.kind === 'config' ? 'a literal encrypt in its config' : 'no gossip encryption';
}
