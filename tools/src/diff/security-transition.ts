/**
 * Security changes a running datacenter cannot take in one step: the gossip key Secret
 * (gossip-key-change), the CA Secret (ca-change), TLS switched on without the verify_incoming false
 * transition (tls-transition), and a changed bootstrap hook Job (bootstrap-job-change), described
 * with what the control-plane command does to existing Secrets (tools/facts/consul-k8s-1.9.11). Pure.
 */
import { appliedAutopilotOf } from '../model/autopilot-hook.js';
import { isDeepStrictEqual } from 'node:util';
import type { ControlPlaneFacts } from '../model/facts.js';
import type { Finding, Severity } from '../model/finding.js';
import { faultTolerance, quorumSize } from '../model/quorum-math.js';
import type { ParsedResource } from '../parse/resource.js';
import type { RuleInfo } from '../model/rule.js';
import type { Tier } from '../environments/types.js';
import { asArray, get, isKind } from '../model/k8s-objects.js';
import { gossipKeyRef, type ServerState } from './consul-state.js';
import type { ChangePlan, PlanStep } from './plan.js';

const severityFor = (tier: Tier | undefined, development: Severity = 'warning', other: Severity = 'error'): Severity =>
  tier === 'development' ? development : other;

/** Secret names of the volumes that carry the CA certificate (volume name containing "ca-cert"). */
function caSecretOf(workload: ParsedResource | undefined): string | undefined {
  for (const volume of asArray(get(workload?.object, 'spec', 'template', 'spec', 'volumes'))) {
    const name = get(volume, 'name');
    const secret = get(volume, 'secret', 'secretName');
    if (typeof name === 'string' && name.includes('ca-cert') && typeof secret === 'string') return secret;
  }
  return undefined;
}

export interface TransitionInput {
  environment: string;
  namespace: string;
  tier?: Tier;
  before: ServerState;
  after: ServerState;
  base: readonly ParsedResource[];
  head: readonly ParsedResource[];
  statefulSet: ParsedResource;
  /** The control-plane release's commands: what each hook Job's command does to the Secrets. */
  controlPlane: ControlPlaneFacts;
}

const at = (resource: ParsedResource) => ({
  resource: resource.ref,
  location: resource.location,
  ...(resource.origin ? { origin: resource.origin } : {}),
});
const FIX = (rule: string, what: string, resource = 'StatefulSet/consul-server'): string =>
  `${what}; to make the change in one commit anyway, accept ${rule} on ${resource} in the environment's acceptedRisks in environments.yaml (severity error, with a reason), run \`npx consul-gitops generate\`, and follow the plan`;

const gossipKeyChangeRule: RuleInfo = {
  id: 'gossip-key-change',
  scope: 'diff',
  severity: 'error',
  summary: '`diff`: the Secret name and key the servers read the gossip key from stay the same. Warning in development.',
  reason:
    'Servers restarting with another key cannot gossip with agents still on the old one: the datacenter splits in two groups that cannot talk. The hook creates a new random key when the named Secret does not exist.',
  fix: FIX('gossip-key-change', 'Keep the Secret and rotate the key with `consul keyring` (docs/day-2.md, Rotating the gossip key)'),
};

const caChangeRule: RuleInfo = {
  id: 'ca-change',
  scope: 'diff',
  severity: 'error',
  summary:
    '`diff`: the CA Secret the servers mount stays the same (a CA is replaced through a bundle, not in one step). Warning in development.',
  reason:
    'Servers restarting with a new CA and agents trusting only the old one reject each other (verify_incoming, verify_server_hostname): RPC and quorum break during the roll.',
  fix: FIX('ca-change', 'Keep the CA Secret and rotate through a bundle of old and new CA (docs/day-2.md, Rotating the CA)'),
};

const tlsTransitionRule: RuleInfo = {
  id: 'tls-transition',
  scope: 'diff',
  severity: 'error',
  summary: '`diff`: TLS is switched on for a running datacenter only with verify_incoming false first. Warning in development.',
  reason:
    'With verify_incoming true, each restarted server refuses plaintext RPC from the agents and servers not yet restarted: quorum and the agents are lost during the roll.',
  fix: FIX('tls-transition', 'Switch TLS on with verify_incoming false first, roll every agent, then set verify_incoming true'),
};

const bootstrapJobChangeRule: RuleInfo = {
  id: 'bootstrap-job-change',
  scope: 'diff',
  severity: 'warning',
  summary:
    "`diff`: a bootstrap hook Job's spec changes; the finding says what the control-plane command does to the Secrets that exist (facts of consul-k8s 1.9.11). A change of the flags that name its Secrets is an error (a warning in development); any other change a warning (info in development).",
  reason:
    'Hook Jobs run on every sync: with a changed spec they act on the existing Secrets differently (a new Secret name means a new gossip key or a new CA; the server certificate is re-issued on every run).',
  fix: FIX('bootstrap-job-change', 'Check the effect on the existing Secrets named in the message', 'the Job'),
};

