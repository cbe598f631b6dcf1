/** acceptedRisks of the spec -> one overlay patch that sets the suppression annotations on base/ resources. */
import { parseAllDocuments } from 'yaml';
import { SpecError } from '../model/errors.js';
import type { EnvironmentSpec } from '../spec/types.js';

/** The annotation keys tools/src/validate/suppressions.ts reads (declared there too; kept equal by a test). */
export const SUPPRESSION_ANNOTATIONS = { rules: 'consul-gitops/ignore', reason: 'consul-gitops/ignore-reason' } as const;
/** kustomize `patches` takes one document per file: one file per accepted resource. */
export function acceptedRiskPatchPath(ref: Pick<BaseResourceRef, 'kind' | 'name'>): string {
  return `accepted-risk-${ref.kind.toLowerCase()}-${ref.name}.yaml`;
}

export interface BaseResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** Every object in the generated base/ files (kustomization.yaml excluded). */
export function baseResourceRefs(files: ReadonlyMap<string, string>): BaseResourceRef[] {
  const refs: BaseResourceRef[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith('base/') || path.endsWith('/kustomization.yaml')) continue;
    for (const document of parseAllDocuments(text)) {
      const object = document.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } | null;
      if (typeof object?.apiVersion === 'string' && typeof object.kind === 'string' && typeof object.metadata?.name === 'string') {
        refs.push({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name });
      }
    }
  }
  return refs;
}

/**
 * One strategic-merge patch per accepted resource: its rules (sorted) and one reason. Several risks
 * on one resource share the annotation, so each reason is then prefixed with its rule.
 * Throws SpecError when a risk names a resource base/ does not have.
 */
export function acceptedRiskPatches(env: EnvironmentSpec, base: readonly BaseResourceRef[], file: string): { path: string; document: unknown }[] {
  const byResource = new Map<string, { ref: BaseResourceRef; risks: { rule: string; reason: string }[] }>();
  const problems = (env.acceptedRisks ?? []).flatMap((risk, index) => {
    const ref = base.find((candidate) => candidate.kind === risk.kind && candidate.name === risk.name);
    if (!ref) {
      const known = base.map((candidate) => `${candidate.kind}/${candidate.name}`).sort().join(', ');
      return [{ path: `environments.${env.name}.acceptedRisks.${index}`, message: `base/ has no ${risk.kind} named "${risk.name}": use one of ${known}` }];
    }
    const key = `${ref.kind}/${ref.name}`;
    const entry = byResource.get(key) ?? { ref, risks: [] };
    entry.risks.push({ rule: risk.rule, reason: risk.reason.trim() });
    byResource.set(key, entry);
    return [];
  });
  if (problems.length > 0) throw new SpecError(file, problems);
  const entries = [...byResource.entries()].sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([, { ref, risks }]) => {
    const sorted = [...risks].sort((a, b) => a.rule.localeCompare(b.rule));
    const reasons = [...new Set(sorted.map((risk) => risk.reason))];
    const reason = reasons.length === 1 ? reasons.join('') : sorted.map((risk) => `${risk.rule}: ${risk.reason}`).join('; ');
    const annotations = { [SUPPRESSION_ANNOTATIONS.rules]: [...new Set(sorted.map((risk) => risk.rule))].join(','), [SUPPRESSION_ANNOTATIONS.reason]: reason };
    return { path: acceptedRiskPatchPath(ref), document: { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, annotations } } };
  });
}
