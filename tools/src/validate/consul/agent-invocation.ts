/**
 * How a container starts `consul agent`: the words after `consul agent` (from an exec-form command,
 * or from the script of a `sh -c` command), its flags, and where each flag sits, so findings can
 * point at the script line.
 */
import type { ParsedResource } from '../../parse/resource.js';
import { invocationsOf, shellCommands, shellScriptOf } from '../../parse/shell-words.js';
import { asArray, containersOf, type ContainerRef } from '../../model/k8s-objects.js';

export interface AgentFlag {
  name: string;
  /** undefined for a bare boolean flag. */
  value?: string;
}

export interface AgentInvocation {
  resource: ParsedResource;
  container: ContainerRef;
  /** JSON pointer of the command or args entry that holds the invocation. */
  pointer: string;
  /** 1-based line of the invocation inside that entry (a multi-line script), for findings. */
  line: number;
  flags: AgentFlag[];
  /** Words after the flags (Consul rejects them). */
  extra: string[];
}

/** The shell script a container runs, and the pointer of the command or args entry that holds it. */
function scriptsOf(container: ContainerRef): { text: string; pointer: string }[] {
  const command = asArray(container.container.command).map(String);
  const script = shellScriptOf(command, asArray(container.container.args).map(String));
  if (!script) return [];
  const pointer =
    script.index < command.length
      ? `${container.pointer}/command/${script.index}`
      : `${container.pointer}/args/${script.index - command.length}`;
  return [{ text: script.text, pointer }];
}

/**
 * Go's flag package: `-name=value`, `--name=value`, `-name value` (not for booleans), a bare
 * `-name` for a boolean; parsing stops at the first word that is not a flag.
 */
export function parseGoFlags(words: readonly string[], isBool: (name: string) => boolean): { flags: AgentFlag[]; extra: string[] } {
  const flags: AgentFlag[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '--') return { flags, extra: words.slice(index + 1) };
    const match = /^--?([^-=][^=]*)(?:=([\s\S]*))?$/.exec(word);
    if (!match) return { flags, extra: words.slice(index) };
    const name = match[1] ?? '';
    if (match[2] !== undefined) flags.push({ name, value: match[2] });
    else if (isBool(name) || index + 1 >= words.length) flags.push({ name });
    else {
      flags.push({ name, value: words[index + 1] ?? '' });
      index += 1;
    }
  }
  return { flags, extra: [] };
}

/** Every `consul agent` a resource's containers run. */
export function agentInvocations(resource: ParsedResource, isBool: (name: string) => boolean): AgentInvocation[] {
  const found: AgentInvocation[] = [];
  for (const container of containersOf(resource)) {
    for (const script of scriptsOf(container)) {
      const lines = script.text.split('\n');
      for (const command of shellCommands(script.text)) {
        for (const words of invocationsOf(command.words, 'consul', 'agent')) {
          const line = Math.max(1, lines.findIndex((text) => /(^|[\s/])consul\s+agent\b/.test(text)) + 1);
          found.push({ resource, container, pointer: script.pointer, line, ...parseGoFlags(words, isBool) });
        }
      }
    }
    if (found.some((entry) => entry.container === container)) continue;
    const command = asArray(container.container.command).map(String);
    const words = [...command, ...asArray(container.container.args).map(String)];
    for (const rest of invocationsOf(words, 'consul', 'agent')) {
      found.push({
        resource,
        container,
        pointer: `${container.pointer}/${command.length > 0 ? 'command' : 'args'}`,
        line: 1,
        ...parseGoFlags(rest, isBool),
      });
    }
  }
  return found;
}