export const TRANSITION_RULES: readonly RuleInfo[] = [gossipKeyChangeRule, caChangeRule, tlsTransitionRule, bootstrapJobChangeRule];

/** The control-plane subcommand a Job runs (first argument after consul-k8s-control-plane). */
function subcommandOf(job: ParsedResource, facts: ControlPlaneFacts): string | undefined {
  for (const container of asArray(get(job.object, 'spec', 'template', 'spec', 'containers'))) {
    const words = [...asArray(get(container, 'command')), ...asArray(get(container, 'args'))].map(String);
    const index = words.findIndex((word) => word.endsWith('consul-k8s-control-plane'));
    if (index >= 0 && words[index + 1]) return words[index + 1];
    const known = words.find((word) => word in facts.commands);
    if (known) return known;
  }
  return undefined;
}

/** `-flag=value` arguments of a Job's containers. */
function flagsOf(job: ParsedResource): Map<string, string> {
  const flags = new Map<string, string>();
  for (const container of asArray(get(job.object, 'spec', 'template', 'spec', 'containers'))) {
    for (const word of [...asArray(get(container, 'command')), ...asArray(get(container, 'args'))].map(String)) {
      const match = /^(-{1,2}[a-z][\w-]*)=(.*)$/.exec(word);
      if (match) flags.set(match[1] as string, match[2] as string);
    }
  }
  return flags;
}

/** Changed flags that name the Secrets a hook reads or writes (-secret-name, -name-prefix, -*-secret-name, -resource-prefix). */
function secretFlagChanges(before: ParsedResource, after: ParsedResource): string[] {
  const [from, to] = [flagsOf(before), flagsOf(after)];
  return [...new Set([...from.keys(), ...to.keys()])]
    .filter((flag) => /secret-name|name-prefix|resource-prefix|secret-key/.test(flag) && from.get(flag) !== to.get(flag))
    .sort()
    .map((flag) => `${flag} ${from.get(flag) ?? '(unset)'} -> ${to.get(flag) ?? '(unset)'}`);
}

/** What a control-plane command does to Secrets that already exist, from the facts table. */
function effectOnExistingSecrets(subcommand: string | undefined, facts: ControlPlaneFacts): string {
  const writes = subcommand
    ? (facts.commands[subcommand]?.writes as
        { kubernetesSecrets?: { name?: string; idempotency?: string }[]; caPolicy?: string } | undefined)
    : undefined;
  const secrets = (writes?.kubernetesSecrets ?? [])
    .filter((secret) => secret.idempotency)
    .map((secret) => `${secret.name}: ${secret.idempotency}`);
  const parts = [writes?.caPolicy ? `CA: ${writes.caPolicy}` : '', ...secrets].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'it writes no Secret the facts table lists';
}

export function transitionFindings(input: TransitionInput): Finding[] {
  const findings: Finding[] = [];
  const server = (resources: readonly ParsedResource[]) =>
    resources.find((resource) => isKind(resource, 'StatefulSet', 'apps') && resource.ref.name === input.statefulSet.ref.name);
  const baseServer = server(input.base);
  const fromKey = gossipKeyRef(baseServer);
  const toKey = gossipKeyRef(input.statefulSet);
  if (fromKey && toKey && fromKey !== toKey) {
    findings.push({
      rule: gossipKeyChangeRule.id,
      severity: severityFor(input.tier),
      ...at(input.statefulSet),
      message: `the gossip key Secret changes from ${fromKey} to ${toKey}: servers restarting with the other key cannot gossip with agents still on the old one, and the datacenter splits in two groups (the hook creates a new random key when the Secret does not exist)`,
      hint: gossipKeyChangeRule.fix,
    });
  }
  const fromCa = caSecretOf(baseServer);
  const toCa = caSecretOf(input.statefulSet);
  if (fromCa && toCa && fromCa !== toCa) {
    findings.push({
      rule: caChangeRule.id,
      severity: severityFor(input.tier),
      ...at(input.statefulSet),
      message: `the CA Secret changes from ${fromCa} to ${toCa} in one step: servers restarting with the new CA and agents still trusting the old one reject each other's certificates (verify_incoming, verify_server_hostname)`,
      hint: caChangeRule.fix,
    });
  }
  if (!input.before.tls && input.after.tls && input.after.verifyIncoming !== false) {
    findings.push({
      rule: tlsTransitionRule.id,
      severity: severityFor(input.tier),
      ...at(input.statefulSet),
      message:
        'TLS is switched on for a running datacenter with verify_incoming true: each restarted server refuses plaintext RPC from the agents and servers not yet restarted, so quorum and the agents are lost during the roll',
      hint: tlsTransitionRule.fix,
    });
  }
  for (const job of input.head.filter(
    (resource) =>
      isKind(resource, 'Job', 'batch') &&
      get(resource.object, 'metadata', 'annotations', 'argocd.argoproj.io/hook') !== undefined &&
      // The autopilot hook changes with every scale and touches no Secret; runtime-settings.ts says what it applies.
      appliedAutopilotOf(resource).length === 0,
  )) {
    const previous = input.base.find((resource) => isKind(resource, 'Job', 'batch') && resource.ref.name === job.ref.name);
    if (!previous || isDeepStrictEqual(get(previous.object, 'spec'), get(job.object, 'spec'))) continue;
    const subcommand = subcommandOf(job, input.controlPlane);
    const renamed = secretFlagChanges(previous, job);
    const severity = renamed.length > 0 ? severityFor(input.tier) : severityFor(input.tier, 'info', 'warning');
    const naming =
      renamed.length > 0
        ? `; it now names other Secrets (${renamed.join(', ')}), so it finds none of the existing ones and creates them anew`
        : '';
    findings.push({
      rule: bootstrapJobChangeRule.id,
      severity,
      ...at(job),
      path: '/spec',
      message: `the ${String(get(job.object, 'metadata', 'annotations', 'argocd.argoproj.io/hook'))} hook Job ${job.ref.name}${subcommand ? ` (${subcommand})` : ''} changes and runs with the new spec on the next sync${naming}. Against the Secrets that exist: ${effectOnExistingSecrets(subcommand, input.controlPlane)}`,
      hint: bootstrapJobChangeRule.fix,
    });
  }
  return findings;
}

