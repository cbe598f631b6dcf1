import type { RenderedRule } from '../policies/rule.js';
import { faultTolerance } from '../../model/quorum-math.js';

export const quorumEvenServers: RenderedRule = {
  id: 'quorum-even-servers',
  scope: 'rendered',
  severity: 'error',
  summary: 'The server count is odd.',
  reason: 'An even count tolerates no more failures than one server fewer (4 tolerates 1, like 3) and makes split votes more likely.',
  fix: 'Set the server count to the odd number below or above it in environments.yaml, then run `consul-gitops generate`.',
  check(context) {
    const n = context.serverCount();
    const statefulSet = context.serverStatefulSet();
    if (n === undefined || !statefulSet || n === 0 || n % 2 === 1) return [];
    return [
      {
        resource: statefulSet,
        path: '/spec/replicas',
        message: `${n} servers tolerate ${faultTolerance(n)} failure(s), no more than ${n - 1}: use ${n - 1} or ${n + 1}`,
      },
    ];
  },
};
