/** argocd-destructive-sync: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/argocd-destructive-sync/). */
import { describe, expect, it } from 'vitest';
import { argocdDestructiveSync } from '../../../tools/src/validate/rules/argocd-destructive-sync.js';
import { found, object, servers, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const SYNC = 'argocd.argoproj.io/sync-options';
const HOOK = 'argocd.argoproj.io/hook';
const HOOK_POLICY = 'argocd.argoproj.io/hook-delete-policy';
/** `resource` with extra annotations on its metadata. */
function annotated<T extends { object: Record<string, unknown> }>(resource: T, annotations: Record<string, string>): T {
  const metadata = resource.object.metadata as Body;
  metadata.annotations = { ...(metadata.annotations as Body | undefined), ...annotations };
  return resource;
}
const claimTemplate = (annotations: Record<string, string>) => ({
  volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', annotations } }],
});
const messages = (resources: Parameters<typeof found>[1]) =>
  found(argocdDestructiveSync, resources).map((entry) => `${entry.at}: ${entry.message}`);

describe('argocd-destructive-sync', () => {
  it('Force=true on the server StatefulSet: deleted and recreated, every server at once', () => {
    expect(messages([annotated(servers(5), { [SYNC]: 'Force=true, Replace=true' })])).toEqual([
      'StatefulSet/consul-server /metadata/annotations/argocd.argoproj.io~1sync-options: argocd.argoproj.io/sync-options: Replace=true,Force=true: on a sync that changes it, Argo CD (kubectl delete/create) deletes and recreates StatefulSet consul-server: all 5 servers stop at once and the datacenter has no quorum until they are back',
    ]);
  });

  it('Replace=true alone: replaced whole, and recreated when a change cannot be made in place', () => {
    expect(messages([annotated(servers(3), { [SYNC]: 'Replace=true' })])).toEqual([
      expect.stringMatching(
        /: Replace=true: Argo CD replaces it whole \(kubectl replace\) instead of patching it, which its documentation calls destructive: with a change Kubernetes cannot make in place, or a forced sync, it deletes and recreates StatefulSet consul-server: all 3 servers stop at once/,
      ),
    ]);
  });

  it.each([
    ['DaemonSet', 'consul-client', 'the client agent of every node stops at once'],
    ['PodDisruptionBudget', 'consul-server', 'while it is gone nothing limits evictions, and a node drain can take every server'],
    ['Service', 'consul-server', 'DNS, joins and the API through it fail until it is back'],
  ])('Force=true on %s %s says what its recreation does', (kind, name, what) => {
    const resource =
      kind === 'DaemonSet' ? workload(kind, name, {}) : object(kind === 'Service' ? 'v1' : 'policy/v1', kind, name, { spec: {} });
    expect(messages([annotated(resource, { [SYNC]: 'Force=true' })])).toEqual([
      expect.stringContaining(`deletes and recreates ${kind} ${name}: ${what}`),
    ]);
  });

  it('leaves other sync options alone (Delete=false, Prune=false, ServerSideApply=true on the StatefulSet)', () => {
    expect(messages([annotated(servers(3), { [SYNC]: 'Delete=false,Prune=false,ServerSideApply=true' })])).toEqual([]);
  });

  it('a hook on the StatefulSet without a delete policy: the default BeforeHookCreation recreates it on every sync', () => {
    expect(messages([annotated(servers(5), { [HOOK]: 'Sync' })])).toEqual([
      'StatefulSet/consul-server /metadata/annotations/argocd.argoproj.io~1hook: argocd.argoproj.io/hook: Sync makes StatefulSet consul-server a hook, which Argo CD creates for the sync and never keeps in sync: on every sync Argo CD (BeforeHookCreation, the default without a hook-delete-policy) deletes and recreates StatefulSet consul-server: all 5 servers stop at once and the datacenter has no quorum until they are back',
    ]);
  });

  it('a hook with HookSucceeded and HookFailed: deleted when the sync ends', () => {
    expect(
      messages([annotated(workload('DaemonSet', 'consul-client', {}), { [HOOK]: 'PostSync', [HOOK_POLICY]: 'HookSucceeded, HookFailed' })]),
    ).toEqual([
      expect.stringMatching(
        /a hook, which Argo CD creates for the sync and never keeps in sync: HookSucceeded deletes it when the sync succeeds; HookFailed deletes it when the sync fails$/,
      ),
    ]);
  });

  it('a hook on the catalog-sync Deployment too, but Force on a Deployment is a rolling change it survives', () => {
    const deployment = annotated(workload('Deployment', 'consul-sync-catalog', {}), { [HOOK]: 'Sync', [SYNC]: 'Force=true' });
    expect(messages([deployment])).toEqual([expect.stringContaining('makes Deployment consul-sync-catalog a hook')]);
  });

  it('a hook on a Job is what hooks are for', () => {
    expect(messages([annotated(workload('Job', 'consul-tls-init', {}), { [HOOK]: 'PreSync' })])).toEqual([]);
  });

  it('Prune=false on a claim template without Delete=false: not a protection against deleting the Application', () => {
    expect(messages([servers(3, claimTemplate({ [SYNC]: 'Prune=false' }))])).toEqual([
      "StatefulSet/consul-server /spec/volumeClaimTemplates/0/metadata/annotations: argocd.argoproj.io/sync-options: Prune=false on claim template data (copied onto every claim) without Delete=false: Prune=false only keeps Argo CD from pruning a claim that leaves the render while prune is on; deleting the Application (cascade) still deletes a tracked claim, and the server's Raft data with it",
    ]);
  });

  it('Prune=false with Delete=false on a claim template is fine; Force there loses the Raft data', () => {
    expect(messages([servers(3, claimTemplate({ [SYNC]: 'Prune=false,Delete=false' }))])).toEqual([]);
    expect(messages([servers(3, claimTemplate({ [SYNC]: 'Delete=false,Force=true' }))])).toEqual([
      expect.stringMatching(
        /deletes and recreates claim template data \(copied onto every claim\), and with it the server's Raft data and node ID$/,
      ),
    ]);
  });

  it('a PersistentVolumeClaim in the render is held to the same', () => {
    const claim = annotated(object('v1', 'PersistentVolumeClaim', 'data-consul-server-0', { spec: {} }), {
      [SYNC]: 'Replace=true,Prune=false',
    });
    expect(messages([claim])).toEqual([
      expect.stringMatching(/Replace=true: Argo CD replaces it whole .* it deletes and recreates claim data-consul-server-0, and with it/),
      expect.stringContaining('Prune=false on claim data-consul-server-0 without Delete=false'),
    ]);
  });

  it('Force=true alone on a single server: the only server stops', () => {
    expect(messages([annotated(servers(1), { [SYNC]: 'Force=true' })])).toEqual([
      'StatefulSet/consul-server /metadata/annotations/argocd.argoproj.io~1sync-options: argocd.argoproj.io/sync-options: Force=true: on a sync that changes it, Argo CD (kubectl delete/create) deletes and recreates StatefulSet consul-server: the only server stops and the datacenter has no quorum until it is back',
    ]);
  });

  it('a hook with BeforeHookCreation named explicitly says so; a delete policy that deletes nothing adds no fate', () => {
    expect(messages([annotated(servers(3), { [HOOK]: 'Sync', [HOOK_POLICY]: 'BeforeHookCreation' })])).toEqual([
      expect.stringContaining(
        'never keeps in sync: on every sync Argo CD (BeforeHookCreation) deletes and recreates StatefulSet consul-server: all 3 servers stop at once',
      ),
    ]);
    expect(messages([annotated(workload('DaemonSet', 'consul-client', {}), { [HOOK]: 'Sync', [HOOK_POLICY]: '' })])).toEqual([
      'DaemonSet/consul-client /metadata/annotations/argocd.argoproj.io~1hook: argocd.argoproj.io/hook: Sync makes DaemonSet consul-client a hook, which Argo CD creates for the sync and never keeps in sync',
    ]);
  });
});

describeRuleFixtures('argocd-destructive-sync');
