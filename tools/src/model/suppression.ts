/**
 * The annotations that accept a finding on a resource, shared by generate (writes them), validate
 * (reads them) and the gate (strips them before Argo CD applies the render).
 *
 * Suppressions, two forms on a resource:
 * - generated from the spec's acceptedRisks: `consul-gitops/accepted-risks`, a JSON list of
 *   {rule, severity, match?, reason}. Each entry covers the findings of its rule at its severity or
 *   less severe (and whose message contains `match`), and each covered finding shows that entry's
 *   reason only. A finding of the same rule that no entry covers (an error where a warning was
 *   accepted, another message) is reported, and says which acceptance does not cover it.
 * - hand-written: `consul-gitops/ignore: rule[,rule]` with a mandatory `consul-gitops/ignore-reason`,
 *   covering every finding of those rules.
 * A suppressed finding stays in every report, marked, with its reason. A suppression without a
 * reason, unreadable, or naming an unknown rule, is itself an error (rule `suppression`).
 */
import type { Finding, Severity } from './finding.js';
import { pointerSegment } from './json.js';
import type { ParsedResource } from './resource.js';
import { isRuleId } from './rule.js';

/** Hand-written suppression: every finding of the named rules on the resource, one reason. */
const IGNORE_ANNOTATION = 'consul-gitops/ignore';
const IGNORE_REASON_ANNOTATION = 'consul-gitops/ignore-reason';
/** Generated from acceptedRisks: a JSON list of AcceptedRiskEntry, each with its own reason. */
export const ACCEPTED_RISKS_ANNOTATION = 'consul-gitops/accepted-risks';

export const SUPPRESSION_ANNOTATION_KEYS = [IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, ACCEPTED_RISKS_ANNOTATION] as const;

/** One accepted risk: findings of `rule` at `severity` or less severe, whose message contains `match`. */
export interface AcceptedRiskEntry {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  match?: string;
  reason: string;
}

