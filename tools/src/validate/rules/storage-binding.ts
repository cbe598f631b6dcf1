import type { RenderedRule, Violation } from '../policies/rule.js';
import { asArray, get } from '../../model/k8s-objects.js';
import { closest } from '../../model/did-you-mean.js';

export const storageBinding: RenderedRule = {
  id: 'storage-binding',
  scope: 'rendered',
  severity: 'error',
  summary:
    "The server claims' StorageClass exists on the cluster, and a zonal one binds WaitForFirstConsumer when the servers spread over several zones.",
  reason:
    'Reported: a StorageClass with Immediate binding (the default when volumeBindingMode is omitted) and zonal disks, with servers spread over 3 zones. The disk is created in a zone before the pod is scheduled, the topology spread then needs another zone, and the server stays Pending with "had volume node affinity conflict" (again after every node replacement). A class the cluster does not have leaves the claims Pending.',
  fix: 'Give the servers a StorageClass with volumeBindingMode WaitForFirstConsumer (or regional disks) and name it in storage.class of environments.yaml; describe the class under clusters.<name>.storageClasses as `kubectl get storageclass -o yaml` shows it.',
  kinds: ['StatefulSet'],
  check(context) {
    const statefulSet = context.serverStatefulSet();
    const cluster = context.cluster;
    if (!statefulSet || !cluster) return [];
    const zones = context.environment?.zones ?? [];
    const violations: Violation[] = [];
    asArray(get(statefulSet.object, 'spec', 'volumeClaimTemplates')).forEach((template, index) => {
      const name = get(template, 'spec', 'storageClassName');
      const path = `/spec/volumeClaimTemplates/${index}/spec/storageClassName`;
      // No class: the cluster's default class, which the facts do not name; storage-class asks for an explicit one.
      if (typeof name !== 'string') return;
      const storageClass = cluster.storageClasses.find((entry) => entry.name === name);
      if (!storageClass) {
        const suggestion = closest(
          name,
          cluster.storageClasses.map((entry) => entry.name),
        );
        violations.push({
          resource: statefulSet,
          path,
          message: `StorageClass ${name} does not exist on cluster "${cluster.name}" (it has ${cluster.storageClasses.map((entry) => entry.name).join(', ') || 'none'}): the claims would stay Pending${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        });
      } else if (storageClass.zonal && storageClass.volumeBindingMode === 'Immediate' && zones.length > 1) {
        violations.push({
          resource: statefulSet,
          path,
          message: `StorageClass ${name} binds Immediate with zonal disks (${storageClass.provisioner}), and the servers spread over ${zones.join(',')}: a disk created before scheduling pins its server to a zone the spread may not allow ("had volume node affinity conflict"); use WaitForFirstConsumer or a regional class`,
        });
      }
    });
    return violations;
  },
};
