import type { PolicyContext } from '../policies/context.js';
import { describeRef, describeStage, later, modelOf, type Node, provider, stageOf } from '../policies/references.js';
import type { ParsedResource } from '../../parse/resource.js';
import { asObject, get, podSpecOf, selectorMatches } from '../../model/k8s-objects.js';
import type { RenderedRule, Violation } from '../policies/rule.js';

/** A workload with a pod template, and that template's labels. */
interface Templated {
  resource: ParsedResource;
  labels: Record<string, string>;
}

/** The workloads with pod template labels, read once per check (every node asks). */
function templatedWorkloads(context: PolicyContext): Templated[] {
  return context.resources.flatMap((resource) => {
    // `labels: null` (or any value that is no map) holds no label: such a template is matched by no selector
    const labels = asObject(get(podSpecOf(resource) ? resource.object : {}, 'spec', 'template', 'metadata', 'labels'));
    return labels === undefined ? [] : [{ resource, labels: labels as Record<string, string> }];
  });
}

/**
 * A control-plane command that talks to the servers waits until they answer: it depends on the
 * workloads its CONSUL_ADDRESSES Service selects being Ready.
 */
function serverWaits(context: PolicyContext, node: Node, templated: readonly Templated[]): ParsedResource[] {
  const services = node.needs
    .filter((need) => need.kind === 'Service' && need.blocking)
    .map((need) => context.find('Service', need.name))
    .filter((service): service is ParsedResource => service !== undefined);
  return services.flatMap((service) =>
    templated
      .filter((entry) => entry.resource !== node.resource && selectorMatches(get(service.object, 'spec', 'selector'), entry.labels))
      .map((entry) => entry.resource),
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
    const templated = templatedWorkloads(context);
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
      for (const workload of serverWaits(context, node, templated))
        list.push({ to: workload, why: `the servers (${describeRef(workload)} Ready)` });
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
