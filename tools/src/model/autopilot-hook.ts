/**
 * The runtime autopilot settings a rendered hook Job applies: `autopilot.min_quorum` in the agent
 * config is read only when the datacenter first bootstraps, so a PostSync Job runs
 * `consul operator autopilot set-config` after every sync. The generator writes the command, the
 * `autopilot-hook` rule and `diff` read it back from here. Pure.
 */
import { asArray, containersOf, type ContainerRef } from './k8s-objects.js';
import type { ParsedResource } from './resource.js';

/** The consul CLI subcommand that changes autopilot on a running datacenter (reads, merges the flags given, check-and-sets). */
export const AUTOPILOT_SET_CONFIG = 'operator autopilot set-config';

export interface AppliedAutopilot {
  container: ContainerRef;
  /** JSON pointer of the command or args entry that holds the set-config call. */
  pointer: string;
  minQuorum?: number;
  cleanupDeadServers?: boolean;
}

/** `-flag=value` or `--flag value` of one word list; Go's flag forms. */
function flagValue(text: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)--?${name}(?:=|\\s+)("?)([^\\s";&|)]+)\\1`).exec(text);
  return match?.[2];
}

/** Every `consul operator autopilot set-config` a Job's containers run, with the values they set. */
export function appliedAutopilotOf(resource: ParsedResource): AppliedAutopilot[] {
  if (resource.ref.kind !== 'Job') return [];
  const found: AppliedAutopilot[] = [];
  for (const container of containersOf(resource)) {
    const command = asArray(container.container.command).map(String);
    const words = [...command, ...asArray(container.container.args).map(String)];
    const add = (rest: string, pointer: string) => {
      const minQuorum = flagValue(rest, 'min-quorum');
      const cleanup = flagValue(rest, 'cleanup-dead-servers');
      found.push({
        container,
        pointer,
        ...(minQuorum !== undefined && /^\d+$/.test(minQuorum) ? { minQuorum: Number(minQuorum) } : {}),
        ...(cleanup === 'true' || cleanup === 'false' ? { cleanupDeadServers: cleanup === 'true' } : {}),
      });
    };
    const pointerOf = (index: number) =>
      index < command.length ? `${container.pointer}/command/${index}` : `${container.pointer}/args/${index - command.length}`;
    let inScript = false;
    words.forEach((word, index) => {
      // A shell script: every set-config line of it, up to the end of its line.
      for (const line of word.split('\n')) {
        const start = line.indexOf(AUTOPILOT_SET_CONFIG);
        if (start < 0) continue;
        inScript = true;
        add(line.slice(start + AUTOPILOT_SET_CONFIG.length), pointerOf(index));
      }
    });
    // Exec form: consul operator autopilot set-config -min-quorum=N as separate words.
    const joined = words.join(' ');
    const start = joined.indexOf(AUTOPILOT_SET_CONFIG);
    if (!inScript && start >= 0) add(joined.slice(start + AUTOPILOT_SET_CONFIG.length), pointerOf(0));
  }
  return found;
}
