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
  // Cross-checks of argocd/ against the run's overlays (validate with no DIR).
  ...ARGOCD_RULES.map(({ id, severity, summary, reason, fix }) => ({ id, severity, summary, reason, fix })),
];
