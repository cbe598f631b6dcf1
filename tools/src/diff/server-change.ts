/**
 * The server StatefulSet before and after a change: storage-class-change, consul-version-jump,
 * security-downgrade and server-scale-step, each rule beside its check. Pure.
 */
import type { Finding } from '../model/finding.js';
import { faultTolerance, isWastefulEven, quorumSize } from '../model/quorum-math.js';
import type { RuleInfo } from '../model/rule.js';
import type { ParsedResource } from '../parse/resource.js';
import { quantityValue } from '../model/quantity.js';
import type { StorageClassFacts, Tier } from '../environments/types.js';
import { consulVersionOf, type ServerState } from './consul-state.js';
import { plannedMargin, scaleSeverity, scaleVerdict, worstMargin } from './scale-step.js';
import { sizeChange } from './storage-resize.js';
import { compareVersions } from '../model/version.js';

const storageClassChangeRule: RuleInfo = {
  id: 'storage-class-change',
  scope: 'diff',
  severity: 'error',
  summary: '`diff`: the server StatefulSet keeps the storage class and size of its volumeClaimTemplates.',
  reason:
    'volumeClaimTemplates cannot change in place: Kubernetes rejects the update (Argo CD cannot sync), and forcing it by recreating the StatefulSet puts the Raft data of every server at risk.',
  fix: "VolumeClaimTemplates cannot change in place. A larger size: follow the expansion plan diff prints (the StorageClass must allow volume expansion; expand each claim, then orphan-delete and resync the StatefulSet). Another class, or a smaller size: plan a migration (orphan-delete the StatefulSet, move the data server by server keeping quorum). Then accept it under the environment's acceptedRisks in environments.yaml (rule storage-class-change, kind StatefulSet, name consul-server, a reason) and run `consul-gitops generate`",
};

const consulVersionJumpRule: RuleInfo = {
  id: 'consul-version-jump',
  scope: 'diff',
  severity: 'error',
  summary: '`diff`: the Consul image moves by at most one minor version (a downgrade is a warning).',
  reason:
    'Consul servers are upgraded one minor version at a time; skipping one, or going back, can leave servers unable to read the Raft log or snapshots.',
  fix: 'Upgrade one minor version at a time: to the next minor version first, let every server run it, then continue; after a downgrade, restore from a snapshot taken before the upgrade instead, or roll forward',
};

const securityDowngradeRule: RuleInfo = {
  id: 'security-downgrade',
  scope: 'diff',
  severity: 'error',
  summary: '`diff`: TLS, ACLs (default deny) and gossip encryption are not switched off for the servers.',
  reason:
    'Switching a protection off opens the datacenter (plaintext RPC, every request allowed, forgeable gossip) and is easy to miss in a large render diff.',
  fix: 'Keep security.tls, security.acls and security.gossip true for this environment in environments.yaml (and regenerate), or accept the change under its acceptedRisks (rule security-downgrade, the resource, a reason) and run `npx consul-gitops generate`',
};

const serverScaleStepRule: RuleInfo = {
  id: 'server-scale-step',
  scope: 'diff',
  severity: 'error',
  summary:
    '`diff`: a server count change keeps the Raft margin of a one-server step: at most one server removed per change, never below the old quorum; scale-ups where the old servers stay a quorum of the new count, by at most two, to an odd count. Error in staging and production, warning in development (scale-ups: warning, info in development).',
  reason:
    'Argo CD applies replicas at once and the servers run with podManagementPolicy Parallel: removed servers stop together and stay Raft voters until their leave completes or autopilot removes them, so 5 -> 3 runs with no failure tolerated and 5 -> 2 without quorum (a datacenter without a leader cannot remove the dead voters). Added servers that fail after promotion count against the quorum the same way.',
  fix: "Change servers one step at a time as the plan says (each step its own commit, after `consul operator raft list-peers` shows the voters of the last one); to make the change in one commit anyway, accept server-scale-step on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml (severity error, with a reason), and run `npx consul-gitops generate`",
};

export const SERVER_CHANGE_RULES: readonly RuleInfo[] = [
  storageClassChangeRule,
  consulVersionJumpRule,
  securityDowngradeRule,
  serverScaleStepRule,
];

/** The security switches of the servers, with how people name them. */
export const SECURITY = [
  ['tls', 'TLS'],
  ['acls', 'ACLs (default deny)'],
  ['gossip', 'gossip encryption'],
] as const;

/**
 * What a larger claim needs besides the migration: the existing claims grow only when their class allows
 * volume expansion (clusters.<name>.storageClasses); unknown without a cluster description.
 */
