import type { RenderedRule } from '../policies/rule.js';
import { LEADER_ENDPOINT } from '../../model/consul.js';
import { asArray, asObject, containersOf, get } from '../../model/k8s-objects.js';

export const serverReadinessLeader: RenderedRule = {
  id: 'server-readiness-leader',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server readiness probe passes only when the agent knows a leader.',
  reason:
    'A server without a leader still accepts TCP connections and answers HTTP 200 with an empty leader, so TCP or plain HTTP probes mark a leaderless cluster Ready.',
  fix: `Use an exec probe that queries ${LEADER_ENDPOINT} and fails on an empty answer (the generated base does).`,
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const agent = containersOf(statefulSet).find((entry) => !entry.init);
    if (!agent) return [{ resource: statefulSet, path: '/spec/template/spec/containers', message: 'the server pod has no container' }];
    const probe = asObject(agent.container.readinessProbe);
    if (!probe)
      return [
        {
          resource: statefulSet,
          path: agent.pointer,
          message: 'the server container has no readiness probe: pods turn Ready before a leader exists',
        },
      ];
    const command = asArray(get(probe, 'exec', 'command')).join(' ');
    if (!command) {
      const kind = Object.keys(probe).find((key) => ['tcpSocket', 'httpGet', 'grpc'].includes(key)) ?? 'non-exec';
      return [
        {
          resource: statefulSet,
          path: `${agent.pointer}/readinessProbe`,
          message: `${kind} readiness probe: it passes without a leader; query ${LEADER_ENDPOINT} and require a non-empty answer`,
        },
      ];
    }
    if (!command.includes(LEADER_ENDPOINT)) {
      return [
        {
          resource: statefulSet,
          path: `${agent.pointer}/readinessProbe/exec/command`,
          message: `the exec readiness probe does not query ${LEADER_ENDPOINT}`,
        },
      ];
    }
    return [];
  },
};
