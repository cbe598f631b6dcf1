/**
 * Settings a hook applies to the running datacenter after the sync, which the objects' own diff does
 * not show as such: the autopilot min_quorum of the PostSync Job (generate/base/autopilot.ts). The
 * ConfigMap's min_quorum changes only a first bootstrap; this is the value the running servers get. Pure.
 */
import { appliedAutopilotOf } from '../model/autopilot-hook.js';
import type { ParsedResource } from '../parse/resource.js';

interface Applied {
  job: string;
  minQuorum?: number;
}

function appliedOf(resources: readonly ParsedResource[]): Applied | undefined {
  for (const resource of resources) {
    const call = appliedAutopilotOf(resource).find((entry) => entry.minQuorum !== undefined) ?? appliedAutopilotOf(resource)[0];
    if (call) return { job: `Job/${resource.ref.name}`, ...(call.minQuorum !== undefined ? { minQuorum: call.minQuorum } : {}) };
  }
  return undefined;
}

const show = (value: number | undefined): string => (value === undefined ? '(unset)' : String(value));

/** One line when the min_quorum a hook applies after the sync changes between two renders of an environment. */
export function runtimeSettingChanges(base: readonly ParsedResource[], head: readonly ParsedResource[]): string[] {
  const before = appliedOf(base);
  const after = appliedOf(head);
  if (!before && !after) return [];
  if (after && !before)
    return [
      `applies autopilot min_quorum ${show(after.minQuorum)} after sync (${after.job}, new): the running servers get it on the next sync`,
    ];
  if (before && !after)
    return [
      `no longer applies autopilot settings after sync (${before.job} removed): the running min_quorum stays ${show(before.minQuorum)} whatever the config says`,
    ];
  if (before && after && before.minQuorum !== after.minQuorum)
    return [
      `applies autopilot min_quorum ${show(before.minQuorum)} -> ${show(after.minQuorum)} after sync (${after.job}, a PostSync hook: the server config's min_quorum alone changes only a first bootstrap)`,
    ];
  return [];
}
