import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, get, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';
import { TOPOLOGY } from '../../model/consul.js';

export const serverAntiAffinity: RenderedRule = {
  id: 'server-anti-affinity',
  scope: 'rendered',
  severity: 'error',
  summary: 'Servers require pod anti-affinity on kubernetes.io/hostname, and the environment has a node for each.',
  reason:
    'Two servers on one node fall together: one node failure then costs two votes. With fewer nodes than servers, the extra servers stay Pending.',
  fix: 'Keep the generated requiredDuringSchedulingIgnoredDuringExecution term selecting the server labels; raise minNodes or lower servers in environments.yaml.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const labels = podLabelsOf(statefulSet);
    const pointer = '/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution';
    const terms = asArray(
      get(statefulSet.object, 'spec', 'template', 'spec', 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'),
    );
    const hostTerm = terms.find(
      (term) => get(term, 'topologyKey') === TOPOLOGY.hostname && selectorMatches(get(term, 'labelSelector'), labels),
    );
    const violations: Violation[] = [];
    if (!hostTerm) {
      violations.push({
        resource: statefulSet,
        path: pointer,
        message: `no required pod anti-affinity on ${TOPOLOGY.hostname} selecting the server pods: two servers may share a node`,
      });
    }
    const n = context.serverCount();
    const nodes = context.environment?.minNodes;
    if (hostTerm && n !== undefined && nodes !== undefined && nodes < n) {
      violations.push({
        resource: statefulSet,
        path: '/spec/replicas',
        message: `${n} servers with required host anti-affinity need ${n} nodes, but environment ${context.environmentName} declares minNodes ${nodes}: ${n - nodes} server(s) would stay Pending`,
      });
    }
    return violations;
  },
};