/** One plan per security finding rule. */
export function transitionPlans(findings: readonly Finding[], input: TransitionInput): ChangePlan[] {
  const n = input.after.replicas;
  const ns = input.namespace;
  const roll = (what: string): PlanStep => ({
    title: `roll the servers one at a time (${what}): at worst ${Math.max(0, n - 1)} of ${n} voters up (quorum ${quorumSize(n)}, tolerates ${Math.max(0, faultTolerance(n) - 1)} more)`,
    action: `kubectl -n ${ns} rollout restart statefulset/consul-server (one pod at a time, within the PDB); wait until \`consul operator raft list-peers\` shows ${n} voters, then kubectl -n ${ns} rollout restart daemonset/consul-client`,
  });
  const plans: ChangePlan[] = [];
  const add = (rule: string, change: string, steps: PlanStep[]): void => {
    const items = findings.filter((finding) => finding.rule === rule);
    if (items.length > 0) plans.push({ rule, change, accepted: items.every((finding) => finding.suppressed), steps });
  };
  add('gossip-key-change', 'gossip key Secret', [
    {
      title: `install the new key in every agent (${n} servers keep quorum ${quorumSize(n)})`,
      action: `with the private folder, port-forward and keyring function of docs/day-2.md (Rotating the gossip key; no key or token on a command line): head -c 32 /dev/urandom | base64 > "$work/new.key"; keyring POST "$work/new.key"`,
    },
    { title: 'encrypt with the new key', action: 'keyring PUT "$work/new.key"' },
    {
      title: 'store it where the pods read it, then merge the Secret change',
      action: `kubectl -n ${ns} create secret generic <new Secret> --from-file=<key>="$work/new.key"; accept gossip-key-change in environments.${input.environment}.acceptedRisks, generate, merge, sync`,
    },
    roll('they read the new Secret'),
    {
      title: 'drop the old key',
      action: `kubectl -n ${ns} get secret <old Secret> -o jsonpath='{.data.<key>}' | base64 -d > "$work/old.key"; keyring DELETE "$work/old.key"; rm -rf "$work"`,
    },
  ]);
  add('ca-change', 'CA Secret', [
    {
      title: 'trust both CAs',
      action: `put a bundle of the old and the new CA certificate into the CA Secret the agents read now (kubectl -n ${ns} apply), then roll the servers and clients once`,
    },
    roll('they trust both CAs'),
    {
      title: 'issue from the new CA and merge the Secret change',
      action: `accept ca-change in environments.${input.environment}.acceptedRisks, generate, merge, sync (tls-init re-issues consul-server-cert from the CA it finds)`,
    },
    roll('new server certificates'),
    { title: 'drop the old CA', action: 'remove the old certificate from the bundle; roll once more' },
  ]);
  add('tls-transition', 'TLS on', [
    {
      title: 'TLS on, verify_incoming false (agents accept TLS and plaintext)',
      action: `accept tls-transition in environments.${input.environment}.acceptedRisks, add a patch under overlays/${input.environment}/local/ that sets tls.internal_rpc.verify_incoming false in consul-server-config and consul-client-config, generate, merge, sync`,
    },
    roll('every agent now speaks TLS'),
    { title: 'verify_incoming true', action: `remove the local/ patch, generate, merge, sync` },
    roll('plaintext is refused from now on'),
  ]);
  add('bootstrap-job-change', 'bootstrap hook Job', [
    {
      title: 'check the Secrets the Job would read or write',
      action: `kubectl -n ${ns} get secrets --show-labels (a Secret the Job skips stays as it is; one it regenerates changes on the next sync)`,
    },
    {
      title: 'merge and sync; the hook runs with the new spec',
      action: `accept bootstrap-job-change in environments.${input.environment}.acceptedRisks if the effect above is intended, generate, merge; watch the Job's log in the sync`,
    },
  ]);
  return plans;
}
