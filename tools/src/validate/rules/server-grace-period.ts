/** Shutdown timing: the servers' grace period against the graceful leave Consul runs on SIGTERM. */
import type { RenderedRule } from '../policies/rule.js';
import { configValue } from '../../model/consul-config.js';
import { get } from '../../model/k8s-objects.js';
import { jsonText } from '../../model/json.js';

/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export const serverGracePeriod: RenderedRule = {
  id: 'server-grace-period',
  scope: 'rendered',
  severity: 'error',
  summary:
    "The servers' terminationGracePeriodSeconds leaves room for the graceful leave Consul runs on SIGTERM with leave_on_terminate (up to 15 seconds in Consul 1.22).",
  reason:
    'Reported: terminationGracePeriodSeconds 5 on servers; the kubelet kills them mid-leave, so they stay in the Raft configuration as failed voters, or panic with "leave after shutdown". Consul 1.22.7 (command/agent/agent.go, agent/consul/server.go; tools/facts/consul-1.22.7/shutdown.json) waits up to 15 seconds for the leave: serf leave, leave_drain_time (5s by default), then up to 5 seconds to leave Raft.',
  fix: 'Keep the generated terminationGracePeriodSeconds (30) on the server StatefulSet, or at least the graceful-leave timeout of 15 seconds.',
  kinds: ['StatefulSet'],
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const config = context.agentConfig('server')?.config;
    if (!statefulSet || !config) return [];
    // Consul's default: servers do not leave on SIGTERM, clients do (agent/config/builder.go, leave_on_terminate).
    const leaves = configValue(config, 'leave_on_terminate') ?? configValue(config, 'server') !== true;
    if (leaves !== true) return [];
    const facts = context.facts.shutdown;
    const written = get(statefulSet.object, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds');
    const seconds = typeof written === 'number' ? written : DEFAULT_GRACE_SECONDS;
    if (seconds >= facts.gracefulTimeoutSeconds) return [];
    const drain = configValue(config, 'performance.leave_drain_time') ?? facts.leaveDrainTimeDefault;
    return [
      {
        resource: statefulSet,
        path: '/spec/template/spec/terminationGracePeriodSeconds',
        message: `terminationGracePeriodSeconds ${seconds} is shorter than the graceful leave the servers run on SIGTERM (leave_on_terminate): up to ${facts.gracefulTimeoutSeconds}s (serf leave, leave_drain_time ${jsonText(drain)}, up to ${facts.raftRemoveGracePeriodSeconds}s to leave Raft); the kubelet kills them mid-leave and they stay as failed voters`,
      },
    ];
  },
};
