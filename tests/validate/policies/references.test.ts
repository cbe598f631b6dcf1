/**
 * The dependency model unresolved-reference and sync-order read (modelOf, provider), and the sync stages
 * (stageOf, describeStage, later): each branch on inline objects.
 */
import { describe, expect, it } from 'vitest';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { createContext } from '../../../tools/src/validate/policies/context.js';
import { describeStage, modelOf, stageOf } from '../../../tools/src/validate/policies/references.js';
import { command, object, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';

const contextOf = (resources: readonly ParsedResource[], extra: Body = {}) =>
  createContext(resources, tierSpec('development', extra).environments, pinnedFacts());
const agent = (retryJoin: string[]) =>
  workload('StatefulSet', 'consul-server', {
    containers: [{ name: 'consul', command: ['consul', 'agent', ...retryJoin.map((value) => `-retry-join=${value}`)] }],
  });
const hooked = (hook: string) => {
  const resource = object('v1', 'ConfigMap', 'c');
  (resource.object.metadata as Body).annotations = { 'argocd.argoproj.io/hook': hook };
  return resource;
};

describe('modelOf', () => {
  it('is built once per context', () => {
    const context = contextOf([object('v1', 'ConfigMap', 'c')]);
    expect(modelOf(context)).toBe(modelOf(context));
  });

  it('an agent needs the Services its retry_join addresses name (not blocking, not optional); other addresses need nothing', () => {
    const { nodes } = modelOf(contextOf([agent(['consul-server', '10.0.0.1'])]));
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.needs.filter((need) => need.kind === 'Service')).toEqual([
      { kind: 'Service', name: 'consul-server', path: '/spec/template/spec/containers/0/command', optional: false, blocking: false },
    ]);
    const { nodes: none } = modelOf(contextOf([agent(['10.0.0.1'])]));
    expect(none[0]!.needs.some((need) => typeof need !== 'object' || need.kind === 'Service')).toBe(false);
  });

  it('the providers: the objects of the render, the Secrets its Jobs create, the prerequisites the environment declares', () => {
    const job = command(['gossip-encryption-autogenerate', '-secret-name=gossip', '-namespace=ns'], { name: 'gossip-job' });
    const deployment = command(['gossip-encryption-autogenerate', '-secret-name=not-by-a-job', '-namespace=ns'], {
      kind: 'Deployment',
      name: 'd',
    });
    const prerequisite = { kind: 'Secret', name: 'license', reason: 'the vendor', create: 'kubectl create secret generic license' };
    const { providers } = modelOf(contextOf([job, deployment], { externalPrerequisites: [prerequisite] }));
    expect([...providers.keys()]).toEqual(['Secret/license', 'Secret/gossip', 'Job/gossip-job', 'Deployment/d']);
    expect(providers.get('Secret/license')).toEqual({
      kind: 'Secret',
      name: 'license',
      how: 'prerequisite',
      note: 'kubectl create secret generic license',
    });
    expect(providers.get('Secret/gossip')).toMatchObject({ how: 'job', resource: job });
    expect(providers.get('Deployment/d')).toEqual({ kind: 'Deployment', name: 'd', how: 'render', resource: deployment });
    expect([...modelOf(contextOf([deployment])).providers.keys()]).toEqual(['Deployment/d']);
  });
});

describe('stageOf and describeStage', () => {
  it('the phase is the first entry of the hook annotation that is a phase, spaces around it ignored; Sync otherwise', () => {
    expect(stageOf(hooked('Skip, PreSync'))).toEqual({ phase: 0, wave: 0 });
    expect(stageOf(hooked('PostSync'))).toEqual({ phase: 2, wave: 0 });
    expect(stageOf(hooked('Skip'))).toEqual({ phase: 1, wave: 0 });
    expect(describeStage(stageOf(hooked('Skip')))).toBe('Sync wave 0');
  });

  it('a phase out of range is described as Sync', () => {
    expect(describeStage({ phase: 7, wave: 2 })).toBe('Sync wave 2');
  });
});
