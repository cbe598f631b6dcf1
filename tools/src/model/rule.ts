/**
 * Rule ids: every rule the tools can emit, in report order (stage findings, diff rules, Argo CD
 * cross-checks, the rules over rendered objects, then the kustomization-file rules). A closed union, so a
 * typo in a rule id fails to compile. The ids of the last three are generated from their folders (one file per
 * rule, named after its id: validate/argocd/rules/, validate/rules/, validate/kustomization/rules/;
 * tools/scripts/rule-index.mjs), each sorted by id; the stage and diff ids are listed here. The catalog (tools/src/rule-catalog.ts) lists each id once, in this order, with its
 * metadata beside its code (tests/validate/rule-catalog.test.ts holds the two equal).
 */
import { ARGOCD_RULE_IDS, KUSTOMIZATION_RULE_IDS, RENDERED_RULE_IDS } from './generated-rule-ids.js';
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
  ...ARGOCD_RULE_IDS,
  ...RENDERED_RULE_IDS,
  ...KUSTOMIZATION_RULE_IDS,
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** The id of a rule over rendered objects: the name of its file in validate/rules/. */
export type RenderedRuleId = (typeof RENDERED_RULE_IDS)[number];
/** The id of a kustomization-file rule: the name of its file in validate/kustomization/rules/. */
export type KustomizationRuleId = (typeof KUSTOMIZATION_RULE_IDS)[number];
/** The id of an Argo CD cross-check: the name of its file in validate/argocd/rules/. */
export type ArgocdRuleId = (typeof ARGOCD_RULE_IDS)[number];

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
  /**
   * `kubernetes` for a rule that holds for any workload (a rendered one then sees every object); the default is a
   * Consul rule. The generator lists the kubernetes ones from the rule files for rule-groups.ts.
   */
  group?: 'kubernetes' | 'consul';
  check(context: Context): Result[];
}
