/** Storage quantities as the resize plan compares them (sizeChange reads both sides as bytes). */
import { describe, expect, it } from 'vitest';
import { sizeChange, storageResizePlans } from '../../tools/src/diff/storage-resize.js';

describe('sizeChange', () => {
  it.each([
    ['10Gi', '20Gi', 'grows'],
    ['1Ti', '1000Gi', 'shrinks'],
    ['500M', '1G', 'grows'],
    ['2k', '1999', 'shrinks'],
    ['1Pi', '1025Ti', 'grows'],
    [' 10Gi ', '9Gi', 'shrinks'],
  ] as const)('%j -> %j %s', (before, after, expected) => {
    expect(sizeChange(before, after)).toBe(expected);
  });

  it.each([
    ['the same size in other units', '1Gi', '1024Mi'],
    ['1.5Ti and 1536Gi', '1.5Ti', '1536Gi'],
    ['a size that is not a quantity', '10Gi', 'ten'],
    ['a unit Kubernetes does not know', '10GB', '20GB'],
    ['a negative size', '-1Gi', '1Gi'],
    ['a zero size before', '0', '1Gi'],
    ['a zero size after', '1Gi', '0Gi'],
    ['an empty size', '', '1Gi'],
    ['no size before', undefined, '10Gi'],
  ])('%s cannot be told apart: unknown', (_name, before, after) => {
    expect(sizeChange(before, after)).toBe('unknown');
  });
});

describe('storageResizePlans', () => {
  const claim = (size: string | undefined, storageClass: string | null = 'premium-ssd') => ({
    name: 'data',
    storageClass,
    ...(size === undefined ? {} : { size }),
  });
  const sizeFinding = (suppressed: boolean) => ({
    rule: 'storage-class-change' as const,
    severity: 'error' as const,
    message: 'grows',
    path: '/spec/volumeClaimTemplates/0/spec/resources/requests/storage',
    ...(suppressed ? { suppressed: { reason: 'runbook' } } : {}),
  });

  it('one plan per growing claim: check the class, accept, expand each claim, orphan-delete and resync', () => {
    expect(storageResizePlans([sizeFinding(false)], [{ before: claim('10Gi'), after: claim('20Gi') }], 3, 'consul-dev', 'dev')).toEqual([
      {
        rule: 'storage-class-change',
        change: 'server claim data 10Gi -> 20Gi',
        accepted: false,
        steps: [
          {
            title: 'check that premium-ssd can expand volumes',
            action:
              "kubectl get storageclass premium-ssd -o jsonpath='{.allowVolumeExpansion}' must print true; if it does not, a claim cannot grow: keep 10Gi, or move the servers to a class that expands (a migration, not this plan)",
          },
          {
            title: 'accept, merge, hold the sync',
            action:
              "accept storage-class-change on StatefulSet/consul-server in environments.dev.acceptedRisks (severity error, with a reason), run `npx consul-gitops generate`, merge; pause automated sync of the environment's Argo CD Application",
          },
          {
            title: 'expand each server claim to 20Gi: 3 of 3 voters up (quorum 2, tolerates 1), nothing stops',
            action:
              'for each ordinal i: kubectl -n consul-dev patch pvc data-consul-server-<i> -p \'{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}\'; wait until kubectl -n consul-dev get pvc data-consul-server-<0..2> shows capacity 20Gi',
            caution:
              'a driver that resizes the file system only on mount leaves the claim at FileSystemResizePending: restart that one server pod, and wait until `consul operator raft list-peers` shows every voter before the next',
          },
          {
            title:
              'orphan-delete the StatefulSet and sync: Argo CD recreates it with the new claim template and adopts the running pods; 3 of 3 voters up (quorum 2, tolerates 1)',
            action:
              'kubectl -n consul-dev delete statefulset consul-server --cascade=orphan (the pods and their claims stay), then sync the Application (re-enable automated sync); check `kubectl -n consul-dev get statefulset consul-server` shows 3/3 ready',
          },
        ],
      },
    ]);
  });

  it('names the cluster default class, and an unknown size, in words', () => {
    const [plan] = storageResizePlans([], [{ before: claim(undefined, null), after: claim(undefined, null) }], 1, 'ns', 'dev');
    expect(plan?.change).toBe('server claim data (none) -> (none)');
    expect(plan?.steps[0]).toEqual({
      title: 'check that the cluster default StorageClass can expand volumes',
      action:
        "kubectl get storageclass <the default class> -o jsonpath='{.allowVolumeExpansion}' must print true; if it does not, a claim cannot grow: keep the size, or move the servers to a class that expands (a migration, not this plan)",
    });
    expect(plan?.steps[2]?.title).toBe('expand each server claim to (none): 1 of 1 voters up (quorum 1, tolerates 0), nothing stops');
    expect(plan?.steps[2]?.action).toMatch(/shows capacity $/);
    expect(plan?.steps[2]?.action).toContain(
      '"storage":""}}}}\'; wait until kubectl -n ns get pvc data-consul-server-<0..0> shows capacity ',
    );
  });

  it('accepted only when every size finding is suppressed; a class finding or none at all does not accept it', () => {
    const growing = [{ before: claim('10Gi'), after: claim('20Gi') }];
    const accepted = (findings: Parameters<typeof storageResizePlans>[0]) =>
      storageResizePlans(findings, growing, 3, 'ns', 'dev')[0]?.accepted;
    expect(accepted([sizeFinding(true)])).toBe(true);
    expect(accepted([sizeFinding(true), sizeFinding(false)])).toBe(false);
    expect(accepted([])).toBe(false);
    expect(accepted([{ ...sizeFinding(true), path: '/spec/volumeClaimTemplates/0/spec/storageClassName' }])).toBe(false);
    expect(accepted([{ ...sizeFinding(true), rule: 'immutable-field-change' }])).toBe(false);
    // a finding of the rule without a path is no size finding
    expect(accepted([{ rule: 'storage-class-change', severity: 'error', message: 'm', suppressed: { reason: 'runbook' } }])).toBe(false);
  });

  it('no growing claim, no plan', () => {
    expect(storageResizePlans([sizeFinding(false)], [], 3, 'ns', 'dev')).toEqual([]);
  });
});
