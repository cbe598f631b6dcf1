/** The flags a control-plane command is given, resolved as the pinned release reads them (command line, then its environment variable). */
import type { ControlPlaneFacts, ControlPlaneFlag } from '../../model/facts.js';
import { parseGoFlags } from './agent-invocation.js';
import type { ControlPlaneInvocation } from './control-plane-invocation.js';

/** Every flag a subcommand accepts: its own and those of the flag sets it merges. */
export function flagTable(facts: ControlPlaneFacts, subcommand: string): Record<string, ControlPlaneFlag> {
  const command = facts.commands[subcommand];
  const table: Record<string, ControlPlaneFlag> = {};
  for (const set of command?.usesFlagSets ?? []) Object.assign(table, facts.flagSets[set]?.flags ?? {});
  return Object.assign(table, command?.flags ?? {});
}

export interface ResolvedFlags {
  /** Flag name -> value given on the command line, else through its environment variable. */
  value(flag: string): string | undefined;
  /** Index in the invocation's words of the last occurrence of a flag given on the command line (-1 when not given). */
  indexOf(flag: string): number;
  given: { name: string; value?: string; index: number }[];
  /** Words that are not flags (Go flag parsing stops at the first). */
  positional: string[];
}

export function resolveFlags(invocation: ControlPlaneInvocation, table: Record<string, ControlPlaneFlag>): ResolvedFlags {
  const parsed = parseGoFlags(invocation.words, (name) => table[name]?.type === 'bool');
  // the flags are the first words, in order: one word each, two for `-name value`
  let next = 0;
  const given = parsed.flags.map((flag) => {
    const index = next;
    next += flag.value !== undefined && !invocation.words[index]?.includes('=') ? 2 : 1;
    return { ...flag, index };
  });
  const last = (name: string) => [...given].reverse().find((entry) => entry.name === name);
  return {
    given,
    positional: parsed.extra,
    indexOf: (name) => last(name)?.index ?? -1,
    value(name) {
      const flag = last(name);
      if (flag) return flag.value ?? 'true';
      const env = table[name]?.env;
      return env ? invocation.env.get(env) : undefined;
    },
  };
}
