import type { RenderedRule, Violation } from '../policies/rule.js';
import { COMPONENT } from '../../model/consul.js';
import { get, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';

export const serverServicePublishNotReady: RenderedRule = {
  id: 'server-service-publish-not-ready',
  scope: 'rendered',
  severity: 'error',
  summary: 'The consul-server Service is headless, publishes not-ready addresses and selects the servers.',
  reason:
    'Servers join each other through this Service before any is Ready; without not-ready addresses the datacenter deadlocks at bootstrap and during upgrades.',
  fix: 'Set clusterIP: None and publishNotReadyAddresses: true on Service consul-server, selecting the server pod labels, and name it in the StatefulSet serviceName.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const service = context.find('Service', COMPONENT.server);
    if (!service) return [{ resource: statefulSet, message: `no Service ${COMPONENT.server}: retry_join has nothing to resolve` }];
    const violations: Violation[] = [];
    if (get(service.object, 'spec', 'clusterIP') !== 'None') {
      violations.push({
        resource: service,
        path: '/spec/clusterIP',
        message: 'not headless (clusterIP must be None): DNS would return one virtual IP, not every server',
      });
    }
    if (get(service.object, 'spec', 'publishNotReadyAddresses') !== true) {
      violations.push({
        resource: service,
        path: '/spec/publishNotReadyAddresses',
        message: 'publishNotReadyAddresses is not true: servers cannot find each other before a leader exists',
      });
    }
    if (!selectorMatches(get(service.object, 'spec', 'selector'), podLabelsOf(statefulSet))) {
      violations.push({ resource: service, path: '/spec/selector', message: 'the selector does not match the server pod labels' });
    }
    if (get(statefulSet.object, 'spec', 'serviceName') !== COMPONENT.server) {
      violations.push({
        resource: statefulSet,
        path: '/spec/serviceName',
        message: `serviceName is ${JSON.stringify(get(statefulSet.object, 'spec', 'serviceName'))}, not ${COMPONENT.server}`,
      });
    }
    return violations;
  },
};
