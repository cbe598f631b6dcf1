/** Rollouts of the server StatefulSet: never more servers down at once than the fault tolerance. */
import type { RenderedRule, Violation } from '../policies/rule.js';
import { faultTolerance, quorumSize, seedPdbMaxUnavailable } from '../../model/quorum-math.js';
import { get } from '../../model/k8s-objects.js';
import { rolloutUnavailable } from '../policies/rollout-unavailable.js';
import { jsonText } from '../../model/json.js';

export const rolloutQuorum: RenderedRule = {
  id: 'rollout-quorum',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server StatefulSet rolls out without taking down more servers at once than the fault tolerance, and can bootstrap.',
  reason:
    'A rolling update restarts maxUnavailable servers at once (honoured with podManagementPolicy Parallel) and waits for each to turn Ready again, which the leader-aware probe ties to quorum. More than f at once stops the datacenter; exactly f leaves no margin for one unplanned failure (warning). OrderedReady with several servers never bootstraps: server 1 waits for server 0 to be Ready, which needs a leader, which needs bootstrap_expect servers. Parallel is reported as info: scaling starts and stops servers together.',
  fix: 'Keep updateStrategy RollingUpdate with maxUnavailable 1 (the default) and partition 0, and podManagementPolicy Parallel; scale servers down one at a time.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const n = context.serverCount();
    if (!statefulSet || n === undefined || n < 1) return [];
    const q = quorumSize(n);
    const f = faultTolerance(n);
    const facts = `n=${n}, quorum q=${q}, tolerated failures f=${f}`;
    const violations: Violation[] = [];
    const policy = get(statefulSet.object, 'spec', 'podManagementPolicy') ?? 'OrderedReady';
    const bootstrapExpect = context.agentConfig('server')?.config.bootstrap_expect;
    if (policy === 'OrderedReady' && n > 1 && (typeof bootstrapExpect !== 'number' || bootstrapExpect > 1)) {
      violations.push({
        resource: statefulSet,
        path: '/spec/podManagementPolicy',
        message: `podManagementPolicy OrderedReady creates server N+1 only once server N is Ready, and a server is Ready only with a leader, which needs ${jsonText(bootstrapExpect ?? n)} servers: the datacenter never bootstraps (${facts}); use Parallel`,
      });
    }
    if (policy === 'Parallel' && n > 1) {
      violations.push({
        resource: statefulSet,
        path: '/spec/podManagementPolicy',
        severity: 'info',
        message: `podManagementPolicy Parallel (needed to bootstrap): scaling starts and stops servers together; scale down one server at a time and never by more than f (${facts})`,
      });
    }
    const strategy = get(statefulSet.object, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
    if (strategy === 'OnDelete') {
      if (n > 1)
        violations.push({
          resource: statefulSet,
          path: '/spec/updateStrategy/type',
          severity: 'info',
          message: `updateStrategy OnDelete: a synced change reaches a server only when its pod is deleted; delete one at a time and wait for Ready (${facts})`,
        });
      return violations;
    }
    if (strategy !== 'RollingUpdate') return violations;
    const raw = get(statefulSet.object, 'spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable');
    const unavailable = rolloutUnavailable(raw, n);
    const path = '/spec/updateStrategy/rollingUpdate/maxUnavailable';
    if (unavailable === undefined || unavailable < 1) {
      violations.push({
        resource: statefulSet,
        path,
        message: `rollingUpdate.maxUnavailable ${JSON.stringify(raw)} is not a positive count or percentage (${facts}); use 1`,
      });
    } else if (n > 2 && unavailable > f) {
      violations.push({
        resource: statefulSet,
        path,
        message: `a rolling update takes down ${unavailable} server(s) at once (maxUnavailable ${JSON.stringify(raw)}) > f: the update alone breaks quorum (${facts}); use 1`,
      });
    } else if (unavailable > 1 && unavailable > seedPdbMaxUnavailable(n)) {
      violations.push({
        resource: statefulSet,
        path,
        severity: 'warning',
        message: `a rolling update takes down ${unavailable} servers at once: one unplanned failure during it breaks quorum (${facts}, margin ${f - unavailable}); use 1`,
      });
    }
    const partition = get(statefulSet.object, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
    if (typeof partition === 'number' && partition >= n && n > 0) {
      violations.push({
        resource: statefulSet,
        path: '/spec/updateStrategy/rollingUpdate/partition',
        severity: 'warning',
        message: `partition ${partition} >= ${n} servers: no server receives the synced template, the rollout is paused; lower it one ordinal at a time for a staged upgrade`,
      });
    }
    return violations;
  },
};
