/** The four server rules of diff (diff/server-change.ts) on server states written out here: each message and where it points. */
import { describe, expect, it } from 'vitest';
import type { ServerState } from '../../tools/src/diff/consul-state.js';
import { serverChangeFindings } from '../../tools/src/diff/server-change.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';

const statefulSet = parseRendered({
  yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: consul-server\n  namespace: ns\n',
  file: 'overlays/prod',
  rendered: true,
}).resources[0] as ParsedResource;

const state = (change: Partial<ServerState> = {}): ServerState => ({
  replicas: 3,
  claims: [{ name: 'data', storageClass: 'ssd', size: '10Gi' }],
  image: 'hashicorp/consul:1.22.7',
  tls: true,
  acls: true,
  gossip: true,
  ...change,
});
const findings = (after: Partial<ServerState>, before: Partial<ServerState> = {}, tier?: 'development') =>
  serverChangeFindings(state(before), state(after), statefulSet, tier);
const messages = (after: Partial<ServerState>, before: Partial<ServerState> = {}, tier?: 'development') =>
  findings(after, before, tier).map((finding) => `${finding.severity} ${finding.rule} ${finding.path ?? '-'}: ${finding.message}`);

describe('serverChangeFindings', () => {
  it('nothing when nothing the rules read changes', () => {
    expect(findings({})).toEqual([]);
  });

  it('every finding points at the server StatefulSet, with its rule fix', () => {
    const [finding] = findings({ acls: false });
    expect(finding).toMatchObject({
      rule: 'security-downgrade',
      severity: 'error',
      resource: statefulSet.ref,
      location: statefulSet.location,
      hint: expect.stringMatching(/^Keep security\.tls, security\.acls and security\.gossip true/),
    });
  });

  it.each([
    {
      behaviour: 'a claim template added',
      after: { claims: [...state().claims, { name: 'logs', storageClass: null }] },
      expected: [
        'error storage-class-change /spec/volumeClaimTemplates/1: claim template logs is added to the server StatefulSet: Kubernetes rejects the update, and Argo CD cannot sync it',
      ],
    },
    {
      behaviour: 'a claim template removed',
      after: { claims: [] },
      expected: [
        'error storage-class-change /spec/volumeClaimTemplates: claim template data is removed from the server StatefulSet: the update is rejected, and the servers would lose their data volume',
      ],
    },
    {
      behaviour: 'a class set where the cluster default was used',
      after: { claims: [{ name: 'data', storageClass: 'ssd', size: '10Gi' }] },
      before: { claims: [{ name: 'data', storageClass: null, size: '10Gi' }] },
      expected: [
        'error storage-class-change /spec/volumeClaimTemplates/0/spec/storageClassName: storage class of server claim data changes from (cluster default) to ssd: the update is rejected, and forcing it puts the Raft data of every server at risk',
      ],
    },
    {
      behaviour: 'a class dropped for the cluster default',
      after: { claims: [{ name: 'data', storageClass: null, size: '10Gi' }] },
      expected: [expect.stringMatching(/changes from ssd to \(cluster default\): the update is rejected/)],
    },
    {
      behaviour: 'a size that cannot be compared',
      after: { claims: [{ name: 'data', storageClass: 'ssd', size: 'big' }] },
      expected: [
        'error storage-class-change /spec/volumeClaimTemplates/0/spec/resources/requests/storage: claim size of server claim data changes from 10Gi to big: volumeClaimTemplates cannot change in place; existing claims keep their size',
      ],
    },
    {
      behaviour: 'a size removed',
      after: { claims: [{ name: 'data', storageClass: 'ssd' }] },
      expected: [expect.stringMatching(/^error storage-class-change \S+: claim size of server claim data changes from 10Gi to \(none\): /)],
    },
    {
      behaviour: 'a size added, which is a shrink-proof change of no size',
      after: { claims: [{ name: 'data', storageClass: 'ssd', size: '10Gi' }] },
      before: { claims: [{ name: 'data', storageClass: 'ssd' }] },
      expected: [expect.stringMatching(/claim size of server claim data changes from \(none\) to 10Gi: /)],
    },
    {
      behaviour: 'a shrink without a size before it (keep the size)',
      after: { claims: [{ name: 'data', storageClass: 'ssd', size: '5Gi' }] },
      expected: [
        expect.stringMatching(/server claim data shrinks from 10Gi to 5Gi: Kubernetes never shrinks a claim, .*; keep 10Gi, or migrate/),
      ],
    },
  ])('storage-class-change: $behaviour', ({ after, before, expected }) => {
    expect(messages(after, before ?? {})).toEqual(expected);
  });

  it('a larger claim on a class the cluster describes says whether it expands; not for a smaller one or another class', () => {
    const grown = state({ claims: [{ name: 'data', storageClass: 'ssd', size: '20Gi' }] });
    const classes = (allowVolumeExpansion: boolean) => [
      { name: 'other', provisioner: 'p', volumeBindingMode: 'Immediate' as const, allowVolumeExpansion: true, zonal: false },
      { name: 'ssd', provisioner: 'p', volumeBindingMode: 'Immediate' as const, allowVolumeExpansion, zonal: false },
    ];
    const message = (after: ServerState, allow: boolean) =>
      serverChangeFindings(state(), after, statefulSet, undefined, classes(allow))[0]?.message;
    expect(message(grown, true)).toBe(
      'server claim data grows from 10Gi to 20Gi: volumeClaimTemplates cannot change in place, so the sync is rejected; the claims can expand where the StorageClass allows it: follow the plan; StorageClass ssd allows expansion: grow each existing claim (kubectl patch pvc) before the StatefulSet is recreated',
    );
    expect(message(grown, false)).toMatch(
      /follow the plan; StorageClass ssd does not allow volume expansion \(allowVolumeExpansion false\): /,
    );
    expect(message(state({ claims: [{ name: 'data', storageClass: 'ssd', size: '5Gi' }] }), true)).toMatch(
      /or migrate the servers to new claims$/,
    );
    expect(message(state({ claims: [{ name: 'data', storageClass: 'gold', size: '20Gi' }] }), true)).not.toMatch(/allows expansion/);
  });

  it.each([
    { behaviour: 'the same image', image: 'hashicorp/consul:1.22.7', expected: [] },
    { behaviour: 'an image without a version', image: 'hashicorp/consul:latest', expected: [] },
    { behaviour: 'one minor up', image: 'hashicorp/consul:1.23.0', expected: [] },
    { behaviour: 'a patch up', image: 'hashicorp/consul:1.22.8', expected: [] },
    {
      behaviour: 'two minors up',
      image: 'hashicorp/consul:1.24.0',
      expected: [
        'error consul-version-jump /spec/template/spec/containers: Consul 1.22.7 -> 1.24.0 skips a minor version: Consul upgrades servers one minor version at a time',
      ],
    },
    {
      behaviour: 'a major up',
      image: 'hashicorp/consul:2.22.7',
      expected: [expect.stringMatching(/^error consul-version-jump \S+: Consul 1\.22\.7 -> 2\.22\.7 skips a minor version/)],
    },
    {
      behaviour: 'a major down with a higher minor',
      image: 'hashicorp/consul:0.23.0',
      expected: [expect.stringMatching(/^error consul-version-jump \S+: Consul 1\.22\.7 -> 0\.23\.0 skips a minor version/)],
    },
    {
      behaviour: 'one minor down',
      image: 'hashicorp/consul:1.21.9',
      expected: [
        'warning consul-version-jump /spec/template/spec/containers: Consul 1.22.7 -> 1.21.9 is a downgrade: servers may not read a Raft log or snapshot written by the newer version',
      ],
    },
    {
      behaviour: 'two minors down',
      image: 'hashicorp/consul:1.20.0',
      expected: [expect.stringMatching(/^warning consul-version-jump \S+: Consul 1\.22\.7 -> 1\.20\.0 is a downgrade/)],
    },
  ])('consul-version-jump: $behaviour', ({ image, expected }) => {
    expect(messages({ image })).toEqual(expected);
  });

  it('no version finding when the base image has no version', () => {
    expect(messages({ image: 'hashicorp/consul:1.30.0' }, { image: 'hashicorp/consul' })).toEqual([]);
  });

  it.each([
    { key: 'tls', message: 'TLS is switched off for the servers: agents then talk in plaintext' },
    { key: 'acls', message: 'ACLs (default deny) is switched off for the servers: every request is then allowed' },
    { key: 'gossip', message: 'gossip encryption is switched off for the servers: gossip is then readable and forgeable on the network' },
  ])('security-downgrade: $key off', ({ key, message }) => {
    expect(messages({ [key]: false })).toEqual([`error security-downgrade -: ${message}`]);
    // switched on is no downgrade
    expect(messages({ [key]: true }, { [key]: false })).toEqual([]);
  });

  it('server-scale-step: a step that keeps the planned margin is no finding; the messages of the others name the counts', () => {
    expect(messages({ replicas: 4 }, { replicas: 5 })).toEqual([]);
    expect(messages({ replicas: 5 }, { replicas: 3 })).toEqual([]);
    expect(messages({ replicas: 8 }, { replicas: 5 })).toEqual([
      'warning server-scale-step /spec/replicas: servers 5 -> 8 adds 3 servers at once: if the new servers fail after autopilot promotes them to voters, 5 of 8 voters are up (quorum 5), tolerating 0 failures where smaller steps keep 1',
      'warning server-scale-step /spec/replicas: servers 5 -> 8 ends on an even count: quorum 5, and still 3 failures tolerated, as with 7',
    ]);
    expect(messages({ replicas: 1 }, { replicas: 3 }, 'development')).toEqual([
      'warning server-scale-step /spec/replicas: servers 3 -> 1 goes below the old quorum: Argo CD applies replicas at once and the StatefulSet (podManagementPolicy Parallel) stops consul-server-1, consul-server-2 together; until they have left the Raft peer set, 1 of 3 voters are up (quorum 2), so a leave that does not complete loses quorum, and a datacenter without a leader cannot remove the dead voters (recovery needs peers.json)',
    ]);
    expect(messages({ replicas: 4, bootstrapExpect: 4 }, { replicas: 3 })).toEqual([
      'warning server-scale-step /spec/replicas: servers 3 -> 4 (bootstrap_expect (unset) -> 4) ends on an even count: quorum 3, and still 1 failure tolerated, as with 3',
    ]);
    expect(messages({ replicas: 1, bootstrapExpect: undefined }, { replicas: 2, bootstrapExpect: 2 })).toEqual([
      'error server-scale-step /spec/replicas: servers 2 -> 1 (bootstrap_expect 2 -> (unset)) goes below the old quorum: Argo CD applies replicas at once and the StatefulSet (podManagementPolicy Parallel) stops consul-server-1 together; until they have left the Raft peer set, 1 of 2 voters are up (quorum 2), so a leave that does not complete loses quorum, and a datacenter without a leader cannot remove the dead voters (recovery needs peers.json)',
    ]);
  });

  it('server-scale-step: 7 -> 4 removes three servers, tolerating one failure where one at a time keeps two', () => {
    expect(messages({ replicas: 4 }, { replicas: 7 })).toEqual([
      'error server-scale-step /spec/replicas: servers 7 -> 4 removes 3 servers in one change: Argo CD applies replicas at once and the StatefulSet (podManagementPolicy Parallel) stops consul-server-4, consul-server-5, consul-server-6 together; until they have left the Raft peer set, 4 of 7 voters are up (quorum 4), tolerating 0 failures where one server at a time keeps 2',
    ]);
  });

  it('the rules come in order: storage, version, security, scale', () => {
    expect(findings({ replicas: 1, acls: false, image: 'hashicorp/consul:1.24.0', claims: [] }).map((finding) => finding.rule)).toEqual([
      'storage-class-change',
      'consul-version-jump',
      'security-downgrade',
      'server-scale-step',
    ]);
  });
});
