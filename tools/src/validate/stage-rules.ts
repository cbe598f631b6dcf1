/** Findings that come from pipeline stages rather than policy rules: same catalog, same metadata. */
import type { Severity } from '../model/finding.js';
import { ARGOCD_RULES } from './argocd/rules.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  summary: string;
  reason: string;
  fix: string;
}

export const STAGE_RULES: readonly RuleInfo[] = [
  {
    id: 'kustomize-build',
    severity: 'error',
    summary: 'The kustomization renders with kustomize.',
    reason: 'Argo CD runs the same build; a failing build means nothing syncs (or an old render stays).',
    fix: "Read kustomize's message: usually a missing file, a bad path in resources/patches, or a patch that matches nothing.",
  },
  {
    id: 'yaml-parse',
    severity: 'error',
    summary: 'Every document is valid YAML with unique keys.',
    reason: 'Duplicate keys are silently resolved differently by different parsers; invalid YAML does not apply.',
    fix: 'Fix the syntax at the reported line; remove the duplicate key.',
  },
  {
    id: 'schema',
    severity: 'error',
    summary: 'Every object is valid against the Kubernetes API schema, strictly (unknown fields are errors).',
    reason: 'A typo such as `replica:` renders, applies without complaint on some paths, and silently keeps the old value.',
    fix: 'Correct the field at the reported JSON path (see the suggestion), or its type.',
  },
  {
    id: 'schema-missing',
    severity: 'error',
    summary: 'Every kind has a schema (built in, Argo CD, or a CRD in the schemas folder).',
    reason: 'An object that cannot be checked is not proven valid.',
    fix: 'Add the CustomResourceDefinition YAML to the schemas folder (--schemas DIR), or pass --ignore-missing-schemas.',
  },
  {
    id: 'suppression',
    severity: 'error',
    summary: 'A suppression names known rules and gives a reason.',
    reason: 'Accepting a risk is a decision a reviewer must be able to read; a typo in a rule id would silently suppress nothing.',
    fix: 'In this repository, list the risk under the environment\'s acceptedRisks in environments.yaml and run `consul-gitops generate` (it writes both annotations). On other manifests, set both consul-gitops/ignore: <rule>[,<rule>] and consul-gitops/ignore-reason: <why> on the resource.',
  },
  {
    id: 'spec',
    severity: 'error',
    summary: 'environments.yaml is valid (strict schema, odd server counts, DNS-label namespaces).',
    reason: 'Everything is generated and checked from the spec; a wrong spec makes every later stage wrong.',
    fix: 'Correct the key named in the message.',
  },
  {
    id: 'generate-drift',
    severity: 'error',
    summary: 'The committed base/, overlays/ and argocd/ are what environments.yaml generates (validate runs generate in memory and compares).',
    reason: 'The checks read the spec (tier, server count, storage class) and the render: a spec edited without regenerating passes against the old render, and Argo CD then syncs something nobody declared, or the spec promises a server count that never rolls out.',
    fix: 'Run `npx consul-gitops generate` and commit the result (`consul-gitops generate --check` prints the difference as a diff).',
  },
  // Rules of `consul-gitops diff` (base render vs head render; see tools/src/diff/consul-impact.ts).
  {
    id: 'storage-class-change',
    severity: 'error',
    summary: '`diff`: the server StatefulSet keeps the storage class and size of its volumeClaimTemplates.',
    reason: 'volumeClaimTemplates cannot change in place: Kubernetes rejects the update (Argo CD cannot sync), and forcing it by recreating the StatefulSet puts the Raft data of every server at risk.',
    fix: 'Plan the migration (orphan-delete the StatefulSet, move the servers one at a time keeping quorum), then accept it under the environment\'s acceptedRisks in environments.yaml (rule storage-class-change, kind StatefulSet, name consul-server, a reason) and run `consul-gitops generate`.',
  },
  {
    id: 'consul-version-jump',
    severity: 'error',
    summary: '`diff`: the Consul image moves by at most one minor version (a downgrade is a warning).',
    reason: 'Consul servers are upgraded one minor version at a time; skipping one, or going back, can leave servers unable to read the Raft log or snapshots.',
    fix: 'Upgrade to the next minor version first and let every server run it, then continue.',
  },
  {
    id: 'security-downgrade',
    severity: 'error',
    summary: '`diff`: TLS, ACLs (default deny) and gossip encryption are not switched off for the servers.',
    reason: 'Switching a protection off opens the datacenter (plaintext RPC, every request allowed, forgeable gossip) and is easy to miss in a large render diff.',
    fix: 'Keep security.tls, security.acls and security.gossip true in environments.yaml, or accept the change under the environment\'s acceptedRisks in environments.yaml (rule security-downgrade, the resource, a reason) and run `consul-gitops generate`.',
  },
  {
    id: 'server-scale-step',
    severity: 'error',
    summary: '`diff`: a server count change keeps the Raft margin of a one-server step: at most one server removed per change, never below the old quorum; scale-ups where the old servers stay a quorum of the new count, by at most two, to an odd count. Error in staging and production, warning in development (scale-ups: warning, info in development).',
    reason: 'Argo CD applies replicas at once and the servers run with podManagementPolicy Parallel: removed servers stop together and stay Raft voters until their leave completes or autopilot removes them, so 5 -> 3 runs with no failure tolerated and 5 -> 2 without quorum (a datacenter without a leader cannot remove the dead voters). Added servers that fail after promotion count against the quorum the same way.',
    fix: 'Follow the plan diff prints: one step per commit, waiting until `consul operator raft list-peers` shows the voters of each step. To make the change in one commit anyway, accept server-scale-step on StatefulSet/consul-server in the environment\'s acceptedRisks in environments.yaml (with a reason) and run `consul-gitops generate`.',
  },
  {
    id: 'immutable-field-change',
    severity: 'error',
    summary: '`diff`: a StatefulSet changes only the spec fields the Kubernetes API server lets an update change (replicas, template, updateStrategy, minReadySeconds, ordinals, persistentVolumeClaimRetentionPolicy, revisionHistoryLimit; table in tools/facts/kubernetes), not selector, serviceName, podManagementPolicy or volumeClaimTemplates beyond their class and size (storage-class-change).',
    reason: 'The API server rejects the update (ValidateStatefulSetUpdate), so the Argo CD sync fails at the StatefulSet half-way through, with the resources before it applied and those after it not, in every tier.',
    fix: 'Keep the field. To change it anyway, accept immutable-field-change on the StatefulSet in the environment\'s acceptedRisks in environments.yaml (with a reason), run `consul-gitops generate`, and follow the plan diff prints: orphan-delete the StatefulSet, sync, roll the pods one at a time.',
  },
  {
    id: 'environment-removal',
    severity: 'error',
    summary: '`diff`: no environment (overlay or Argo CD Application) present at the base ref is gone, unless removedEnvironments in environments.yaml names it with a reason. Warning in development.',
    reason: 'With automated prune Argo CD deletes the datacenter; the server claims remain, orphaned, and an environment created again under the name bootstraps an empty datacenter beside them.',
    fix: 'Keep the environment, or list it under removedEnvironments in environments.yaml with the reason, run `consul-gitops generate`, and follow the plan diff prints (snapshot first).',
  },
  {
    id: 'namespace-change',
    severity: 'error',
    summary: "`diff`: an environment's namespace stays the same. Warning in development.",
    reason: 'Argo CD prunes the datacenter in the old namespace and bootstraps an empty one in the new namespace; the server claims stay behind in the old namespace.',
    fix: "Keep the namespace, or accept namespace-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml and follow the plan (snapshot, sync, restore).",
  },
  {
    id: 'destination-change',
    severity: 'error',
    summary: "`diff`: an environment's Argo CD destination (cluster) stays the same. Warning in development.",
    reason: 'Argo CD deletes the datacenter on the old cluster and bootstraps an empty one on the new cluster; the server claims stay behind on the old cluster.',
    fix: "Keep the destination, or accept destination-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml and follow the plan (snapshot, sync, restore).",
  },
  {
    id: 'datacenter-rename',
    severity: 'error',
    summary: "`diff`: an environment's Consul datacenter name stays the same. Warning in development.",
    reason: 'The servers keep the Raft data of the old datacenter in their claims, and clients, tokens and WAN peers address the datacenter by name: Consul has no in-place rename.',
    fix: "Keep the name, or accept datacenter-rename on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml and follow the plan (snapshot, rebuild, restore).",
  },
  {
    id: 'gossip-key-change',
    severity: 'error',
    summary: '`diff`: the Secret name and key the servers read the gossip key from stay the same. Warning in development.',
    reason: 'Servers restarting with another key cannot gossip with agents still on the old one: the datacenter splits in two groups that cannot talk. The hook creates a new random key when the named Secret does not exist.',
    fix: "Rotate the key with `consul keyring` (install, use, update the Secret, remove); to change the Secret anyway, accept gossip-key-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml and follow the plan.",
  },
  {
    id: 'ca-change',
    severity: 'error',
    summary: '`diff`: the CA Secret the servers mount stays the same (a CA is replaced through a bundle, not in one step). Warning in development.',
    reason: 'Servers restarting with a new CA and agents trusting only the old one reject each other (verify_incoming, verify_server_hostname): RPC and quorum break during the roll.',
    fix: "Rotate through a bundle of old and new CA; to replace the Secret anyway, accept ca-change on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml and follow the plan.",
  },
  {
    id: 'tls-transition',
    severity: 'error',
    summary: '`diff`: TLS is switched on for a running datacenter only with verify_incoming false first. Warning in development.',
    reason: 'With verify_incoming true, each restarted server refuses plaintext RPC from the agents and servers not yet restarted: quorum and the agents are lost during the roll.',
    fix: "Switch TLS on with verify_incoming false, roll every agent, then set verify_incoming true; to do it in one step anyway, accept tls-transition on StatefulSet/consul-server in the environment's acceptedRisks in environments.yaml.",
  },
  {
    id: 'bootstrap-job-change',
    severity: 'warning',
    summary: "`diff`: a bootstrap hook Job's spec changes; the finding says what the control-plane command does to the Secrets that exist (facts of consul-k8s 1.9.11). A change of the flags that name its Secrets is an error (a warning in development); any other change a warning (info in development).",
    reason: 'Hook Jobs run on every sync: with a changed spec they act on the existing Secrets differently (a new Secret name means a new gossip key or a new CA; the server certificate is re-issued on every run).',
    fix: "Check the effect named in the message; when intended, accept bootstrap-job-change on the Job in the environment's acceptedRisks in environments.yaml.",
  },
  // Cross-checks of argocd/ against the run's overlays (validate with no DIR).
  ...ARGOCD_RULES.map(({ id, severity, summary, reason, fix }) => ({ id, severity, summary, reason, fix })),
];
