/**
 * unresolved-reference and sync-order: everything a pod or Job waits on exists, and exists in time.
 * Both read one dependency model (validate/consul/dependencies.ts) of the render.
 */
import type { ParsedResource } from '../../parse/resource.js';
import { builtinProvider, jobProducts, type Need, needKey, needsOf, type Provider, serviceOfAddress } from '../consul/dependencies.js';
import type { PolicyContext } from './context.js';
import { asArray, get } from '../../model/k8s-objects.js';
import { HOOK_ANNOTATION, SYNC_PHASES, SYNC_WAVE_ANNOTATION } from '../../model/argocd-sync.js';

export interface Node {
  resource: ParsedResource;
  needs: Need[];
}

/** The dependency model of one render, built once for both rules. */
const models = new WeakMap<PolicyContext, { nodes: Node[]; providers: Map<string, Provider> }>();

export function modelOf(context: PolicyContext): { nodes: Node[]; providers: Map<string, Provider> } {
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

export function provider(providers: Map<string, Provider>, need: Need): Provider | undefined {
  return providers.get(needKey(need.kind, need.name)) ?? builtinProvider(need.kind, need.name);
}

export const describeRef = (resource: ParsedResource) => `${resource.ref.kind}/${resource.ref.name}`;

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
