import type { ParsedResource } from '../../parse/resource.js';
import { asArray, asObject, containersOf, isKind } from '../../model/k8s-objects.js';
import type { RenderedRule, Violation } from '../policies/rule.js';

interface HostPortClaim {
  resource: ParsedResource;
  path: string;
  port: number;
  protocol: string;
  hostIP: string;
  daemon: boolean;
}

/** Every host port a pod template claims, with where it is written. */
function hostPortClaims(resource: ParsedResource): HostPortClaim[] {
  const daemon = isKind(resource, 'DaemonSet', 'apps');
  return containersOf(resource).flatMap((container) =>
    asArray(container.container.ports).flatMap((entry, index) => {
      const port = asObject(entry) ?? {};
      if (typeof port.hostPort !== 'number' || port.hostPort <= 0) return [];
      return [
        {
          resource,
          path: `${container.pointer}/ports/${index}/hostPort`,
          port: port.hostPort,
          protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
          hostIP: typeof port.hostIP === 'string' ? port.hostIP : '',
          daemon,
        },
      ];
    }),
  );
}

/** The scheduler's NodePorts check: one port and protocol, on addresses that overlap (empty or 0.0.0.0 is every address). */
function overlaps(a: { port: number; protocol: string; hostIP: string }, b: { port: number; protocol: string; hostIP: string }): boolean {
  const any = (ip: string): boolean => ip === '' || ip === '0.0.0.0';
  return a.port === b.port && a.protocol === b.protocol && (any(a.hostIP) || any(b.hostIP) || a.hostIP === b.hostIP);
}

const label = (claim: HostPortClaim): string => `${claim.resource.ref.kind}/${claim.resource.ref.name}`;

export const hostPortCollision: RenderedRule = {
  id: 'host-port-collision',
  scope: 'rendered',
  severity: 'error',
  summary:
    'No two workloads whose pods can share a node claim the same host port and protocol: a DaemonSet is on every node, and so are the host ports other DaemonSets of the cluster take.',
  reason:
    'Reported: servers given hostPort 8501/8502 next to the client DaemonSet, which holds both on every node: the scheduler finds no node ("didn\'t have free ports for the requested pod ports") and the servers stay Pending. A port a node exporter or another agent already holds (clusters.<name>.hostPorts) does the same to the clients.',
  fix: 'Drop the hostPort from the workload that does not need it (the servers are reached through their Services), or move it to a free port; the client DaemonSet keeps 8501/8502 (HOST_IP:8501 is how pods reach their agent).',
  check(context) {
    const claims = context.resources.flatMap(hostPortClaims);
    const violations: Violation[] = [];
    for (const [index, claim] of claims.entries()) {
      const taken = context.cluster?.hostPorts.find((entry) => overlaps(claim, { ...entry, hostIP: '' }));
      if (taken) {
        violations.push({
          resource: claim.resource,
          path: claim.path,
          message: `hostPort ${claim.port}/${claim.protocol} is already taken on every node of cluster "${context.cluster?.name ?? ''}" by ${taken.owner}: no pod of ${label(claim)} could be scheduled`,
        });
        continue;
      }
      // One finding per pair, on the workload that is not the DaemonSet (or the later one of two DaemonSets).
      const other = claims.find(
        (candidate, otherIndex) =>
          candidate.resource !== claim.resource && overlaps(candidate, claim) && candidate.daemon && (!claim.daemon || otherIndex < index),
      );
      if (other) {
        violations.push({
          resource: claim.resource,
          path: claim.path,
          message: `hostPort ${claim.port}/${claim.protocol} is also claimed by ${label(other)} (${other.path}), which runs on every node: pods of ${label(claim)} find no node with the port free ("didn't have free ports for the requested pod ports")`,
        });
      }
    }
    return violations;
  },
};
