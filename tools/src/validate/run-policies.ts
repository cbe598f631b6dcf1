/** Run the rules over rendered objects (validate/rules/) on one overlay's resources: the runner above the rule files. */
import type { Facts } from '../model/facts.js';
import type { Finding } from '../model/finding.js';
import { pinnedFacts } from '../facts/pinned.js';
import { ruleGroup, selects, type RuleGroup, type RuleSelection } from '../model/rule-groups.js';
import type { ParsedResource } from '../parse/resource.js';
import { severityOverrides } from '../environments/severity.js';
import type { Spec } from '../environments/types.js';
import { POLICY_RULES } from './rules/index.js';
import { isConsulObject } from './policies/consul-objects.js';
import { createContext, type PolicyContext } from './policies/context.js';
import { violationFinding, type RenderedRule } from './policies/rule.js';
import type { AccessReview } from './policies/control-plane-permissions.js';

export interface PolicyOptions {
  /** The rule groups to run (`validate --rules`); all by default. */
  selection?: RuleSelection;
  /** The environment the rendered directory is (overlays/<env> of the spec), whatever its labels say. */
  overlayEnvironment?: string;
  /** A real authorizer's decisions on the control plane's API calls (the api-server backend), for control-plane-rbac. */
  accessReview?: AccessReview;
  /** The facts the rules check against; the pinned releases' (tools/facts/) by default. */
  facts?: Facts;
}

/**
 * Run every rule over one overlay's resources. Pure: objects, spec and facts in, findings out (the pinned
 * releases' facts, read once, when the options pass none). Kubernetes rules
 * see every object; Consul rules see only the Consul objects, and do not run when there are none. A rule
 * that names its kinds runs only when the overlay renders one, and iterates only those objects.
 */
export function runPolicies(
  resources: readonly ParsedResource[],
  spec: Spec | undefined,
  rules: readonly RenderedRule[] = POLICY_RULES,
  options: PolicyOptions = {},
): Finding[] {
  const environments = spec?.environments ?? [];
  const clusters = spec?.clusters ?? [];
  const facts = options.facts ?? pinnedFacts();
  const everything = createContext(resources, environments, facts, options.overlayEnvironment, clusters);
  const consulResources = resources.filter(isConsulObject);
  const contexts: Record<RuleGroup, PolicyContext | undefined> = {
    kubernetes: everything,
    consul:
      consulResources.length === 0
        ? undefined
        : consulResources.length === resources.length
          ? everything
          : createContext(consulResources, environments, facts, options.overlayEnvironment, clusters),
  };
  if (options.accessReview) for (const context of [everything, contexts.consul]) if (context) context.accessReview = options.accessReview;
  const overrides = severityOverrides(spec, everything.environmentName);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const group = ruleGroup(rule.id);
    const context = rule.everyObject ? everything : contexts[group];
    if (!context || !selects(options.selection ?? 'all', group)) continue;
    const override = overrides[rule.id];
    if (override === 'off') continue;
    const scoped = rule.kinds ? ofKinds(context, rule.kinds) : context;
    if (!scoped) continue;
    for (const violation of rule.check(scoped)) findings.push(violationFinding(rule, violation, override));
  }
  return findings;
}

/** The context with only the objects of the kinds (lookups by kind still see all); undefined when there are none. */
function ofKinds(context: PolicyContext, kinds: readonly string[]): PolicyContext | undefined {
  const resources = context.resources.filter((resource) => kinds.includes(resource.ref.kind));
  if (resources.length === 0) return undefined;
  return resources.length === context.resources.length ? context : { ...context, resources };
}
