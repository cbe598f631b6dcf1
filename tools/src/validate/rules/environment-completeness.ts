/**
 * The environment's datacenter, whole and recognisable: a render of overlays/<env> holds every object
 * the environment's model defines (the generator's own objects for its spec entry), and each keeps what
 * identifies it to the rules (the app.kubernetes.io/name and component labels they select on, its
 * namespace, its containers and their images). A render that lacks the server StatefulSet is, for
 * Argo CD with prune on, an order to delete it; a render whose objects were relabelled or whose images
 * were swapped turns every Consul rule off without a finding. Pure.
 */
import { LABEL } from '../../model/consul.js';
import { asObject, containersOf, get, podSpecOf } from '../../model/k8s-objects.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { pointerSegment } from '../../model/json.js';
import type { EnvironmentSpec } from '../../environments/types.js';
import type { PolicyContext } from '../policies/context.js';
import { renderedEnvironmentModel } from '../../generate/environment-model.js';

/** Cluster-scoped kinds of the model: they carry no namespace. */
const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace']);

/** The labels the rules recognise Consul objects by (policies/consul-objects.ts, the component lookups). */
const IDENTITY_LABELS = [LABEL.app, LABEL.component] as const;

/** Names listed in full in the message about missing objects; the rest are counted. */
const LISTED = 8;

type Json = Record<string, unknown>;

const nameOf = (object: Json): string => String(get(object, 'metadata', 'name'));

const keyOf = (kind: string, name: string): string => `${kind}/${name}`;

/** The label maps an object is recognised and selected by, with their JSON pointers. */
function labelSets(object: Json): { pointer: string; labels: Json | undefined }[] {
  const sets = [
    { pointer: '/metadata/labels', labels: asObject(get(object, 'metadata', 'labels')) },
    { pointer: '/spec/template/metadata/labels', labels: asObject(get(object, 'spec', 'template', 'metadata', 'labels')) },
    { pointer: '/spec/selector/matchLabels', labels: asObject(get(object, 'spec', 'selector', 'matchLabels')) },
  ];
  if (object.kind === 'Service') sets.push({ pointer: '/spec/selector', labels: asObject(get(object, 'spec', 'selector')) });
  return sets;
}

/** Identity labels that differ from the model's, on the object, its pod template and its selector. */
function labelViolations(resource: ParsedResource, model: Json, environment: string): Violation[] {
  const violations: Violation[] = [];
  const rendered = labelSets(resource.object);
  for (const [index, { pointer, labels }] of labelSets(model).entries()) {
    if (!labels) continue;
    for (const label of IDENTITY_LABELS) {
      const expected = labels[label];
      if (typeof expected !== 'string') continue;
      const found = rendered[index]?.labels?.[label];
      if (found === expected) continue;
      violations.push({
        resource,
        path: `${pointer}/${pointerSegment(label)}`,
        message: `${label} is ${found === undefined ? 'missing' : JSON.stringify(found)} at ${pointer}, where environment ${environment} has ${JSON.stringify(expected)}: the Consul rules recognise and select this object by it, and would silently stop checking it`,
      });
    }
  }
  return violations;
}

/** Containers the model runs that the render lacks, or runs with another image. */
function imageViolations(resource: ParsedResource, model: Json, environment: string): Violation[] {
  // The model object read with the same helpers as the render (containersOf, podSpecOf).
  const modelResource: ParsedResource = { ...resource, object: model };
  if (!podSpecOf(modelResource)) return [];
  const rendered = new Map(containersOf(resource).map((entry) => [`${entry.init}/${String(entry.container.name)}`, entry]));
  const violations: Violation[] = [];
  for (const { container, init } of containersOf(modelResource)) {
    const entry = rendered.get(`${init}/${String(container.name)}`);
    const what = `${init ? 'init container' : 'container'} ${String(container.name)}`;
    if (!entry) {
      violations.push({
        resource,
        path: podSpecOf(resource)?.pointer ?? '/spec',
        message: `${what} is missing: environment ${environment} runs it (${String(container.image)})`,
      });
      continue;
    }
    if (entry.container.image === container.image) continue;
    violations.push({
      resource,
      path: `${entry.pointer}/image`,
      message: `${what} runs ${JSON.stringify(entry.container.image)}, where environment ${environment} pins ${JSON.stringify(container.image)}: the Consul rules recognise Consul by its image; change images in environments.yaml and regenerate`,
    });
  }
  return violations;
}