function expansionNote(
  from: string | undefined,
  to: string | undefined,
  storageClass: string | undefined,
  classes: readonly StorageClassFacts[] | undefined,
): string {
  const before = quantityValue(from);
  const after = quantityValue(to);
  const facts = classes?.find((entry) => entry.name === storageClass);
  if (before === undefined || after === undefined || after <= before || !facts) return '';
  return facts.allowVolumeExpansion
    ? `; StorageClass ${facts.name} allows expansion: grow each existing claim (kubectl patch pvc) before the StatefulSet is recreated`
    : `; StorageClass ${facts.name} does not allow volume expansion (allowVolumeExpansion false): the existing claims cannot grow at all, so the servers need new claims on a class that allows it, moved one server at a time`;
}

function storageFindings(
  before: ServerState,
  after: ServerState,
  statefulSet: ParsedResource,
  storageClasses?: readonly StorageClassFacts[],
): Finding[] {
  const hint = storageClassChangeRule.fix;
  const base = {
    rule: storageClassChangeRule.id,
    severity: 'error' as const,
    resource: statefulSet.ref,
    location: statefulSet.location,
    ...(statefulSet.origin ? { origin: statefulSet.origin } : {}),
  };
  const findings: Finding[] = [];
  after.claims.forEach((claim, index) => {
    const previous = before.claims.find((candidate) => candidate.name === claim.name);
    const pointer = `/spec/volumeClaimTemplates/${index}`;
    if (!previous) {
      findings.push({
        ...base,
        path: pointer,
        hint,
        message: `claim template ${claim.name} is added to the server StatefulSet: Kubernetes rejects the update, and Argo CD cannot sync it`,
      });
      return;
    }
    if (previous.storageClass !== claim.storageClass) {
      findings.push({
        ...base,
        path: `${pointer}/spec/storageClassName`,
        hint,
        message: `storage class of server claim ${claim.name} changes from ${previous.storageClass ?? '(cluster default)'} to ${claim.storageClass ?? '(cluster default)'}: the update is rejected, and forcing it puts the Raft data of every server at risk`,
      });
    }
    if (previous.size !== claim.size) {
      const change = sizeChange(previous.size, claim.size);
      const sizes = `from ${previous.size ?? '(none)'} to ${claim.size ?? '(none)'}`;
      findings.push({
        ...base,
        path: `${pointer}/spec/resources/requests/storage`,
        hint,
        message: `${
          change === 'grows'
            ? `server claim ${claim.name} grows ${sizes}: volumeClaimTemplates cannot change in place, so the sync is rejected; the claims can expand where the StorageClass allows it: follow the plan`
            : change === 'shrinks'
              ? `server claim ${claim.name} shrinks ${sizes}: Kubernetes never shrinks a claim, and volumeClaimTemplates cannot change in place; keep ${previous.size ?? 'the size'}, or migrate the servers to new claims`
              : `claim size of server claim ${claim.name} changes ${sizes}: volumeClaimTemplates cannot change in place; existing claims keep their size`
        }${expansionNote(previous.size, claim.size, claim.storageClass ?? undefined, storageClasses)}`,
      });
    }
  });
  for (const previous of before.claims) {
    if (!after.claims.some((claim) => claim.name === previous.name)) {
      findings.push({
        ...base,
        path: '/spec/volumeClaimTemplates',
        hint,
        message: `claim template ${previous.name} is removed from the server StatefulSet: the update is rejected, and the servers would lose their data volume`,
      });
    }
  }
  return findings;
}

function versionFindings(before: ServerState, after: ServerState, statefulSet: ParsedResource): Finding[] {
  const from = consulVersionOf(before.image);
  const to = consulVersionOf(after.image);
  if (!from || !to || before.image === after.image) return [];
  const base = {
    rule: consulVersionJumpRule.id,
    resource: statefulSet.ref,
    path: '/spec/template/spec/containers',
    location: statefulSet.location,
    ...(statefulSet.origin ? { origin: statefulSet.origin } : {}),
  };
  if (to.major !== from.major || to.minor - from.minor > 1) {
    return [
      {
        ...base,
        severity: 'error',
        message: `Consul ${from.text} -> ${to.text} skips a minor version: Consul upgrades servers one minor version at a time`,
        hint: consulVersionJumpRule.fix,
      },
    ];
  }
  if (compareVersions(to.text, from.text) < 0) {
    return [
      {
        ...base,
        severity: 'warning',
        message: `Consul ${from.text} -> ${to.text} is a downgrade: servers may not read a Raft log or snapshot written by the newer version`,
        hint: consulVersionJumpRule.fix,
      },
    ];
  }
  return [];
}

