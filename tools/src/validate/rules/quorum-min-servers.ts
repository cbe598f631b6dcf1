import type { RenderedRule } from '../policies/rule.js';
import { COMPONENT } from '../../model/consul.js';

export const quorumMinServers: RenderedRule = {
  id: 'quorum-min-servers',
  scope: 'rendered',
  severity: 'error',
  summary: 'Staging and production run at least 3 servers; every environment runs at least 1.',
  reason: 'Fewer than 3 servers tolerate no failure: one lost node stops the datacenter.',
  fix: 'Raise `servers` for the environment in environments.yaml to 3 or 5.',
  check(context) {
    const n = context.serverCount();
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) {
      return [{ message: `no StatefulSet ${COMPONENT.server} in the render: a Consul datacenter needs its servers` }];
    }
    if (n === undefined) return [{ resource: statefulSet, path: '/spec/replicas', message: 'spec.replicas is not an integer' }];
    const tier = context.environment?.tier;
    if (n < 1) return [{ resource: statefulSet, path: '/spec/replicas', message: `${n} servers: a datacenter needs at least 1` }];
    if ((tier === 'staging' || tier === 'production') && n < 3) {
      return [
        {
          resource: statefulSet,
          path: '/spec/replicas',
          message: `${n} server(s) in tier ${tier}: at least 3 are needed to tolerate one failure`,
        },
      ];
    }
    return [];
  },
};
