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
import { renderedEnvironmentModel } from '../../../tools/src/generate/environment-model.js';

type Json = Record<string, any>;
let prod: ParsedResource[];
let spec: Spec;
// The spec for every case; the kustomize render of overlays/prod only for the cases on it (the first describe).
beforeAll(async () => {
  spec = await repoSpec();
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

// the cases on the committed render need overlays/, which `npm run mutate`'s sandbox does not copy: there
// (CONSUL_GITOPS_TEST_FIXTURES=off) the in-process cases below state the rule's branches
describe.skipIf(process.env.CONSUL_GITOPS_TEST_FIXTURES === 'off')('environment-completeness', () => {
  beforeAll(async () => {
    prod = await renderResources(join(REPO_ROOT, 'overlays/prod'));
  });

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

/**
 * The same branches on a render built in process from the generator's model (renderedEnvironmentModel, each namespaced
 * object in the environment's namespace and labelled with the environment, as kustomize renders the overlay): no
 * kustomize build, so these cases also run in the mutation run.
 */
describe('environment-completeness on the model of an environment, in process', () => {
  const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace']);
  const envOf = (name: string) => {
    const env = spec.environments.find((entry) => entry.name === name);
    if (!env) throw new Error(`no environment ${name}`);
    return env;
  };
  /** The environment's model as a render: `label` is the environment label (none when null), `namespaced` sets metadata.namespace. */
  function modelRender(
    name: string,
    { label = name, namespaced = true }: { label?: string | null; namespaced?: boolean } = {},
  ): ParsedResource[] {
    const env = envOf(name);
    return renderedEnvironmentModel(env).map((model) => {
      const object = structuredClone(model) as Json;
      const kind = String(object.kind);
      if (label !== null) object.metadata.labels = { ...object.metadata.labels, environment: label };
      if (namespaced && !CLUSTER_SCOPED.has(kind)) object.metadata.namespace = env.namespace;
      return {
        ref: { apiVersion: String(object.apiVersion), kind, name: String(object.metadata.name) },
        object,
        location: { file: 'inline', line: 1 },
        lineOf: () => undefined,
      };
    });
  }
  const without = (resources: ParsedResource[], ...keys: string[]) =>
    resources.filter((resource) => !keys.includes(`${resource.ref.kind}/${resource.ref.name}`));

  it('passes the model of every environment, with and without the namespace written out', () => {
    for (const { name } of spec.environments) {
      expect(findings(modelRender(name), name)).toEqual([]);
      expect(findings(modelRender(name, { namespaced: false }), name)).toEqual([]);
      expect(findings(modelRender(name))).toEqual([]);
    }
  });

  it('reports each identity label that differs, at each label map, missing or changed', () => {
    const resources = modelRender('dev');
    delete of(resources, 'PodDisruptionBudget', 'consul-server').metadata.labels['app.kubernetes.io/name'];
    of(resources, 'StatefulSet', 'consul-server').spec.template.metadata.labels['app.kubernetes.io/component'] = 'web';
    of(resources, 'StatefulSet', 'consul-server').spec.selector.matchLabels['app.kubernetes.io/name'] = 7;
    of(resources, 'Service', 'consul-dns').spec.selector['app.kubernetes.io/component'] = 'server';
    expect(findings(resources, 'dev')).toEqual([
      {
        at: 'Service/consul-dns /spec/selector/app.kubernetes.io~1component',
        message: expect.stringMatching(
          /^app\.kubernetes\.io\/component is "server" at \/spec\/selector, where environment dev has "client": /,
        ),
      },
      {
        at: 'PodDisruptionBudget/consul-server /metadata/labels/app.kubernetes.io~1name',
        message:
          'app.kubernetes.io/name is missing at /metadata/labels, where environment dev has "consul": the Consul rules recognise and select this object by it, and would silently stop checking it',
      },
      {
        at: 'StatefulSet/consul-server /spec/template/metadata/labels/app.kubernetes.io~1component',
        message:
          'app.kubernetes.io/component is "web" at /spec/template/metadata/labels, where environment dev has "server": the Consul rules recognise and select this object by it, and would silently stop checking it',
      },
      {
        at: 'StatefulSet/consul-server /spec/selector/matchLabels/app.kubernetes.io~1name',
        message: expect.stringMatching(
          /^app\.kubernetes\.io\/name is 7 at \/spec\/selector\/matchLabels, where environment dev has "consul": /,
        ),
      },
    ]);
  });

  it('reports a label map the render dropped whole', () => {
    const resources = modelRender('dev');
    delete of(resources, 'Service', 'consul-ui').spec.selector;
    expect(findings(resources, 'dev').map((entry) => entry.at)).toEqual([
      'Service/consul-ui /spec/selector/app.kubernetes.io~1name',
      'Service/consul-ui /spec/selector/app.kubernetes.io~1component',
    ]);
  });

  it('reports a swapped image and a missing container with their pointers and names, init containers included', () => {
    const resources = modelRender('prod');
    const client = of(resources, 'DaemonSet', 'consul-client');
    const init = client.spec.template.spec.initContainers[0];
    const image = client.spec.template.spec.containers[0].image;
    init.image = 'example.com/other:1';
    client.spec.template.spec.containers = [];
    const pinned = (of(modelRender('prod'), 'DaemonSet', 'consul-client').spec.template.spec.initContainers[0] as Json).image;
    expect(findings(resources, 'prod')).toEqual([
      {
        at: `DaemonSet/consul-client /spec/template/spec/initContainers/0/image`,
        message: `init container ${init.name} runs "example.com/other:1", where environment prod pins ${JSON.stringify(pinned)}: the Consul rules recognise Consul by its image; change images in environments.yaml and regenerate`,
      },
      {
        at: 'DaemonSet/consul-client /spec/template/spec',
        message: `container consul is missing: environment prod runs it (${image})`,
      },
    ]);
  });

  it('reports the containers of a workload without a pod template as missing at /spec', () => {
    const resources = modelRender('dev');
    const server = of(resources, 'StatefulSet', 'consul-server');
    const image = server.spec.template.spec.containers[0].image;
    delete server.spec.template;
    expect(findings(resources, 'dev')).toContainEqual({
      at: 'StatefulSet/consul-server /spec',
      message: `container consul is missing: environment dev runs it (${image})`,
    });
  });

  it('reports a namespaced object in another namespace, not a cluster-scoped one', () => {
    const resources = modelRender('dev');
    of(resources, 'ConfigMap', 'consul-client-config').metadata.namespace = 'elsewhere';
    of(resources, 'ClusterRole', 'consul-sync-catalog-dev').metadata.namespace = 'elsewhere';
    of(resources, 'ClusterRoleBinding', 'consul-sync-catalog-dev').metadata.namespace = 'elsewhere';
    expect(findings(resources, 'dev')).toEqual([
      {
        at: 'ConfigMap/consul-client-config /metadata/namespace',
        message: 'namespace is "elsewhere", where environment dev runs in "consul-dev": Argo CD would prune the object from consul-dev',
      },
    ]);
  });

  it('lists the missing objects servers first, eight in full and the rest counted, with the one server of dev', () => {
    const resources = modelRender('dev');
    const kept = resources.slice(0, 6);
    expect(findings(kept, 'dev').map((entry) => [entry.at, entry.message])).toEqual([
      [
        '-',
        'the render lacks 10 of the 16 objects environment dev defines (StatefulSet consul-server, PodDisruptionBudget consul-server, Service consul-server, ServiceAccount consul-server, ServiceAccount consul-client, ServiceAccount consul-sync-catalog, Deployment consul-sync-catalog, ClusterRole consul-sync-catalog-dev and 2 more): with prune on, Argo CD would delete them from consul-dev (all 1 server at once)',
      ],
    ]);
  });

  it('lists eight missing objects in full and nine as eight and one more', () => {
    const resources = modelRender('dev');
    const eight = resources.slice(0, 8);
    expect(findings([...eight, ...resources.slice(9)], 'dev').map((entry) => entry.message)).toEqual([
      'the render lacks 1 of the 16 objects environment dev defines (StatefulSet consul-server): with prune on, Argo CD would delete them from consul-dev (all 1 server at once)',
    ]);
    expect(findings(resources.slice(8), 'dev').map((entry) => entry.message)).toEqual([
      'the render lacks 8 of the 16 objects environment dev defines (ServiceAccount consul-autopilot-config, Job consul-autopilot-config, ConfigMap consul-client-config, DaemonSet consul-client, Service consul-dns, ConfigMap consul-server-config, PodDisruptionBudget consul-server, Service consul-server): with prune on, Argo CD would delete them from consul-dev',
    ]);
    expect(findings(resources.slice(7), 'dev').map((entry) => entry.message)).toEqual([
      'the render lacks 7 of the 16 objects environment dev defines (ServiceAccount consul-autopilot-config, Job consul-autopilot-config, ConfigMap consul-client-config, DaemonSet consul-client, Service consul-dns, ConfigMap consul-server-config, PodDisruptionBudget consul-server): with prune on, Argo CD would delete them from consul-dev',
    ]);
    expect(findings(without(resources, 'StatefulSet/consul-server', 'ConfigMap/consul-server-config'), 'staging').length).toBeGreaterThan(
      0,
    );
  });

  it('holds an overlay to its own environment: the label of another is a finding, its own label or none is not', () => {
    expect(findings(modelRender('staging', { label: 'prod' }), 'staging')).toEqual([
      {
        at: '-',
        message: "overlays/staging renders objects labelled environment: prod: the checks would hold it to another environment's spec",
      },
    ]);
    expect(findings(modelRender('staging', { label: null }), 'staging')).toEqual([]);
    expect(findings(modelRender('staging'), 'staging')).toEqual([]);
  });

  it('holds a render to the environment its labels name when it is no overlay', () => {
    const resources = without(modelRender('staging'), 'PodDisruptionBudget/consul-server');
    expect(findings(resources).map((entry) => entry.message)).toEqual([
      'the render lacks 1 of the 35 objects environment staging defines (PodDisruptionBudget consul-server): with prune on, Argo CD would delete them from consul-staging',
    ]);
  });

  it('counts the servers a render without the StatefulSet deletes, in the plural past one', () => {
    expect(findings(without(modelRender('staging'), 'StatefulSet/consul-server'), 'staging').map((entry) => entry.message)).toEqual([
      'the render lacks 1 of the 35 objects environment staging defines (StatefulSet consul-server): with prune on, Argo CD would delete them from consul-staging (all 3 servers at once)',
    ]);
  });
});