function securityFindings(before: ServerState, after: ServerState, statefulSet: ParsedResource): Finding[] {
  return SECURITY.filter(([key]) => before[key] && !after[key]).map(([key, label]) => ({
    rule: securityDowngradeRule.id,
    severity: 'error' as const,
    resource: statefulSet.ref,
    location: statefulSet.location,
    ...(statefulSet.origin ? { origin: statefulSet.origin } : {}),
    message: `${label} is switched off for the servers${key === 'tls' ? ': agents then talk in plaintext' : key === 'acls' ? ': every request is then allowed' : ': gossip is then readable and forgeable on the network'}`,
    hint: securityDowngradeRule.fix,
  }));
}

/** server-scale-step: the replica change judged by the Raft margin at its worst moment (see scale-step.ts). */
function scaleFindings(before: ServerState, after: ServerState, statefulSet: ParsedResource, tier: Tier | undefined): Finding[] {
  const from = before.replicas;
  const to = after.replicas;
  if (from === to) return [];
  const verdict = scaleVerdict(from, to);
  const expect =
    before.bootstrapExpect !== after.bootstrapExpect
      ? ` (bootstrap_expect ${before.bootstrapExpect ?? '(unset)'} -> ${after.bootstrapExpect ?? '(unset)'})`
      : '';
  const base = {
    rule: serverScaleStepRule.id,
    resource: statefulSet.ref,
    path: '/spec/replicas',
    location: statefulSet.location,
    hint: serverScaleStepRule.fix,
    ...(statefulSet.origin ? { origin: statefulSet.origin } : {}),
  };
  const margin = worstMargin(from, to);
  const voters = Math.max(from, to);
  const up = Math.min(from, to);
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const findings: Finding[] = [];
  if (to < from) {
    const stopping = Array.from({ length: from - to }, (_, index) => `consul-server-${to + index}`).join(', ');
    const window = `Argo CD applies replicas at once and the StatefulSet (podManagementPolicy Parallel) stops ${stopping} together; until they have left the Raft peer set, ${up} of ${voters} voters are up (quorum ${quorumSize(voters)})`;
    if (verdict === 'quorum-loss') {
      findings.push({
        ...base,
        severity: scaleSeverity('quorum-loss', tier),
        message: `servers ${from} -> ${to}${expect} goes below the old quorum: ${window}, so a leave that does not complete loses quorum, and a datacenter without a leader cannot remove the dead voters (recovery needs peers.json)`,
      });
    } else if (verdict === 'too-large-step') {
      findings.push({
        ...base,
        severity: scaleSeverity('too-large-down', tier),
        message: `servers ${from} -> ${to}${expect} removes ${from - to} servers in one change: ${window}, tolerating ${plural(margin, 'failure')} where one server at a time keeps ${plannedMargin(from)}`,
      });
    }
    return findings;
  }
  const promoted = `if the new servers fail after autopilot promotes them to voters, ${up} of ${voters} voters are up (quorum ${quorumSize(voters)})`;
  if (verdict === 'quorum-loss') {
    findings.push({
      ...base,
      severity: scaleSeverity('quorum-loss', tier),
      message: `servers ${from} -> ${to}${expect}: the ${plural(from, 'existing server')} are not a quorum of ${to}: ${promoted}, and the datacenter has no leader`,
    });
  } else if (verdict === 'too-large-step') {
    findings.push({
      ...base,
      severity: scaleSeverity('too-large-up', tier),
      message: `servers ${from} -> ${to}${expect} adds ${to - from} servers at once: ${promoted}, tolerating ${plural(margin, 'failure')} where smaller steps keep ${plannedMargin(from)}`,
    });
  }
  if (isWastefulEven(to)) {
    findings.push({
      ...base,
      severity: scaleSeverity('even', tier),
      message: `servers ${from} -> ${to}${expect} ends on an even count: quorum ${quorumSize(to)}, and still ${plural(faultTolerance(to), 'failure')} tolerated, as with ${to - 1}`,
    });
  }
  return findings;
}

/** The findings of the four rules, in their order, for the server StatefulSet of the head render. */
export function serverChangeFindings(
  before: ServerState,
  after: ServerState,
  statefulSet: ParsedResource,
  tier: Tier | undefined,
  storageClasses?: readonly StorageClassFacts[],
): Finding[] {
  return [
    ...storageFindings(before, after, statefulSet, storageClasses),
    ...versionFindings(before, after, statefulSet),
    ...securityFindings(before, after, statefulSet),
    ...scaleFindings(before, after, statefulSet, tier),
  ];
}
