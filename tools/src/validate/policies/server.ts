/** Server placement and discovery: anti-affinity, leader-aware readiness, the headless Service, storage. */
import { COMPONENT, LEADER_ENDPOINT, TOPOLOGY } from '../../model/consul.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, asObject, containersOf, get, podLabelsOf, selectorMatches } from '../../model/k8s-objects.js';

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

export const storageClass: RenderedRule = {
  id: 'storage-class',
  scope: 'rendered',
  severity: 'error',
  summary: "Every server claim template names the environment's declared storage class.",
  reason:
    'Server data (Raft log, node ID) lives on these claims; a wrong or default class can mean slow, zonal or non-retained volumes, and changing it later needs an orphan-delete of the StatefulSet.',
  fix: 'Set storage.class for the environment in environments.yaml and regenerate.',
  check(context) {
    const statefulSet = context.serverStatefulSet();
    if (!statefulSet) return [];
    const templates = asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates'));
    if (templates.length === 0) {
      return [
        {
          resource: statefulSet,
          path: '/spec/volumeClaimTemplates',
          message: 'no volumeClaimTemplates: server data (and the node ID) would not survive a reschedule',
        },
      ];
    }
    const expected = context.environment?.storage.class;
    const violations: Violation[] = [];
    templates.forEach((template, index) => {
      const actual = get(template, 'spec', 'storageClassName');
      const path = `/spec/volumeClaimTemplates/${index}/spec/storageClassName`;
      if (typeof actual !== 'string' || actual === '') {
        violations.push({
          resource: statefulSet,
          path,
          message: `claim template ${String(get(template, 'metadata', 'name'))} names no storage class (the cluster default would be used)${expected ? `; expected ${expected}` : ''}`,
        });
      } else if (expected !== undefined && actual !== expected) {
        violations.push({
          resource: statefulSet,
          path,
          message: `storage class ${actual}, but environment ${context.environmentName} declares ${expected}`,
        });
      }
    });
    return violations;
  },
};
