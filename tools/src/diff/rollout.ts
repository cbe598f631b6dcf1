/**
 * Which pods a change restarts, and what that does to the datacenter while it rolls: Kubernetes
 * rolls a workload when (and only when) its pod template changes, and a config change reaches the
 * template through its config checksum (model/config-checksum.ts). Pure.
 */
import { CONFIG_CHECKSUM_ANNOTATION } from '../model/config-checksum.js';
import { COMPONENT } from '../model/consul.js';
import { pointerSegment } from '../model/json.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { ServerState } from './consul-state.js';
import type { ResourceDiff } from './resource-diff.js';

const WORKLOADS: ReadonlySet<string> = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);
const TEMPLATE = '/spec/template';
const CHECKSUM_PATH = `${TEMPLATE}/metadata/annotations/${pointerSegment(CONFIG_CHECKSUM_ANNOTATION)}`;

/** What restarted the pods: the config (its checksum changed) or other fields of the template. */
function causeOf(diff: ResourceDiff): string {
  const paths = diff.changes.map((change) => change.path).filter((path) => path === TEMPLATE || path.startsWith(`${TEMPLATE}/`));
  const config = paths.includes(CHECKSUM_PATH) ? ['a config change'] : [];
  const others = paths.filter((path) => path !== CHECKSUM_PATH);
  const fields = others.length > 0 ? [`${others.length} pod template field(s), first ${others[0]}`] : [];
  return [...config, ...fields].join(' and ');
}

function serverRoll(servers: number): string {
  if (servers <= 1) return 'the only server restarts: no leader, no writes and no ACL logins until it is Ready again';
  const q = quorumSize(servers);
  const f = faultTolerance(servers);
  // two servers tolerate no failure: the restart of either one leaves no quorum
  if (f === 0)
    return `the ${servers} servers restart one at a time; while each restarts, ${servers - 1} of ${servers} voters remain, below the quorum of ${q}: no leader, no writes and no ACL logins until it is Ready again`;
  return `the ${servers} servers restart one at a time; while each restarts, ${servers - 1} of ${servers} voters remain (quorum ${q}), so the datacenter tolerates ${f - 1} more failure(s) during the roll instead of ${f}`;
}

/**
 * One line per workload whose pods the change restarts, with its cause and, for the servers and
 * clients, the impact while it rolls. A new or removed workload is not a rollout.
 */
export function rolloutsOf(resources: readonly ResourceDiff[], after: ServerState | undefined): string[] {
  return resources.flatMap((diff) => {
    if (diff.status !== 'changed' || !WORKLOADS.has(diff.ref.kind)) return [];
    const cause = causeOf(diff);
    if (!cause) return [];
    const workload = `${diff.ref.kind}/${diff.ref.name}`;
    if (diff.ref.kind === 'StatefulSet' && diff.ref.name === COMPONENT.server)
      return [`rolls the servers (${workload}, ${cause}): ${serverRoll(after?.replicas ?? 1)}`];
    if (diff.ref.kind === 'DaemonSet' && diff.ref.name === COMPONENT.client)
      return [
        `rolls the clients (${workload}, ${cause}): one node's agent at a time restarts; on that node, services lose their local agent and DNS until it is Ready again`,
      ];
    return [`restarts ${workload} (${cause})`];
  });
}
