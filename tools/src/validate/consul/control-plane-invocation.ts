/** How a container runs `consul-k8s-control-plane <subcommand>`: exec form, or inside a `sh -c` script. */
import type { ParsedResource } from '../../parse/resource.js';
import { invocationsOf, shellCommands, shellScriptOf } from '../../parse/shell-words.js';
import { asArray, containersOf, get, type ContainerRef } from '../../model/k8s-objects.js';

const CONTROL_PLANE_BINARY = 'consul-k8s-control-plane';

export interface ControlPlaneInvocation {
  resource: ParsedResource;
  container: ContainerRef;
  subcommand: string;
  /** Words after the subcommand. */
  words: string[];
  /** Pointer of the first word after the subcommand when the command is exec form, else of the script. */
  pointer: string;
  /** Index of `words[0]` in the container's args when exec form (for per-flag pointers). */
  argsOffset?: number;
  /** The container's environment: literal values, and names set from elsewhere (valueFrom) as undefined. */
  env: Map<string, string | undefined>;
}

function envOf(container: ContainerRef): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const entry of asArray(container.container.env)) {
    const name = get(entry, 'name');
    if (typeof name !== 'string') continue;
    const value = get(entry, 'value');
    env.set(name, typeof value === 'string' ? value : undefined);
  }
  return env;
}

export function controlPlaneInvocations(resource: ParsedResource): ControlPlaneInvocation[] {
  const found: ControlPlaneInvocation[] = [];
  for (const container of containersOf(resource)) {
    const command = asArray(container.container.command).map(String);
    const args = asArray(container.container.args).map(String);
    const env = envOf(container);
    const script = shellScriptOf(command, args);
    if (script) {
      const pointer =
        script.index < command.length
          ? `${container.pointer}/command/${script.index}`
          : `${container.pointer}/args/${script.index - command.length}`;
      for (const shell of shellCommands(script.text)) {
        for (const rest of invocationsOf(shell.words, CONTROL_PLANE_BINARY)) {
          if (rest[0]) found.push({ resource, container, subcommand: rest[0], words: rest.slice(1), pointer, env });
        }
      }
      continue;
    }
    const words = [...command, ...args];
    const binary = words.findIndex((word) => word === CONTROL_PLANE_BINARY || word.endsWith(`/${CONTROL_PLANE_BINARY}`));
    const subcommand = words[binary + 1];
    if (binary === -1 || subcommand === undefined) continue;
    const first = binary + 2;
    const argsOffset = first - command.length;
    found.push({
      resource,
      container,
      subcommand,
      words: words.slice(first),
      pointer: argsOffset >= 0 ? `${container.pointer}/args` : `${container.pointer}/command`,
      ...(argsOffset >= 0 ? { argsOffset } : {}),
      env,
    });
  }
  return found;
}
