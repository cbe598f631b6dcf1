/** Rules never throw on malformed objects: wrong types, nulls in lists, broken agent config. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { checkKustomizations } from '../../../tools/src/validate/kustomization/check.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { repoSpec } from '../../helpers/repo.js';

const labels = { environment: 'prod', 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'server' };

const weirdPodSpecs: unknown[] = [
  null,
  'text',
  { containers: null, securityContext: 0, affinity: [] },
  {
    containers: [
      null,
      1,
      'x',
      {
        name: 7,
        ports: [null, { hostPort: 'x', containerPort: '8500' }],
        env: [null, { name: 1 }, { name: 'GOSSIP_KEY', valueFrom: null }],
        securityContext: { capabilities: { add: [null, 3] } },
        args: [null, 5],
      },
    ],
    topologySpreadConstraints: [null, { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 'a', labelSelector: null }],
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [null],
        preferredDuringSchedulingIgnoredDuringExecution: [null, {}],
      },
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [null, { matchExpressions: [null] }] } },
    },
    nodeSelector: 5,
  },
];

function resource(kind: string, name: string, object: Record<string, unknown>, apiVersion = 'apps/v1'): ParsedResource {
  return {
    ref: { apiVersion, kind, name },
    object: { apiVersion, kind, metadata: { name, labels }, ...object },
    location: { file: 'weird', line: 1 },
    lineOf: () => undefined,
  };
}

function renders(podSpec: unknown, spec: unknown): ParsedResource[] {
  const template = { metadata: { labels }, spec: podSpec };
  return [
    resource('StatefulSet', 'consul-server', { spec: { replicas: 5, template, updateStrategy: spec, podManagementPolicy: 3 } }),
    resource('DaemonSet', 'consul-client', { spec: { template } }),
    resource('Deployment', 'consul-sync-catalog', { spec: { template } }),
    resource('Service', 'consul-ui', { spec: { selector: labels, ports: [null, { port: 'x', targetPort: null }] } }, 'v1'),
    resource(
      'ConfigMap',
      'consul-server-config',
      { data: { 'a.json': '{bad', 'b.json': '[1]', 'c.json': '{"retry_join": [null, 5], "acl": null, "ports": {"http": "x"}}', d: null } },
      'v1',
    ),
    resource('ConfigMap', 'consul-client-config', { data: null }, 'v1'),
    resource('ClusterRole', 'x', { rules: [null, { verbs: null, resources: 5 }] }, 'rbac.authorization.k8s.io/v1'),
    resource('PodDisruptionBudget', 'consul-server', { spec: null }, 'policy/v1beta1'),
    resource('ServiceAccount', 'consul-server', { automountServiceAccountToken: 'yes' }, 'v1'),
  ];
}

describe('every rule survives malformed objects', () => {
  it.each(weirdPodSpecs.map((podSpec, index) => [index, podSpec]))('pod spec variant %i', async (_index, podSpec) => {
    const spec = await repoSpec();
    for (const strategy of [
      null,
      'x',
      { type: 'RollingUpdate', rollingUpdate: null },
      { rollingUpdate: { maxUnavailable: '%', partition: 'a' } },
    ]) {
      const findings = runPolicies(renders(podSpec, strategy), spec);
      for (const finding of findings) expect(finding.hint).toBeTruthy();
    }
  });

  it('kustomization checks survive odd field types', () => {
    const files = [
      {
        path: 'k.yaml',
        content: { resources: [null, 5, 'https://example.com/x'], components: 'x', bases: null, commonLabels: null },
        lines: {},
      },
    ];
    expect(() => checkKustomizations(files)).not.toThrow();
  });
});