interface ResourceSuppression {
  /** Hand-written: rules covered at any severity, with one reason. */
  ignored: { rules: string[]; reason: string } | undefined;
  accepted: AcceptedRiskEntry[];
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const SEVERITIES = new Set(['error', 'warning', 'info']);

function annotationsOf(resource: ParsedResource): Record<string, unknown> | undefined {
  return (resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
}

/** The entries of the accepted-risks annotation, or the reason it cannot be read. */
function readAccepted(value: unknown): { entries: AcceptedRiskEntry[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) return { problem: 'is not a JSON list of {rule, severity, reason}' };
  const entries: AcceptedRiskEntry[] = [];
  for (const [index, item] of parsed.entries()) {
    const entry = item as Partial<Record<keyof AcceptedRiskEntry, unknown>> | null;
    if (
      typeof entry?.rule !== 'string' ||
      typeof entry.severity !== 'string' ||
      !SEVERITIES.has(entry.severity) ||
      typeof entry.reason !== 'string' ||
      !entry.reason.trim()
    ) {
      return { problem: `entry ${index} needs rule, severity (error, warning or info) and reason` };
    }
    if (entry.match !== undefined && typeof entry.match !== 'string') return { problem: `entry ${index}: match must be text` };
    entries.push({
      rule: entry.rule,
      severity: entry.severity as Severity,
      ...(typeof entry.match === 'string' ? { match: entry.match } : {}),
      reason: entry.reason.trim(),
    });
  }
  return { entries };
}

const key = (kind: string, name: string, namespace = ''): string => `${kind}/${namespace}/${name}`;

function covers(entry: AcceptedRiskEntry, finding: Finding): boolean {
  return (
    entry.rule === finding.rule &&
    SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[entry.severity] &&
    (entry.match === undefined || finding.message.includes(entry.match))
  );
}

function describe(entry: AcceptedRiskEntry): string {
  return `${entry.severity}${entry.match ? ` findings matching "${entry.match}"` : ' findings'}`;
}

/** One acceptedRisks entry of the spec, as the suppression check needs it (model/ does not import spec/). */
export interface SpecAcceptedRisk {
  rule: string;
  kind: string;
  name: string;
  severity: Severity;
  match?: string;
}

export interface SuppressionScope {
  /**
   * The environment of the spec the render is (overlays/<env>, its local/ component included): there
   * only its acceptedRisks accept a finding. A hand-written ignore, or an accepted-risks entry the
   * spec does not list, is an error and accepts nothing. Absent for plain files and foreign repositories.
   */
  environment?: { name: string; tier?: string; acceptedRisks?: readonly SpecAcceptedRisk[] };
  /**
   * The rules that ran on the render: an accepted risk of one of them that covers no finding is stale,
   * reported as a `suppression` warning (an error in production), since a leftover entry would hide a
   * later real finding. Risks of rules that did not run (`--rules`, diff's rules) are not judged.
   */
  checkedRules?: ReadonlySet<string>;
}

/** The acceptedRisks entry to write instead of a hand-written ignore, as one line of YAML. */
function specEntryFor(environment: string, rules: readonly string[], resource: ParsedResource): string {
  const rule = rules[0] ?? '<rule>';
  // accepted risks name base/ resources: a cluster-scoped name loses the overlay's `-<env>` suffix.
  const suffix = `-${environment}`;
  const name =
    resource.ref.kind.startsWith('Cluster') && resource.ref.name.endsWith(suffix)
      ? resource.ref.name.slice(0, -suffix.length)
      : resource.ref.name;
  return `environments.${environment}.acceptedRisks: - {rule: ${rule}, kind: ${resource.ref.kind}, name: ${name}, severity: <error|warning|info>, reason: "<why, 10+ characters>"}`;
}

/** Whether the spec lists an accepted-risks annotation entry on this resource (rendered names carry the `-<env>` suffix). */
function listedInSpec(
  entry: AcceptedRiskEntry,
  resource: ParsedResource,
  environment: NonNullable<SuppressionScope['environment']>,
): boolean {
  return (environment.acceptedRisks ?? []).some(
    (risk) =>
      risk.rule === entry.rule &&
      risk.kind === resource.ref.kind &&
      (risk.name === resource.ref.name || `${risk.name}-${environment.name}` === resource.ref.name) &&
      risk.severity === entry.severity &&
      (risk.match ?? undefined) === entry.match,
  );
}

/**
 * Mark suppressed findings and report invalid suppressions (unknown rules: not in RULE_IDS; inside an
 * environment of the spec, anything but its acceptedRisks). Pure: returns new findings.
 */
export function applySuppressions(
  findings: readonly Finding[],
  resources: readonly ParsedResource[],
  scope: SuppressionScope = {},
): Finding[] {
  const byResource = new Map<string, ResourceSuppression>();
  const problems: Finding[] = [];
  const acceptedOn: { entry: AcceptedRiskEntry; base: Omit<Finding, 'message'> }[] = [];
  const environment = scope.environment;
  for (const resource of resources) {
    const annotations = annotationsOf(resource);
    const rulesValue = annotations?.[IGNORE_ANNOTATION];
    const reasonValue = annotations?.[IGNORE_REASON_ANNOTATION];
    const acceptedValue = annotations?.[ACCEPTED_RISKS_ANNOTATION];
    if (rulesValue === undefined && reasonValue === undefined && acceptedValue === undefined) continue;
    const base = {
      rule: 'suppression' as const,
      severity: 'error' as const,
      resource: resource.ref,
      location: resource.location,
      ...(resource.origin ? { origin: resource.origin } : {}),
    };
    const suppression: ResourceSuppression = { ignored: undefined, accepted: [] };
    const unknownRules = (rules: readonly string[], annotation: string): void => {
      const unknown = rules.filter((rule) => !isRuleId(rule) || rule === 'suppression');
      if (unknown.length > 0) {
        problems.push({
          ...base,
          path: `/metadata/annotations/${pointerSegment(annotation)}`,
          message: `${annotation} names unknown rule(s) ${unknown.join(', ')}: see \`consul-gitops rules\``,
          hint: 'use rule ids from `consul-gitops rules`',
        });
      }
    };
    if (environment && (rulesValue !== undefined || reasonValue !== undefined)) {
      const rules =
        typeof rulesValue === 'string'
          ? rulesValue
              .split(',')
              .map((rule) => rule.trim())
              .filter(Boolean)
          : [];
      problems.push({
        ...base,
        path: `/metadata/annotations/${pointerSegment(rulesValue !== undefined ? IGNORE_ANNOTATION : IGNORE_REASON_ANNOTATION)}`,
        message: `${IGNORE_ANNOTATION} in environment ${environment.name} accepts nothing: only acceptedRisks in environments.yaml accept a finding here; write ${specEntryFor(environment.name, rules, resource)}, run \`consul-gitops generate\` and remove the annotation`,
        hint: `list the risk under environments.${environment.name}.acceptedRisks in environments.yaml and run \`consul-gitops generate\``,
      });
    } else if (rulesValue !== undefined || reasonValue !== undefined) {
      const rules =
        typeof rulesValue === 'string'
          ? rulesValue
              .split(',')
              .map((rule) => rule.trim())
              .filter(Boolean)
          : [];
      const reason = typeof reasonValue === 'string' ? reasonValue.trim() : '';
      if (!reason) {
        problems.push({
          ...base,
          path: `/metadata/annotations/${pointerSegment(IGNORE_ANNOTATION)}`,
          message: `${IGNORE_ANNOTATION} without ${IGNORE_REASON_ANNOTATION}: say why the risk is accepted`,
          hint: `add the annotation ${IGNORE_REASON_ANNOTATION}: <why>`,
        });
      }
      if (rules.length === 0) {
        problems.push({
          ...base,
          path: '/metadata/annotations',
          message: `${IGNORE_REASON_ANNOTATION} without ${IGNORE_ANNOTATION}: name the rule(s) it accepts`,
          hint: `add ${IGNORE_ANNOTATION}: <rule-id>`,
        });
      }
      unknownRules(rules, IGNORE_ANNOTATION);
      if (reason) suppression.ignored = { rules, reason };
    }
    if (acceptedValue !== undefined) {
      const read = readAccepted(acceptedValue);
      if ('problem' in read) {
        problems.push({
          ...base,
          path: `/metadata/annotations/${pointerSegment(ACCEPTED_RISKS_ANNOTATION)}`,
          message: `${ACCEPTED_RISKS_ANNOTATION} ${read.problem}`,
          hint: 'list the risk under acceptedRisks in environments.yaml and run `consul-gitops generate` (it writes this annotation)',
        });
      } else {
        unknownRules(
          read.entries.map((entry) => entry.rule),
          ACCEPTED_RISKS_ANNOTATION,
        );
        const unlisted = environment ? read.entries.filter((entry) => !listedInSpec(entry, resource, environment)) : [];
        for (const entry of unlisted) {
          problems.push({
            ...base,
            path: `/metadata/annotations/${pointerSegment(ACCEPTED_RISKS_ANNOTATION)}`,
            message: `${ACCEPTED_RISKS_ANNOTATION} accepts ${entry.rule} (${entry.severity}) on this resource, but environments.${environment?.name ?? ''}.acceptedRisks does not list it, so it accepts nothing: only the spec accepts a finding in an environment; list it there and run \`consul-gitops generate\``,
            hint: 'list the risk under acceptedRisks in environments.yaml and run `consul-gitops generate` (it writes this annotation)',
          });
        }
        suppression.accepted = read.entries.filter((entry) => !unlisted.includes(entry));
      }
    }
    byResource.set(key(resource.ref.kind, resource.ref.name, resource.ref.namespace), suppression);
    for (const entry of suppression.accepted) acceptedOn.push({ entry, base });
  }
  const used = new Set<AcceptedRiskEntry>();
  const marked = findings.map((finding) => {
    if (!finding.resource) return finding;
    const suppression = byResource.get(key(finding.resource.kind, finding.resource.name, finding.resource.namespace));
    if (!suppression) return finding;
    const entry = suppression.accepted.find((candidate) => covers(candidate, finding));
    if (entry) used.add(entry);
    if (entry) return { ...finding, suppressed: { reason: entry.reason } };
    if (suppression.ignored?.rules.includes(finding.rule)) return { ...finding, suppressed: { reason: suppression.ignored.reason } };
    const sameRule = suppression.accepted.filter((candidate) => candidate.rule === finding.rule);
    if (sameRule.length === 0) return finding;
    // Accepted for this rule, but not this finding: say so, so nobody reads it as covered.
    return {
      ...finding,
      message: `${finding.message} (not covered by the accepted risk for ${finding.rule} on this resource, which accepts ${sameRule.map(describe).join(' and ')})`,
    };
  });
  const stale = acceptedOn
    .filter(({ entry }) => environment && scope.checkedRules?.has(entry.rule) && !used.has(entry))
    .map(({ entry, base }) => ({
      ...base,
      severity: environment?.tier === 'production' ? ('error' as const) : ('warning' as const),
      path: `/metadata/annotations/${pointerSegment(ACCEPTED_RISKS_ANNOTATION)}`,
      message: `the accepted risk ${entry.rule} (${describe(entry)}) on this resource matches no finding: remove it from environments.${environment?.name ?? ''}.acceptedRisks, or a leftover entry will hide a later real finding`,
      hint: 'remove the entry from acceptedRisks in environments.yaml and run `consul-gitops generate`',
    }));
  return [...marked, ...problems, ...stale];
}
