/**
 * environment-completeness on the real prod render, mutated in memory: what the render lacks, and what a Consul object
 * lost of what identifies it to the rules (labels, images, namespace), each branch its case; then its fixtures
 * (tests/fixtures/rules/environment-completeness/).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import type { Spec } from '../../../tools/src/environments/types.js';
import { environmentCompleteness } from '../../../tools/src/validate/rules/environment-completeness.js';
import { POLICY_RULES } from '../../../tools/src/validate/rules/index.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { REPO_ROOT, renderResources, repoSpec } from '../../helpers/repo.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

type Json = Record<string, any>;
let prod: ParsedResource[];
let spec: Spec;
beforeAll(async () => {
  [prod, spec] = await Promise.all([renderResources(join(REPO_ROOT, 'overlays/prod')), repoSpec()]);
});
/** A copy of the prod render, each object editable. */
const copy = (): ParsedResource[] => prod.map((resource) => ({ ...resource, object: structuredClone(resource.object) }));
const of = (resources: ParsedResource[], kind: string, name: string): Json => {
  const found = resources.find((resource) => resource.ref.kind === kind && resource.ref.name === name);
  if (!found) throw new Error(`${kind}/${name} not in the render`);
  return found.object;
};
function findings(resources: readonly ParsedResource[], overlayEnvironment?: string) {
  return runPolicies(resources, spec, [environmentCompleteness], overlayEnvironment ? { overlayEnvironment } : {}).map((finding) => ({
    at: `${finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '-'} ${finding.path ?? ''}`.trim(),
    message: finding.message,
  }));
}

describe('environment-completeness', () => {
  it('passes the committed prod render', () => {
    expect(findings(prod, 'prod')).toEqual([]);
  });

  it('a render of one ConfigMap for prod lacks the datacenter, the servers named first', () => {
    const [only] = copy().filter((resource) => resource.ref.kind === 'ConfigMap' && resource.ref.name === 'consul-server-config');
    const result = findings([only!], 'prod');
    expect(result).toHaveLength(1);
    expect(result[0]?.at).toBe('-');
    expect(result[0]?.message).toMatch(
      /^the render lacks 34 of the 35 objects environment prod defines \(StatefulSet consul-server, .* and 26 more\): with prune on, Argo CD would delete them from consul-prod \(all 5 servers at once\)$/,
    );
  });

  it('names a lone missing object without the servers', () => {
    const result = findings(
      copy().filter((resource) => resource.ref.kind !== 'PodDisruptionBudget'),
      'prod',
    );
    expect(result.map((entry) => entry.message)).toEqual([
      'the render lacks 1 of the 35 objects environment prod defines (PodDisruptionBudget consul-server): with prune on, Argo CD would delete them from consul-prod',
    ]);
  });

  it('reports a relabelled pod template component', () => {
    const resources = copy();
    of(resources, 'StatefulSet', 'consul-server').spec.template.metadata.labels['app.kubernetes.io/component'] = 'web';
    expect(findings(resources, 'prod')).toEqual([
      {
        at: 'StatefulSet/consul-server /spec/template/metadata/labels/app.kubernetes.io~1component',
        message: expect.stringMatching(
          /^app\.kubernetes\.io\/component is "web" at \/spec\/template\/metadata\/labels, where environment prod has "server"/,
        ),
      },
    ]);
  });

  it('reports a removed label and a changed Service selector', () => {
    const resources = copy();
    delete of(resources, 'PodDisruptionBudget', 'consul-server').metadata.labels['app.kubernetes.io/name'];
    of(resources, 'Service', 'consul-ui').spec.selector['app.kubernetes.io/name'] = 'other';
    expect(findings(resources, 'prod').map((entry) => [entry.at, entry.message.split(':')[0]])).toEqual([
      [
        'PodDisruptionBudget/consul-server /metadata/labels/app.kubernetes.io~1name',
        'app.kubernetes.io/name is missing at /metadata/labels, where environment prod has "consul"',
      ],
      [
        'Service/consul-ui /spec/selector/app.kubernetes.io~1name',
        'app.kubernetes.io/name is "other" at /spec/selector, where environment prod has "consul"',
      ],
    ]);
  });

  it('reports a swapped image and a missing container, init containers included', () => {
    const resources = copy();
    const client = of(resources, 'DaemonSet', 'consul-client');
    client.spec.template.spec.initContainers[0].image = 'example.com/other:1';
    client.spec.template.spec.containers = [];
    expect(findings(resources, 'prod')).toEqual([
      {
        at: 'DaemonSet/consul-client /spec/template/spec/initContainers/0/image',
        message: expect.stringMatching(
          /^init container client-acl-init runs "example\.com\/other:1", where environment prod pins "hashicorp\/consul-k8s-control-plane:/,
        ),
      },
      {
        at: 'DaemonSet/consul-client /spec/template/spec',
        message: expect.stringMatching(/^container consul is missing: environment prod runs it \(hashicorp\/consul:/),
      },
    ]);
  });

  it('reports an object moved to another namespace', () => {
    const resources = copy();
    of(resources, 'ConfigMap', 'consul-client-config').metadata.namespace = 'elsewhere';
    expect(findings(resources, 'prod')).toEqual([
      {
        at: 'ConfigMap/consul-client-config /metadata/namespace',
        message: 'namespace is "elsewhere", where environment prod runs in "consul-prod": Argo CD would prune the object from consul-prod',
      },
    ]);
  });

  it('holds overlays/<env> to its own environment, whatever the labels say', () => {
    const result = findings(prod, 'staging');
    expect(result.map((entry) => entry.message)).toContain(
      "overlays/staging renders objects labelled environment: prod: the checks would hold it to another environment's spec",
    );
  });

  it('goes by the environment label when the directory is not an overlay of the spec', () => {
    expect(findings(copy().filter((resource) => resource.ref.kind !== 'PodDisruptionBudget'))).toHaveLength(1);
  });

  it('checks nothing for an environment the spec does not declare', () => {
    const resources = copy();
    for (const resource of resources) (resource.object as Json).metadata.labels.environment = 'nowhere';
    expect(findings(resources.slice(0, 1))).toEqual([]);
  });

  it('still runs when nothing in the render is recognisable as Consul, and says so', () => {
    const resources = copy();
    for (const resource of resources) {
      const object = resource.object as Json;
      for (const labels of [object.metadata.labels, object.spec?.template?.metadata?.labels, object.spec?.selector?.matchLabels])
        if (labels?.['app.kubernetes.io/name']) labels['app.kubernetes.io/name'] = 'other';
      if (resource.ref.kind === 'Service') object.spec.selector['app.kubernetes.io/name'] = 'other';
      for (const key of ['containers', 'initContainers'])
        for (const container of object.spec?.template?.spec?.[key] ?? []) container.image = 'example.com/other:1';
      delete object.metadata.labels['app.kubernetes.io/part-of'];
    }
    const all = runPolicies(resources, spec, POLICY_RULES, { overlayEnvironment: 'prod' });
    const rules = new Set(all.map((finding) => finding.rule));
    expect(rules.has('environment-completeness')).toBe(true);
    // Without this rule the render would pass every Consul rule: none of them sees a Consul object.
    expect(all.filter((finding) => finding.rule === 'environment-completeness').length).toBeGreaterThan(30);
  });
});

describeRuleFixtures('environment-completeness');
