/** The Consul workloads of a render and what their containers pass to the agent: env, flags, Secrets. */
import { COMPONENT } from '../../model/consul.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { PolicyContext } from './context.js';
import { asArray, containersOf, get, isKind, type ContainerRef } from '../../model/k8s-objects.js';

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

/**
 * Whether the command line passes the variable to a flag: `-flag=$VAR`, `-flag=${VAR}`, `-flag=$(VAR)`.
 * @internal pure command-line matching over quoting forms; the gossip-encryption rule reaches it
 */
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

/**
 * Where an agent's gossip key comes from: a Secret through an env var on -encrypt, or a literal (an
 * env value, the -encrypt flag itself, or encrypt in its config). A literal keeps its value to compare
 * with the other role's, never to print.
 */
export type GossipSource =
  | { kind: 'secret'; name: string; key: string; variable: string }
  | { kind: 'literal'; where: string; pointer: string; value: string }
  | { kind: 'none' };

/** The -encrypt flag's value as written (quotes removed), or undefined. */
function encryptFlag(line: string): string | undefined {
  return /(?:^|\s)-{1,2}encrypt[= ]"?([^\s"]+)/.exec(line)?.[1];
}

export function gossipSourceOf(container: ContainerRef | undefined, config: Record<string, unknown> | undefined): GossipSource {
  if (container) {
    const line = commandLine(container);
    const variables = envOf(container);
    for (const variable of variables) {
      if (!flagUsesVariable(line, 'encrypt', variable.name)) continue;
      if (variable.secret) return { kind: 'secret', ...variable.secret, variable: variable.name };
      if (variable.value !== undefined)
        return {
          kind: 'literal',
          where: `env ${variable.name}`,
          pointer: `${container.pointer}/env/${variable.index}/value`,
          value: variable.value,
        };
    }
    const flag = encryptFlag(line);
    if (flag !== undefined && !flag.startsWith('$')) {
      // The entry holding the flag, also when its value is the next entry (`-encrypt`, `<key>`).
      const item = (field: string) =>
        asArray(container.container[field]).findIndex((entry) => /(?:^|\s)-{1,2}encrypt(?:[= ]|$)/.test(String(entry)));
      const field = item('args') >= 0 ? 'args' : 'command';
      return {
        kind: 'literal',
        where: 'the -encrypt flag',
        pointer: `${container.pointer}/${field}/${Math.max(0, item(field))}`,
        value: flag,
      };
    }
  }
  if (typeof config?.encrypt === 'string' && config.encrypt !== '' && !config.encrypt.startsWith('$'))
    return { kind: 'literal', where: 'encrypt in its config', pointer: '/data', value: config.encrypt };
  return { kind: 'none' };
}

export function describeGossip(source: GossipSource): string {
  if (source.kind === 'secret') return `Secret ${source.name} (key "${source.key}")`;
  return source.kind === 'literal' ? `a literal key (${source.where})` : 'no gossip encryption';
}
