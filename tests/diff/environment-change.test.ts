/**
 * Changes that move or end a datacenter (diff/environment-change.ts) on small inputs: each rule's message, where its
 * facts come from (the StatefulSet, else the Application), and every step of each rule's plan.
 */
import { describe, expect, it } from 'vitest';
import type { ServerState } from '../../tools/src/diff/consul-state.js';
import { environmentChangeFindings, environmentChangePlans, type EnvironmentChangeInput } from '../../tools/src/diff/environment-change.js';
import type { Finding } from '../../tools/src/model/finding.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';

const statefulSet = (namespace?: string): ParsedResource =>
  parseRendered({
    yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\n${namespace ? `  namespace: ${namespace}\n` : ''}`,
    file: 'overlays/prod',
    rendered: true,
  }).resources[0] as ParsedResource;

const state = (replicas: number, datacenter?: string, claims = ['data']): ServerState => ({
  replicas,
  claims: claims.map((name) => ({ name, storageClass: 'ssd', size: '10Gi' })),
  ...(datacenter ? { datacenter } : {}),
  tls: true,
  acls: true,
  gossip: true,
});

const application = (file: string, destination: Record<string, string>) => ({
  file,
  object: { kind: 'Application', spec: { destination, source: { path: 'overlays/prod' } } },
});

const base: EnvironmentChangeInput = {
  environment: 'prod',
  path: 'overlays/prod',
  before: state(3, 'dc1'),
  after: state(3, 'dc1'),
  baseStatefulSet: statefulSet('consul-prod'),
  headStatefulSet: statefulSet('consul-prod'),
  applications: {},
};
const PLANS = [
  {
    rule: 'environment-removal',
    change: 'environment prod removed',
    accepted: false,
    steps: [
      {
        title: 'snapshot the running datacenter (3 servers: quorum 2, tolerates 1)',
        action:
          'kubectl -n consul-prod exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action: 'list prod under removedEnvironments in environments.yaml with the reason, run `npx consul-gitops generate`, merge',
      },
      {
        title: 'sync: Argo CD deletes the Application and its resources (prune); the datacenter stops',
        action: 'check `kubectl -n consul-prod get statefulset,pods` shows nothing of consul left',
      },
      {
        title: 'delete the orphaned claims when the snapshot is no longer needed',
        action: 'kubectl -n consul-prod delete pvc data-consul-server-0 data-consul-server-1 data-consul-server-2',
      },
      {
        title: 'tidy the spec',
        action: 'remove prod from removedEnvironments in a later change',
      },
    ],
  },
  {
    rule: 'namespace-change',
    change: 'namespace consul-prod -> consul-eu',
    accepted: false,
    steps: [
      {
        title: 'snapshot the running datacenter (3 servers: quorum 2, tolerates 1)',
        action:
          'kubectl -n consul-prod exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action:
          'accept namespace-change on StatefulSet/consul-server in environments.prod.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge',
      },
      {
        title: 'sync: the datacenter in consul-prod is deleted, a new one bootstraps in consul-eu (bootstrap_expect 3)',
        action: 'wait until `consul operator raft list-peers` in consul-eu shows 3 voters',
      },
      {
        title: 'restore into the new datacenter once its 3 servers have a leader (quorum 2)',
        action:
          "kubectl -n consul-eu exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n consul-eu rollout restart daemonset/consul-client",
      },
      {
        title: 'delete the orphaned claims in consul-prod once the restore is verified',
        action: 'kubectl -n consul-prod delete pvc data-consul-server-0 data-consul-server-1 data-consul-server-2',
      },
    ],
  },
  {
    rule: 'destination-change',
    change: 'Argo CD destination https://a -> https://b',
    accepted: false,
    steps: [
      {
        title: 'snapshot the running datacenter (3 servers: quorum 2, tolerates 1)',
        action:
          'kubectl -n consul-prod exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action:
          'accept destination-change on StatefulSet/consul-server in environments.prod.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge',
      },
      {
        title: 'sync: the datacenter on the old cluster is deleted, a new one bootstraps on the new cluster (bootstrap_expect 3)',
        action: 'wait until `consul operator raft list-peers` on the new cluster shows 3 voters',
      },
      {
        title: 'restore into the new datacenter once its 3 servers have a leader (quorum 2)',
        action:
          "kubectl -n consul-eu exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n consul-eu rollout restart daemonset/consul-client",
      },
      {
        title: 'delete the orphaned claims on the old cluster once the restore is verified',
        action: 'kubectl -n consul-prod delete pvc data-consul-server-0 data-consul-server-1 data-consul-server-2',
      },
    ],
  },
  {
    rule: 'datacenter-rename',
    change: 'datacenter dc1 -> dc2',
    accepted: false,
    steps: [
      {
        title: 'snapshot the running datacenter (3 servers: quorum 2, tolerates 1)',
        action:
          'kubectl -n consul-eu exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action:
          "accept datacenter-rename on StatefulSet/consul-server in environments.prod.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge, with automated sync of the environment's Application paused",
      },
      {
        title: 'stop the old datacenter: a planned outage, no quorum until the next step',
        action:
          'kubectl -n consul-eu delete statefulset consul-server, then kubectl -n consul-eu delete pvc data-consul-server-0 data-consul-server-1 data-consul-server-2 (its Raft data names the old datacenter)',
        caution: 'the datacenter is down from here until the new servers have a leader',
      },
      {
        title: 'sync: the servers bootstrap the renamed datacenter empty (bootstrap_expect 3)',
        action: 're-enable automated sync; wait until `consul operator raft list-peers` shows 3 voters',
      },
      {
        title: 'restore into the new datacenter once its 3 servers have a leader (quorum 2)',
        action:
          "kubectl -n consul-eu exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n consul-eu rollout restart daemonset/consul-client",
      },
    ],
  },
];

const PLANS2 = [
  {
    rule: 'environment-removal',
    change: 'environment dev removed',
    accepted: true,
    steps: [
      {
        title: 'snapshot the running datacenter (1 servers: quorum 1, tolerates 0)',
        action:
          'kubectl -n <namespace> exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action: 'list dev under removedEnvironments in environments.yaml with the reason, run `npx consul-gitops generate`, merge',
      },
      {
        title: 'sync: Argo CD deletes the Application and its resources (prune); the datacenter stops',
        action: 'check `kubectl -n <namespace> get statefulset,pods` shows nothing of consul left',
      },
      {
        title: 'delete the orphaned claims when the snapshot is no longer needed',
        action: 'kubectl -n <namespace> delete pvc <claims>',
      },
      {
        title: 'tidy the spec',
        action: 'remove dev from removedEnvironments in a later change',
      },
    ],
  },
  {
    rule: 'destination-change',
    change: 'Argo CD destination ? -> ?',
    accepted: true,
    steps: [
      {
        title: 'snapshot the running datacenter (1 servers: quorum 1, tolerates 0)',
        action:
          'kubectl -n <namespace> exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action:
          'accept destination-change on StatefulSet/consul-server in environments.dev.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge',
      },
      {
        title: 'sync: the datacenter on the old cluster is deleted, a new one bootstraps on the new cluster (bootstrap_expect 1)',
        action: 'wait until `consul operator raft list-peers` on the new cluster shows 1 voters',
      },
      {
        title: 'restore into the new datacenter once its 1 servers have a leader (quorum 1)',
        action:
          "kubectl -n <namespace> exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n <namespace> rollout restart daemonset/consul-client",
      },
      {
        title: 'delete the orphaned claims on the old cluster once the restore is verified',
        action: 'kubectl -n <namespace> delete pvc <claims>',
      },
    ],
  },
  {
    rule: 'datacenter-rename',
    change: 'datacenter ? -> ?',
    accepted: true,
    steps: [
      {
        title: 'snapshot the running datacenter (1 servers: quorum 1, tolerates 0)',
        action:
          'kubectl -n <namespace> exec consul-server-0 -- consul snapshot save /consul/data/before-change.snap, then kubectl cp it off the cluster (with a token that has operator:read, such as the bootstrap token)',
      },
      {
        title: 'accept and merge',
        action:
          "accept datacenter-rename on StatefulSet/consul-server in environments.dev.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge, with automated sync of the environment's Application paused",
      },
      {
        title: 'stop the old datacenter: a planned outage, no quorum until the next step',
        action:
          'kubectl -n <namespace> delete statefulset consul-server, then kubectl -n <namespace> delete pvc <claims> (its Raft data names the old datacenter)',
        caution: 'the datacenter is down from here until the new servers have a leader',
      },
      {
        title: 'sync: the servers bootstrap the renamed datacenter empty (bootstrap_expect 1)',
        action: 're-enable automated sync; wait until `consul operator raft list-peers` shows 1 voters',
      },
      {
        title: 'restore into the new datacenter once its 1 servers have a leader (quorum 1)',
        action:
          "kubectl -n <namespace> exec consul-server-0 -- consul snapshot restore <file> (with the new datacenter's bootstrap token; the restored ACLs then apply), then roll the clients: kubectl -n <namespace> rollout restart daemonset/consul-client",
      },
    ],
  },
];

const messages = (input: EnvironmentChangeInput): string[] =>
  environmentChangeFindings(input).map((finding) => `${finding.severity} ${finding.rule}: ${finding.message}`);

describe('environmentChangeFindings', () => {
  it('nothing for an environment that stays where it is', () => {
    expect(environmentChangeFindings(base)).toEqual([]);
  });

  it('a removed overlay is an environment removal that names the claims it orphans', () => {
    expect(messages({ ...base, after: undefined, headStatefulSet: undefined })).toEqual([
      'error environment-removal: environment prod is removed (its overlay overlays/prod): with automated prune Argo CD deletes its datacenter; the server claims (data-consul-server-0, data-consul-server-1, data-consul-server-2) stay behind, orphaned, and an environment created again under this name bootstraps an empty datacenter beside them',
    ]);
  });

  it('an overlay and its Application both removed are named together; the finding sits on the base StatefulSet', () => {
    const [finding] = environmentChangeFindings({
      ...base,
      after: undefined,
      headStatefulSet: undefined,
      applications: { base: application('argocd/applications/prod.yaml', { server: 'https://a' }) },
    });
    expect(finding?.message).toMatch(
      /^environment prod is removed \(its overlay overlays\/prod and its Argo CD Application \(argocd\/applications\/prod\.yaml\)\): /,
    );
    expect(finding?.resource).toEqual(base.baseStatefulSet?.ref);
    expect(finding?.location).toEqual(base.baseStatefulSet?.location);
    expect(finding?.hint).toMatch(/^Keep the environment; to remove it on purpose, list it under removedEnvironments/);
  });

  it("a removal without claims says so in general; the spec's reason suppresses it; development lowers it to a warning", () => {
    const [finding] = environmentChangeFindings({
      ...base,
      before: state(2, 'dc1', []),
      after: undefined,
      headStatefulSet: undefined,
      tier: 'development',
      removalReason: 'retired',
    });
    expect(finding).toMatchObject({ rule: 'environment-removal', severity: 'warning', suppressed: { reason: 'retired' } });
    expect(finding?.message).toContain('; the server claims stay behind, orphaned, and an environment');
  });

  it('only the Application gone, the overlay kept: a removal of the Application alone', () => {
    expect(messages({ ...base, applications: { base: application('a.yaml', { server: 'https://a' }) } })).toEqual([
      expect.stringMatching(/^error environment-removal: environment prod is removed \(its Argo CD Application \(a\.yaml\)\): /),
    ]);
  });

  it('a namespace change, read from the StatefulSets, at /metadata/namespace of the head one', () => {
    const [finding, ...more] = environmentChangeFindings({ ...base, headStatefulSet: statefulSet('consul-eu') });
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'namespace-change',
      severity: 'error',
      resource: { kind: 'StatefulSet', name: 'consul-server', namespace: 'consul-eu' },
      path: '/metadata/namespace',
      message:
        'namespace consul-prod -> consul-eu: with automated prune Argo CD deletes the datacenter in consul-prod and creates an empty one in consul-eu; the server claims (data-consul-server-0, data-consul-server-1, data-consul-server-2) stay behind, orphaned in consul-prod',
      hint: expect.stringMatching(/^Keep the namespace;/),
    });
  });

  it("a namespace change read from the Applications' destinations when the StatefulSets name none", () => {
    expect(
      messages({
        ...base,
        baseStatefulSet: statefulSet(),
        headStatefulSet: statefulSet(),
        applications: {
          base: application('a.yaml', { server: 'https://a', namespace: 'ns-a' }),
          head: application('b.yaml', { server: 'https://a', namespace: 'ns-b' }),
        },
      }),
    ).toEqual([expect.stringMatching(/^error namespace-change: namespace ns-a -> ns-b: .*orphaned in ns-a$/)]);
  });

  it('a destination named by cluster name, and the Application file of the head side', () => {
    expect(
      messages({ ...base, applications: { base: application('a.yaml', { name: 'east' }), head: application('b.yaml', { name: 'west' }) } }),
    ).toEqual([
      'error destination-change: Argo CD destination cluster east -> cluster west (b.yaml): Argo CD deletes the datacenter on cluster east and bootstraps an empty one on cluster west; the server claims (data-consul-server-0, data-consul-server-1, data-consul-server-2) stay behind, orphaned on cluster east',
    ]);
  });

  it('a destination the head side does not name, or an empty one, is no change', () => {
    expect(
      messages({ ...base, applications: { base: application('a.yaml', { server: 'https://a' }), head: application('b.yaml', {}) } }),
    ).toEqual([]);
    expect(
      messages({
        ...base,
        applications: { base: application('a.yaml', { server: '' }), head: application('b.yaml', { server: 'https://b' }) },
      }),
    ).toEqual([]);
  });

  it('a datacenter rename; unset on either side is none', () => {
    expect(messages({ ...base, after: state(3, 'dc2'), tier: 'staging' })).toEqual([
      'error datacenter-rename: datacenter dc1 -> dc2: the servers keep the Raft data of dc1 in their claims, and clients, tokens and WAN peers address the datacenter by name; Consul has no in-place rename',
    ]);
    expect(messages({ ...base, after: state(3) })).toEqual([]);
  });

  it('without a StatefulSet on either side only a removal can be found', () => {
    expect(messages({ ...base, baseStatefulSet: undefined, headStatefulSet: statefulSet('elsewhere') })).toEqual([]);
    expect(
      messages({ ...base, before: undefined, after: undefined, baseStatefulSet: statefulSet('a'), headStatefulSet: undefined }),
    ).toEqual([]);
  });
});

describe('environmentChangeFindings: where each fact is read', () => {
  it('a destination server that is empty or not a string gives way to the cluster name', () => {
    for (const server of ['', 5])
      expect(
        messages({
          ...base,
          applications: {
            base: application('a.yaml', { server: 'https://a' }),
            head: application('b.yaml', { server, name: 'west' } as never),
          },
        }),
      ).toEqual([expect.stringMatching(/^error destination-change: Argo CD destination https:\/\/a -> cluster west \(b\.yaml\)/)]);
  });

  it('a namespace known on one side only is no namespace change', () => {
    expect(messages({ ...base, baseStatefulSet: statefulSet() })).toEqual([]);
    expect(messages({ ...base, headStatefulSet: statefulSet() })).toEqual([]);
  });

  it('a head StatefulSet with no base one (the servers are new) is no move, whatever the Applications say', () => {
    expect(
      messages({
        ...base,
        before: undefined,
        baseStatefulSet: undefined,
        headStatefulSet: statefulSet(),
        applications: { base: application('a.yaml', { namespace: 'ns-a' }), head: application('b.yaml', { namespace: 'ns-b' }) },
      }),
    ).toEqual([]);
  });

  it('keeps the origin of the StatefulSet the finding sits on', () => {
    const withOrigin = Object.assign(statefulSet('ns-b'), { origin: { file: 'overlays/prod/kustomization.yaml' } });
    const [finding] = environmentChangeFindings({ ...base, headStatefulSet: withOrigin });
    expect(finding).toMatchObject({ rule: 'namespace-change', origin: { file: 'overlays/prod/kustomization.yaml' } });
  });
});

describe('environmentChangePlans: the server count', () => {
  it('is the one of the running datacenter (before), not the one the change asks for', () => {
    const [plan] = environmentChangePlans([{ rule: 'namespace-change', severity: 'error', message: 'm' }], {
      ...base,
      before: state(3),
      after: state(5),
      headStatefulSet: statefulSet('ns-b'),
    });
    expect(plan?.steps[0]?.title).toBe('snapshot the running datacenter (3 servers: quorum 2, tolerates 1)');
  });
});

const findings = (rules: string[], suppressed = false): Finding[] =>
  rules.map((rule) => ({
    rule: rule as Finding['rule'],
    severity: 'error',
    message: 'm',
    ...(suppressed ? { suppressed: { reason: 'r' } } : {}),
  }));

describe('environmentChangePlans', () => {
  it('snapshot, accept, sync, restore and clean up: every step of each rule with findings', () => {
    const input: EnvironmentChangeInput = {
      ...base,
      after: state(3, 'dc2'),
      headStatefulSet: statefulSet('consul-eu'),
      applications: { base: application('a.yaml', { server: 'https://a' }), head: application('b.yaml', { server: 'https://b' }) },
    };
    expect(
      environmentChangePlans(findings(['environment-removal', 'namespace-change', 'destination-change', 'datacenter-rename']), input),
    ).toEqual(PLANS);
  });

  it('placeholders where the inputs say nothing, and accepted when every finding of the rule is', () => {
    expect(
      environmentChangePlans(findings(['environment-removal', 'destination-change', 'datacenter-rename'], true), {
        environment: 'dev',
        path: 'overlays/dev',
        applications: {},
      }),
    ).toEqual(PLANS2);
  });

  it('no plan for a rule without findings, and not accepted while one of its findings is not', () => {
    expect(environmentChangePlans([], base)).toEqual([]);
    const plans = environmentChangePlans([...findings(['namespace-change'], true), ...findings(['namespace-change'])], base);
    expect(plans.map((plan) => [plan.rule, plan.accepted])).toEqual([['namespace-change', false]]);
  });
});
