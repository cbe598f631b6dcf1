/**
 * unresolved-reference and sync-order: everything a pod or Job waits on exists, and exists in time.
 * Both read one dependency model (validate/consul/dependencies.ts) of the render.
 */
import { HOOK_ANNOTATION, SYNC_PHASES, SYNC_WAVE_ANNOTATION } from '../../model/argocd-sync.js';
import type { ParsedResource } from '../../parse/resource.js';
import { builtinProvider, jobProducts, needKey, needsOf, serviceOfAddress, type Need, type Provider } from '../consul/dependencies.js';
import type { PolicyContext } from './context.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, get, podSpecOf, selectorMatches } from '../../model/k8s-objects.js';

interface Node {
  resource: ParsedResource;
  needs: Need[];
}

/** The dependency model of one render, built once for both rules. */
const models = new WeakMap<PolicyContext, { nodes: Node[]; providers: Map<string, Provider> }>();

function modelOf(context: PolicyContext): { nodes: Node[]; providers: Map<string, Provider> } {
  let model = models.get(context);
  if (!model) {
    model = { nodes: nodesOf(context), providers: providersOf(context) };
    models.set(context, model);
  }
  return model;
}

/** Every rendered object with its needs; agents also need the Services they join through (retry_join). */
function nodesOf(context: PolicyContext): Node[] {
  const joins = new Map<ParsedResource, Need[]>();
  for (const agent of context.agents()) {
    const values = asArray(agent.effective.retry_join).map(String);
    const needs = values.flatMap((value) => {
      const service = serviceOfAddress(value);
      return service ? [{ kind: 'Service' as const, name: service, path: agent.invocation.pointer, optional: false, blocking: false }] : [];
    });
    joins.set(agent.invocation.resource, [...(joins.get(agent.invocation.resource) ?? []), ...needs]);
  }
  return context.resources.map((resource) => ({ resource, needs: [...needsOf(resource), ...(joins.get(resource) ?? [])] }));
}

function providersOf(context: PolicyContext): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const prerequisite of context.environment?.externalPrerequisites ?? []) {
    providers.set(needKey(prerequisite.kind, prerequisite.name), {
      kind: prerequisite.kind,
      name: prerequisite.name,
      how: 'prerequisite',
      note: prerequisite.create,
    });
  }
  for (const resource of context.resources) {
    for (const product of resource.ref.kind === 'Job' ? jobProducts(resource) : [])
      providers.set(needKey(product.kind, product.name), product);
  }
  for (const resource of context.resources)
    providers.set(needKey(resource.ref.kind, resource.ref.name), {
      kind: resource.ref.kind as Provider['kind'],
      name: resource.ref.name,
      how: 'render',
      resource,
    });
  return providers;
}

function provider(providers: Map<string, Provider>, need: Need): Provider | undefined {
  return providers.get(needKey(need.kind, need.name)) ?? builtinProvider(need.kind, need.name);
}

const describeRef = (resource: ParsedResource) => `${resource.ref.kind}/${resource.ref.name}`;

export const unresolvedReference: RenderedRule = {
  id: 'unresolved-reference',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Everything a pod, Job or binding references exists: in the render, created by a bootstrap Job of the render (the control-plane facts say which), built into Kubernetes (default ServiceAccount, kube-root-ca.crt, system ClusterRoles), or declared in externalPrerequisites. Optional references are fine.',
  reason:
    'A Secret, ConfigMap or ServiceAccount that nothing creates renders and applies without complaint; the pod then waits forever (CreateContainerConfigError, or no pod at all), and Argo CD reports a sync that never turns healthy. The repository promised that the bootstrap creates every Secret: this holds it to that.',
  fix: 'Create the object in the render, let a bootstrap Job create it, or, if it truly comes from outside, declare it under externalPrerequisites of the environment with the command that creates it.',
  check(context) {
    const { nodes, providers } = modelOf(context);
    const violations: Violation[] = [];
    for (const node of nodes) {
      for (const need of node.needs) {
        if (need.optional || provider(providers, need)) continue;
        const what = need.kind === 'AuthMethod' ? `Consul auth method ${need.name}` : `${need.kind} ${need.name}`;
        violations.push({
          resource: node.resource,
          path: need.path,
          message: `${describeRef(node.resource)} references ${what}, which nothing creates: it is not in the render, no bootstrap Job writes it, it is not built in, and externalPrerequisites does not list it`,
        });
      }
    }
    return violations;
  },
};

/** When Argo CD applies an object in a sync: phase, wave, then kind order. */
export interface Stage {
  phase: number;
  wave: number;
}

export function stageOf(resource: ParsedResource): Stage {
  const hook = get(resource.object, 'metadata', 'annotations', HOOK_ANNOTATION);
  const phaseName =
    typeof hook === 'string'
      ? (hook
          .split(',')
          .map((entry) => entry.trim())
          .find((entry) => (SYNC_PHASES as readonly string[]).includes(entry)) ?? 'Sync')
      : 'Sync';
  const wave = Number(get(resource.object, 'metadata', 'annotations', SYNC_WAVE_ANNOTATION) ?? 0);
  return { phase: SYNC_PHASES.indexOf(phaseName as (typeof SYNC_PHASES)[number]), wave: Number.isFinite(wave) ? wave : 0 };
}