function namespaceViolation(resource: ParsedResource, env: EnvironmentSpec): Violation[] {
  if (CLUSTER_SCOPED.has(resource.ref.kind)) return [];
  const namespace = get(resource.object, 'metadata', 'namespace');
  if (namespace === undefined || namespace === env.namespace) return [];
  return [
    {
      resource,
      path: '/metadata/namespace',
      message: `namespace is ${JSON.stringify(namespace)}, where environment ${env.name} runs in ${JSON.stringify(env.namespace)}: Argo CD would prune the object from ${env.namespace}`,
    },
  ];
}

/** What Argo CD (prune on) would do to the objects a render lacks; the server StatefulSet first. */
function missingMessage(missing: readonly Json[], env: EnvironmentSpec, total: number): string {
  const servers = missing.filter((object) => object.kind === 'StatefulSet');
  const names = [...servers, ...missing.filter((object) => object.kind !== 'StatefulSet')].map(
    (object) => `${String(object.kind)} ${nameOf(object)}`,
  );
  const listed = names.length > LISTED ? `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more` : names.join(', ');
  const all = servers.length > 0 ? ` (all ${env.servers} server${env.servers === 1 ? '' : 's'} at once)` : '';
  return `the render lacks ${missing.length} of the ${total} objects environment ${env.name} defines (${listed}): with prune on, Argo CD would delete them from ${env.namespace}${all}`;
}

function check(context: PolicyContext): Violation[] {
  const name = context.overlayEnvironment ?? context.environmentName;
  const env = context.overlayEnvironment === undefined ? context.environment : context.environments.find((entry) => entry.name === name);
  if (!env) return [];
  const violations: Violation[] = [];
  if (context.overlayEnvironment !== undefined && context.environmentName !== undefined && context.environmentName !== env.name) {
    violations.push({
      message: `overlays/${env.name} renders objects labelled environment: ${context.environmentName}: the checks would hold it to another environment's spec`,
    });
  }
  const rendered = new Map(context.resources.map((resource) => [keyOf(resource.ref.kind, resource.ref.name), resource]));
  const model = renderedEnvironmentModel(env);
  const missing: Json[] = [];
  for (const object of model) {
    const resource = rendered.get(keyOf(String(object.kind), nameOf(object)));
    if (!resource) {
      missing.push(object);
      continue;
    }
    violations.push(
      ...labelViolations(resource, object, env.name),
      ...imageViolations(resource, object, env.name),
      ...namespaceViolation(resource, env),
    );
  }
  if (missing.length > 0) violations.unshift({ message: missingMessage(missing, env, model.length) });
  return violations;
}

export const environmentCompleteness: RenderedRule = {
  id: 'environment-completeness',
  scope: 'rendered',
  severity: 'error',
  everyObject: true,
  summary:
    'The render of an environment holds every object its model defines (servers, services, PDB, clients, config, RBAC, bootstrap), each with the name and component labels, namespace and images the generator gives it.',
  reason:
    'Argo CD applies what the render holds and, with prune on, deletes what it lacks: a render of one ConfigMap deletes the datacenter. A local component that relabels app.kubernetes.io/name or swaps the images hides the Consul objects from every Consul rule, which then pass without checking anything.',
  fix: 'Render the generated overlay whole: keep local/ patches to additions and field changes, never delete or relabel a generated object; change images, counts and security in environments.yaml and run `consul-gitops generate`.',
  check,
};
