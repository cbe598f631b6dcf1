/**
 * Suppressions: `consul-gitops/ignore: rule[,rule]` on a resource, with a mandatory
 * `consul-gitops/ignore-reason`. A suppressed finding stays in every report, marked, with its reason.
 * A suppression without a reason, or naming an unknown rule, is itself an error (rule `suppression`).
 */
import { pointerSegment } from '../parse/yaml-pointer.js';
import type { Finding } from '../model/finding.js';
import type { ParsedResource } from '../parse/resource.js';

export const IGNORE_ANNOTATION = 'consul-gitops/ignore';
export const IGNORE_REASON_ANNOTATION = 'consul-gitops/ignore-reason';

interface ResourceSuppression {
  rules: string[];
  reason?: string;
}

function suppressionOf(resource: ParsedResource): ResourceSuppression | undefined {
  const annotations = (resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const rules = annotations?.[IGNORE_ANNOTATION];
  const reason = annotations?.[IGNORE_REASON_ANNOTATION];
  if (rules === undefined && reason === undefined) return undefined;
  return {
    rules: typeof rules === 'string' ? rules.split(',').map((rule) => rule.trim()).filter(Boolean) : [],
    ...(typeof reason === 'string' && reason.trim() ? { reason: reason.trim() } : {}),
  };
}

const key = (kind: string, name: string, namespace = ''): string => `${kind}/${namespace}/${name}`;

/** Mark suppressed findings and report invalid suppressions. Pure: returns new findings. */
export function applySuppressions(findings: readonly Finding[], resources: readonly ParsedResource[], knownRules: ReadonlySet<string>): Finding[] {
  const byResource = new Map<string, ResourceSuppression>();
  const problems: Finding[] = [];
  for (const resource of resources) {
    const suppression = suppressionOf(resource);
    if (!suppression) continue;
    const base = { rule: 'suppression', severity: 'error' as const, resource: resource.ref, location: resource.location, ...(resource.origin ? { origin: resource.origin } : {}) };
    if (!suppression.reason) {
      problems.push({ ...base, path: `/metadata/annotations/${pointerSegment(IGNORE_ANNOTATION)}`, message: `${IGNORE_ANNOTATION} without ${IGNORE_REASON_ANNOTATION}: say why the risk is accepted`, hint: `add the annotation ${IGNORE_REASON_ANNOTATION}: <why>` });
    }
    if (suppression.rules.length === 0) {
      problems.push({ ...base, path: '/metadata/annotations', message: `${IGNORE_REASON_ANNOTATION} without ${IGNORE_ANNOTATION}: name the rule(s) it accepts`, hint: `add ${IGNORE_ANNOTATION}: <rule-id>` });
    }
    const unknown = suppression.rules.filter((rule) => !knownRules.has(rule) || rule === 'suppression');
    if (unknown.length > 0) {
      problems.push({ ...base, path: `/metadata/annotations/${pointerSegment(IGNORE_ANNOTATION)}`, message: `${IGNORE_ANNOTATION} names unknown rule(s) ${unknown.join(', ')}: see \`consul-gitops rules\``, hint: 'use rule ids from `consul-gitops rules`' });
    }
    if (suppression.reason) byResource.set(key(resource.ref.kind, resource.ref.name, resource.ref.namespace), suppression);
  }
  const marked = findings.map((finding) => {
    if (!finding.resource) return finding;
    const suppression = byResource.get(key(finding.resource.kind, finding.resource.name, finding.resource.namespace));
    if (!suppression?.reason || !suppression.rules.includes(finding.rule)) return finding;
    return { ...finding, suppressed: { reason: suppression.reason } };
  });
  return [...marked, ...problems];
}
