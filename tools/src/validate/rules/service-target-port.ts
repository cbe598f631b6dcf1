import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, asObject, containersOf, get, podLabelsOf, podSpecOf, selectorMatches } from '../../model/k8s-objects.js';
import { portsOf } from '../policies/ports.js';
import type { ParsedResource } from '../../parse/resource.js';

export const serviceTargetPort: RenderedRule = {
  id: 'service-target-port',
  scope: 'rendered',
  group: 'kubernetes',
  severity: 'error',
  summary:
    'Every Service selects at least one rendered workload, and each targetPort (named or numeric) is a container port of every pod it selects.',
  reason:
    'A Service whose selector matches no pod, or whose targetPort no container declares, has no endpoints: DNS, the UI and joins through it fail without any error at apply time.',
  fix: 'Match the Service selector to the pod template labels, and set targetPort to a containerPort number or port name that the selected containers declare (with the same protocol).',
  check(context) {
    // Pod labels read once, and indexed by label: a folder of thousands of objects is not n x m selector tests.
    const workloads = context.resources
      .filter((resource) => podSpecOf(resource) !== undefined)
      .map((workload) => ({ workload, labels: podLabelsOf(workload) }));
    const byLabel = new Map<string, typeof workloads>();
    for (const entry of workloads) {
      for (const [key, value] of Object.entries(entry.labels)) {
        const label = `${key}=${String(value)}`;
        const list = byLabel.get(label);
        if (list) list.push(entry);
        else byLabel.set(label, [entry]);
      }
    }
    // The ports of each workload's containers, read once: many Services may select one workload.
    const declaredPorts = new Map<ParsedResource, ReturnType<typeof portsOf>>();
    const declaredBy = (workload: ParsedResource): ReturnType<typeof portsOf> => {
      let declared = declaredPorts.get(workload);
      if (!declared) {
        declared = containersOf(workload)
          .filter((item) => !item.init)
          .flatMap((item) => portsOf(item.container));
        declaredPorts.set(workload, declared);
      }
      return declared;
    };
    const violations: Violation[] = [];
    for (const service of context.all('Service')) {
      const selector = get(service.object, 'spec', 'selector');
      const type = get(service.object, 'spec', 'type');
      if (type === 'ExternalName' || asObject(selector) === undefined || Object.keys(asObject(selector) ?? {}).length === 0) continue;
      // The pods carrying the selector's rarest label are the only candidates.
      const buckets = Object.entries(asObject(selector) ?? {})
        .filter(([key, value]) => key !== 'matchLabels' && key !== 'matchExpressions' && typeof value === 'string')
        .map(([key, value]) => byLabel.get(`${key}=${String(value)}`) ?? []);
      const candidates =
        buckets.length > 0 ? buckets.reduce((smallest, bucket) => (bucket.length < smallest.length ? bucket : smallest)) : workloads;
      const selected = candidates.filter((entry) => selectorMatches(selector, entry.labels)).map((entry) => entry.workload);
      if (selected.length === 0) {
        violations.push({
          resource: service,
          path: '/spec/selector',
          message: `selector ${JSON.stringify(selector)} matches no pod template in the render: the Service has no endpoints`,
        });
        continue;
      }
      asArray(get(service.object, 'spec', 'ports')).forEach((entry, index) => {
        const port = asObject(entry) ?? {};
        const target = port.targetPort ?? port.port;
        const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
        for (const workload of selected) {
          const found = declaredBy(workload).some(
            (candidate) =>
              candidate.protocol === protocol &&
              (typeof target === 'number' ? candidate.containerPort === target : candidate.name === target),
          );
          if (!found) {
            violations.push({
              resource: service,
              path: `/spec/ports/${index}/targetPort`,
              message: `port ${String(port.name ?? port.port)} targets ${typeof target === 'number' ? 'container port' : 'port name'} ${JSON.stringify(target)}/${protocol}, which ${workload.ref.kind} ${workload.ref.name} does not declare`,
            });
          }
        }
      });
    }
    return violations;
  },
};
