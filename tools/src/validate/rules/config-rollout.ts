/** Config edits reach the agents: a Consul workload's pod template carries the checksum of the config it mounts. */
import { COMPONENT } from '../../model/consul.js';
import { pointerSegment } from '../../model/json.js';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, type ConfigMapContent, mountedConfigMapNames } from '../../model/config-checksum.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { get } from '../../model/k8s-objects.js';

const CONSUL_WORKLOADS: ReadonlySet<string> = new Set([COMPONENT.server, COMPONENT.client, COMPONENT.syncCatalog]);

const ANNOTATION_PATH = `/spec/template/metadata/annotations/${pointerSegment(CONFIG_CHECKSUM_ANNOTATION)}`;

export const configRollout: RenderedRule = {
  id: 'config-rollout',
  scope: 'rendered',
  severity: 'error',
  kinds: ['StatefulSet', 'DaemonSet', 'Deployment'],
  summary:
    'A Consul workload that mounts a ConfigMap of the render carries its checksum on the pod template, so a config change rolls the agents.',
  reason:
    'Kubernetes restarts pods only when the pod template changes. A ConfigMap edit alone syncs as Synced/Healthy while every agent keeps its old config until an unrelated restart (the chart puts consul.hashicorp.com/config-checksum on the templates for this). A patch layered over the generated overlay (local/, a test kustomization) that changes the config without the checksum leaves the template stale.',
  fix: 'Change agent config through environments.yaml and run `npx consul-gitops generate`, which writes the checksum; for a hand-written patch of the ConfigMap, also set the pod template annotation to the value this finding gives.',
  check(context) {
    const configMaps = new Map<string, ConfigMapContent>(
      context
        .all('ConfigMap')
        .map((resource) => [
          resource.ref.name,
          { name: resource.ref.name, data: get(resource.object, 'data'), binaryData: get(resource.object, 'binaryData') },
        ]),
    );
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      if (!CONSUL_WORKLOADS.has(resource.ref.name)) continue;
      const mounted = mountedConfigMapNames(get(resource.object, 'spec', 'template', 'spec')).flatMap((name) => configMaps.get(name) ?? []);
      if (mounted.length === 0) continue;
      const expected = configChecksum(mounted);
      const actual = get(resource.object, 'spec', 'template', 'metadata', 'annotations', CONFIG_CHECKSUM_ANNOTATION);
      const names = mounted.map((configMap) => `ConfigMap/${configMap.name}`).join(', ');
      if (actual === undefined) {
        violations.push({
          resource,
          path: '/spec/template/metadata',
          message: `the pod template mounts ${names} but carries no ${CONFIG_CHECKSUM_ANNOTATION}: a config change syncs without restarting a pod, and the agents keep their old config; set it to ${expected}`,
        });
      } else if (actual !== expected) {
        violations.push({
          resource,
          path: ANNOTATION_PATH,
          message: `${CONFIG_CHECKSUM_ANNOTATION} ${JSON.stringify(actual)} is stale: ${names} renders as ${expected}, so this config change would sync without restarting a pod; set it to ${expected}`,
        });
      }
    }
    return violations;
  },
};
