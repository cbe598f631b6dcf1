/**
 * Autopilot follows the spec on a running datacenter: the servers' `autopilot.min_quorum` is read only
 * at the first bootstrap, so a hook Job applies it after every sync (generate/base/autopilot.ts). This
 * holds the value that Job applies to the one the servers' config states.
 */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { appliedAutopilotOf, AUTOPILOT_SET_CONFIG } from '../../model/autopilot-hook.js';
import { configValue } from '../../model/consul-config.js';
import { quorumSize } from '../../model/quorum-math.js';
import { COMPONENT } from '../../model/consul.js';

export const autopilotHook: RenderedRule = {
  id: 'autopilot-hook',
  scope: 'rendered',
  severity: 'error',
  summary: `A Job that runs \`consul ${AUTOPILOT_SET_CONFIG}\` applies the min_quorum the servers' config states (autopilot.min_quorum, the quorum of the server count), and a render whose servers state a min_quorum has such a Job (a warning).`,
  reason:
    'Consul reads autopilot.min_quorum from the agent config only when the datacenter first bootstraps. After 5 -> 7 servers the ConfigMap says 4 while the running autopilot keeps 3, and may prune dead servers down to 3 of 7. The hook Job is what changes the running value; if it applies another number than the config, the config is a promise the datacenter does not keep, and every sync sets the wrong value again.',
  fix: 'Change the server count in environments.yaml and run `npx consul-gitops generate`: it writes the same quorum into the server config and the hook Job consul-autopilot-config. A hand-written patch of either must change both.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const server = context.agents().find((agent) => agent.invocation.resource === statefulSet);
    const stated = server ? configValue(server.effective, 'autopilot.min_quorum') : undefined;
    const count = context.serverCount();
    const expected = typeof stated === 'number' ? stated : count !== undefined ? quorumSize(count) : undefined;
    if (expected === undefined) return [];
    const source =
      typeof stated === 'number'
        ? `the servers' config states autopilot.min_quorum = ${stated}`
        : `the quorum of ${String(count)} servers is ${expected}`;
    const violations: Violation[] = [];
    const applied = context.all('Job').flatMap((job) => appliedAutopilotOf(job).map((call) => ({ job, call })));
    for (const { job, call } of applied) {
      const name = `Job/${job.ref.name}`;
      if (call.minQuorum === undefined) {
        violations.push({
          resource: job,
          path: call.pointer,
          message: `${name} runs consul ${AUTOPILOT_SET_CONFIG} without -min-quorum, so the running datacenter keeps the min_quorum of its first bootstrap; ${source}: pass -min-quorum=${expected}`,
        });
      } else if (call.minQuorum !== expected) {
        violations.push({
          resource: job,
          path: call.pointer,
          message: `${name} applies autopilot min_quorum ${call.minQuorum} after every sync, but ${source}: the running autopilot ${call.minQuorum < expected ? 'may prune dead servers below quorum' : 'never cleans up dead servers at this size'}; apply -min-quorum=${expected} (regenerate)`,
        });
      }
    }
    if (applied.length === 0 && typeof stated === 'number') {
      violations.push({
        resource: statefulSet,
        path: '/spec/replicas',
        severity: 'warning',
        message: `StatefulSet/${COMPONENT.server}: the servers' config states autopilot.min_quorum = ${stated}, but no Job of the render runs consul ${AUTOPILOT_SET_CONFIG}: Consul reads it only at the first bootstrap, so after a scale the running datacenter keeps the old value; keep the generated hook Job ${COMPONENT.autopilotConfig}`,
      });
    }
    return violations;
  },
};