export function describeStage(stage: Stage): string {
  return `${SYNC_PHASES[stage.phase] ?? 'Sync'} wave ${stage.wave}`;
}

/** Whether `a` comes after `b` in a sync. */
export function later(a: Stage, b: Stage): boolean {
  return a.phase > b.phase || (a.phase === b.phase && a.wave > b.wave);
}

/**
 * A control-plane command that talks to the servers waits until they answer: it depends on the
 * workloads its CONSUL_ADDRESSES Service selects being Ready.
 */
function serverWaits(context: PolicyContext, node: Node): ParsedResource[] {
  const services = node.needs
    .filter((need) => need.kind === 'Service' && need.blocking)
    .map((need) => context.find('Service', need.name))
    .filter((service): service is ParsedResource => service !== undefined);
  return services.flatMap((service) =>
    context.resources.filter((resource) => {
      const labels = get(podSpecOf(resource) ? resource.object : {}, 'spec', 'template', 'metadata', 'labels');
      return (
        resource !== node.resource &&
        labels !== undefined &&
        selectorMatches(get(service.object, 'spec', 'selector'), labels as Record<string, string>)
      );
    }),
  );
}

interface Edge {
  to: ParsedResource;
  why: string;
}

export const syncOrder: RenderedRule = {
  id: 'sync-order',
  scope: 'rendered',
  severity: 'error',
  summary:
    "A simulated first Argo CD sync into an empty namespace (phases PreSync, Sync, PostSync; waves in order; Argo CD's kind order within a wave; a wave waits for health, hooks run to completion) finishes: no pod or Job waits on an object that appears only later, and no wait is circular.",
  reason:
    'Argo CD starts a wave only when the previous one is healthy. A client that logs in through an auth method created by a Job of a later wave, a PreSync Job that mounts a ConfigMap applied in the Sync phase, or a server that needs a token only a Job run after the servers can create: each renders, validates and applies, and the first sync then hangs forever.',
  fix: 'Move the consumer to a later wave or phase than what it waits on (argocd.argoproj.io/sync-wave, argocd.argoproj.io/hook), or take the dependency away; the generated order is PreSync Jobs, servers (wave 0), server-acl-init (wave 1), clients and catalog sync (wave 2).',
  check(context) {
    const { nodes, providers } = modelOf(context);
    const edges = new Map<ParsedResource, Edge[]>();
    for (const node of nodes) {
      const list: Edge[] = [];
      for (const need of node.needs) {
        if (!need.blocking || need.optional) continue;
        const found = provider(providers, need);
        if (!found?.resource || found.resource === node.resource) continue;
        const what = need.kind === 'AuthMethod' ? `auth method ${need.name}` : `${need.kind} ${need.name}`;
        list.push({ to: found.resource, why: found.how === 'job' ? `${what} (created by ${describeRef(found.resource)})` : what });
      }
      for (const workload of serverWaits(context, node)) list.push({ to: workload, why: `the servers (${describeRef(workload)} Ready)` });
      edges.set(node.resource, list);
    }
    const violations: Violation[] = [];
    for (const node of nodes) {
      const stage = stageOf(node.resource);
      for (const edge of edges.get(node.resource) ?? []) {
        const target = stageOf(edge.to);
        if (later(target, stage)) {
          violations.push({
            resource: node.resource,
            path: '/metadata',
            message: `${describeRef(node.resource)} (${describeStage(stage)}) waits on ${edge.why}, which comes only in ${describeStage(target)}: Argo CD waits for ${describeStage(stage)} to finish first, so the first sync never completes`,
          });
        }
      }
    }
    // Circular waits among objects of one stage: a depth-first search over same-stage edges.
    const reported = new Set<string>();
    const visit = (start: ParsedResource, current: ParsedResource, path: Edge[], seen: Set<ParsedResource>) => {
      for (const edge of edges.get(current) ?? []) {
        const a = stageOf(current);
        const b = stageOf(edge.to);
        if (a.phase !== b.phase || a.wave !== b.wave) continue;
        if (edge.to === start) {
          const chain = [describeRef(start), ...[...path, edge].map((step) => `waits on ${step.why}`)].join(' → ');
          const key = [...path, edge]
            .map((step) => describeRef(step.to))
            .sort()
            .join('|');
          if (!reported.has(key)) {
            reported.add(key);
            violations.push({
              resource: start,
              path: '/metadata',
              message: `circular wait in ${describeStage(a)}: ${chain}: none of them can finish first`,
            });
          }
          continue;
        }
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        visit(start, edge.to, [...path, edge], seen);
      }
    };
    for (const node of nodes) visit(node.resource, node.resource, [], new Set([node.resource]));
    return violations;
  },
};
