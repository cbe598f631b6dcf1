/**
 * A larger server claim as a supported day-2 change. volumeClaimTemplates cannot change in place, but
 * a bound claim can grow where its StorageClass sets allowVolumeExpansion: expand each claim, then
 * recreate the StatefulSet with the new template without stopping a server (orphan delete). A claim
 * never shrinks. Pure.
 */
import type { Finding } from '../model/finding.js';
import { quantityValue } from '../model/quantity.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { ClaimState } from './consul-state.js';
import type { ChangePlan } from './plan.js';

/** Bytes of a storage size, or undefined when it is not a positive quantity. */
function storageBytes(quantity: string | undefined): number | undefined {
  const bytes = quantityValue(quantity);
  return bytes !== undefined && bytes > 0 ? bytes : undefined;
}

/** How a claim's size changes: grows, shrinks, or cannot be told (a size that is not a quantity). */
export function sizeChange(before: string | undefined, after: string | undefined): 'grows' | 'shrinks' | 'unknown' {
  const [from, to] = [storageBytes(before), storageBytes(after)];
  if (from === undefined || to === undefined || from === to) return 'unknown';
  return to > from ? 'grows' : 'shrinks';
}

/** The expansion plan for each server claim that grows (and nothing else changes in it). */
export function storageResizePlans(
  findings: readonly Finding[],
  growing: readonly { before: ClaimState; after: ClaimState }[],
  servers: number,
  namespace: string,
  environment: string,
): ChangePlan[] {
  const sizeFindings = findings.filter((finding) => finding.rule === 'storage-class-change' && finding.path?.endsWith('/storage'));
  return growing.map(({ before, after }) => {
    const claims = `${after.name}-consul-server-<0..${servers - 1}>`;
    const all = `${servers} of ${servers} voters up (quorum ${quorumSize(servers)}, tolerates ${faultTolerance(servers)})`;
    return {
      rule: 'storage-class-change',
      change: `server claim ${after.name} ${before.size ?? '(none)'} -> ${after.size ?? '(none)'}`,
      accepted: sizeFindings.length > 0 && sizeFindings.every((finding) => finding.suppressed),
      steps: [
        {
          title: `check that ${after.storageClass ?? 'the cluster default StorageClass'} can expand volumes`,
          action: `kubectl get storageclass ${after.storageClass ?? '<the default class>'} -o jsonpath='{.allowVolumeExpansion}' must print true; if it does not, a claim cannot grow: keep ${before.size ?? 'the size'}, or move the servers to a class that expands (a migration, not this plan)`,
        },
        {
          title: 'accept, merge, hold the sync',
          action: `accept storage-class-change on StatefulSet/consul-server in environments.${environment}.acceptedRisks (severity error, with a reason), run \`npx consul-gitops generate\`, merge; pause automated sync of the environment's Argo CD Application`,
        },
        {
          title: `expand each server claim to ${after.size ?? '(none)'}: ${all}, nothing stops`,
          action: `for each ordinal i: kubectl -n ${namespace} patch pvc ${after.name}-consul-server-<i> -p '{"spec":{"resources":{"requests":{"storage":"${after.size ?? ''}"}}}}'; wait until kubectl -n ${namespace} get pvc ${claims} shows capacity ${after.size ?? ''}`,
          caution:
            'a driver that resizes the file system only on mount leaves the claim at FileSystemResizePending: restart that one server pod, and wait until `consul operator raft list-peers` shows every voter before the next',
        },
        {
          title: `orphan-delete the StatefulSet and sync: Argo CD recreates it with the new claim template and adopts the running pods; ${all}`,
          action: `kubectl -n ${namespace} delete statefulset consul-server --cascade=orphan (the pods and their claims stay), then sync the Application (re-enable automated sync); check \`kubectl -n ${namespace} get statefulset consul-server\` shows ${servers}/${servers} ready`,
        },
      ],
    };
  });
}
