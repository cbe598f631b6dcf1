/** Consul objects are recognised by labels and images, never by kind or name alone; rule groups come from the catalog. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { KUSTOMIZATION_RULES } from '../../../tools/src/validate/kustomization/rules/index.js';
import { POLICY_RULES } from '../../../tools/src/validate/rules/index.js';
import { parseImageReference } from '../../../tools/src/model/image-reference.js';
import { isConsulObject } from '../../../tools/src/validate/policies/consul-objects.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { ruleGroup } from '../../../tools/src/model/rule-groups.js';

function resource(kind: string, name: string, body: Record<string, unknown>, labels?: Record<string, string>): ParsedResource {
  const apiVersion = kind === 'Service' ? 'v1' : 'apps/v1';
  return {
    ref: { apiVersion, kind, name },
    object: { apiVersion, kind, metadata: { name, ...(labels ? { labels } : {}) }, ...body },
    location: { file: 'x.yaml', line: 1 },
    lineOf: () => undefined,
  };
}
const pod = (image: string, labels: Record<string, string> = {}) => ({
  spec: {
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 8500, hostPort: 8500 }] }] } },
  },
});

describe('isConsulObject', () => {
  it.each([
    ['app.kubernetes.io/name: consul', resource('ConfigMap', 'cfg', {}, { 'app.kubernetes.io/name': 'consul' }), true],
    ['app.kubernetes.io/part-of: consul', resource('ConfigMap', 'cfg', {}, { 'app.kubernetes.io/part-of': 'consul' }), true],
    ["the chart's app: consul", resource('ConfigMap', 'cfg', {}, { app: 'consul', component: 'server' }), true],
    ['consul labels on the pod template only', resource('DaemonSet', 'agents', pod('busybox:1.36', { app: 'consul' })), true],
    ['a Service selecting Consul pods', resource('Service', 'ui', { spec: { selector: { app: 'consul', component: 'server' } } }), true],
    ['the hashicorp/consul image', resource('DaemonSet', 'x', pod('hashicorp/consul:1.22.7')), true],
    [
      'the control-plane image from a registry with a port and a digest',
      resource('Deployment', 'x', pod(`registry.local:5000/hashicorp/consul-k8s-control-plane:1.9.11@sha256:${'a'.repeat(64)}`)),
      true,
    ],
    [
      'a DaemonSet named consul-client that runs nginx, without labels (kind and name are not enough)',
      resource('DaemonSet', 'consul-client', pod('nginx:1.27')),
      false,
    ],
    ['a component label alone', resource('ConfigMap', 'cfg', {}, { 'app.kubernetes.io/component': 'server' }), false],
    [
      'a non-Service kind with a plain selector map naming consul (only a Service selects pods by such a map)',
      resource('Probe', 'x', { spec: { selector: { app: 'consul', component: 'server' } } }),
      false,
    ],
    [
      'a metrics exporter on host ports',
      resource('DaemonSet', 'node-exporter', pod('quay.io/prometheus/node-exporter:v1.8.2', { app: 'node-exporter' })),
      false,
    ],
    ['an image whose name only contains consul', resource('Deployment', 'x', pod('example/consul-backup:1.0')), false],
  ])('%s -> %s', (_name, object, expected) => {
    expect(isConsulObject(object)).toBe(expected);
  });

  it.each([
    ['hashicorp/consul:1.22.7', 'consul'],
    ['consul', 'consul'],
    ['registry.local:5000/hashicorp/consul-k8s-control-plane@sha256:abc', 'consul-k8s-control-plane'],
  ])('the image name of %s is %s', (image, name) => expect(parseImageReference(image).baseName).toBe(name));
});

describe('rule groups', () => {
  it('kubernetes: the rules that hold for any workload; every other rule over objects or kustomization files is a Consul rule', () => {
    expect(
      [...POLICY_RULES, ...KUSTOMIZATION_RULES]
        .filter((rule) => ruleGroup(rule.id) === 'kubernetes')
        .map((rule) => rule.id)
        .sort(),
    ).toEqual(
      [
        'deprecated-api',
        'env-reference-order',
        'image-pinned',
        'kustomize-deprecated-field',
        'no-privileged',
        'plaintext-secret',
        'pod-non-root',
        'pod-security',
        'rbac-no-wildcard',
        'remote-base-pinned',
        'service-target-port',
      ].sort(),
    );
    for (const id of ['quorum-min-servers', 'client-host-port', 'environment-label', 'consul-config', 'unresolved-reference'])
      expect(ruleGroup(id)).toBe('consul');
  });

  const exporter = resource('DaemonSet', 'node-exporter', pod('quay.io/prometheus/node-exporter:v1.8.2', { app: 'node-exporter' }));
  const consulClient = resource('DaemonSet', 'consul-client', pod('hashicorp/consul:1.22.7', { app: 'consul' }), { app: 'consul' });

  it('no Consul rule runs when nothing is Consul: a host-port DaemonSet alone trips no client-host-port, quorum-min-servers or environment-label', () => {
    const rules = runPolicies([exporter], undefined).map((finding) => finding.rule);
    expect(rules.filter((rule) => ruleGroup(rule) === 'consul')).toEqual([]);
    // The Kubernetes rules still see it (it sets no securityContext).
    expect(rules).toContain('pod-non-root');
  });

  it('no object at all runs no Consul rule either (an empty stdin is not a datacenter without servers)', () => {
    expect(runPolicies([], undefined)).toEqual([]);
  });

  it('Consul rules see the Consul objects next to it, and never report the exporter', () => {
    const findings = runPolicies([exporter, consulClient], undefined);
    expect(findings.filter((finding) => finding.rule === 'quorum-min-servers')).toHaveLength(1);
    expect(findings.filter((finding) => ruleGroup(finding.rule) === 'consul' && finding.resource?.name === 'node-exporter')).toEqual([]);
  });

  it('a selection runs only its group; none runs no rule', () => {
    const groups = (selection: 'kubernetes' | 'consul' | 'none') => [
      ...new Set(runPolicies([exporter, consulClient], undefined, POLICY_RULES, { selection }).map((finding) => ruleGroup(finding.rule))),
    ];
    expect(groups('kubernetes')).toEqual(['kubernetes']);
    expect(groups('consul')).toEqual(['consul']);
    expect(groups('none')).toEqual([]);
  });
});
