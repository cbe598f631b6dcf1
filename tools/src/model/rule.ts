/**
 * Rule ids: every rule the tools can emit, in report order (stage findings, diff rules, Argo CD
 * cross-checks, then the rules over rendered objects and kustomization files). A closed union, so a
 * typo in a rule id fails to compile; the catalog (tools/src/rule-catalog.ts) lists each id once, in
 * this order, with its metadata beside its code (tests/validate/rule-catalog.test.ts holds the two equal).
 */
import type { Severity } from './severity.js';

export const RULE_IDS = [
  'kustomize-build',
  'kustomize-boundary',
  'yaml-parse',
  'schema',
  'schema-missing',
  'api-server',
  'suppression',
  'spec',
  'generate-drift',
  'storage-class-change',
  'consul-version-jump',
  'security-downgrade',
  'server-scale-step',
  'immutable-field-change',
  'environment-removal',
  'namespace-change',
  'destination-change',
  'datacenter-rename',
  'gossip-key-change',
  'ca-change',
  'tls-transition',
  'bootstrap-job-change',
  'argocd-path',
  'argocd-namespace',
  'argocd-project',
  'cluster-scoped-collision',
  'quorum-even-servers',
  'quorum-min-servers',
  'quorum-bootstrap-expect',
  'pdb-max-unavailable',
  'server-anti-affinity',
  'zone-quorum',
  'node-topology-labels',
  'version-compatibility',
  'rollout-quorum',
  'config-rollout',
  'autopilot-hook',
  'server-resources',
  'server-grace-period',
  'server-readiness-leader',
  'server-service-publish-not-ready',
  'storage-class',
  'storage-binding',
  'volume-claim-template-type',
  'argocd-tracking-label-claims',
  'pvc-retention',
  'argocd-destructive-sync',
  'client-host-port',
  'hostport-requires-tls-acl',
  'host-port-collision',
  'consul-datacenter',
  'consul-gossip',
  'consul-tls',
  'consul-acl',
  'consul-config',
  'control-plane-contract',
  'control-plane-rbac',
  'control-plane-api-secret',
  'client-probe-ca',
  'ca-secret-projection',
  'dns-acl-policy',
  'unresolved-reference',
  'sync-order',
  'service-target-port',
  'consul-client-ports',
  'consul-address-scheme',
  'consul-retry-join',
  'plaintext-secret',
  'image-pinned',
  'pod-non-root',
  'no-privileged',
  'pod-security',
  'service-account-token',
  'rbac-no-wildcard',
  'env-reference-order',
  'deprecated-api',
  'remote-base-pinned',
  'kustomize-deprecated-field',
  'environment-label',
  'environment-completeness',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const KNOWN_RULES: ReadonlySet<string> = new Set(RULE_IDS);

export function isRuleId(value: string): value is RuleId {
  return KNOWN_RULES.has(value);
}

/** A rule's severity as the spec sets it per tier or environment; `off` does not run it. */
export type SeverityOverride = Severity | 'off';

/**
 * What a rule reads: `rendered` objects of one overlay (validate/policies), `kustomization` files of its
 * tree (validate/kustomization), the `argocd` folder against the run's overlays (validate/argocd), two
 * renders of a change (`diff`), or a pipeline `stage` that emits the finding itself (build, parse, schema).
 */
export type RuleScope = 'rendered' | 'kustomization' | 'argocd' | 'diff' | 'stage';

/** What the catalog, the rules reference (docs/rules.md), `consul-gitops rules` and SARIF show of a rule. */
export interface RuleInfo {
  id: RuleId;
  scope: RuleScope;
  severity: Severity;
  summary: string;
  reason: string;
  fix: string;
}

/**
 * A rule is data plus a pure function: its id, summary, reason and fix live next to its check. `Context`
 * is what its scope's runner hands it; `Result` what it returns (the runner adds id, severity, fix and
 * locations). A stage or diff rule is its RuleInfo: the stage, or diff's comparison, emits the finding.
 */
export interface Rule<Context, Result> extends RuleInfo {
  /**
   * Rendered rules: the object kinds the rule applies to. The runner runs it only when the overlay renders
   * one of them, and its context's `resources` holds only those (lookups by kind still see every object).
   */
  kinds?: readonly string[];
  check(context: Context): Result[];
}
