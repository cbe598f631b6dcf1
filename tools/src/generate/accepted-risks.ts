/** acceptedRisks of the spec -> one overlay patch per resource that sets its accepted-risks annotation. */
import { SpecError } from '../model/errors.js';
import { ACCEPTED_RISKS_ANNOTATION, type AcceptedRiskEntry } from '../model/suppression.js';
import type { EnvironmentSpec } from '../environments/types.js';

/** kustomize `patches` takes one document per file: one file per accepted resource. */
function acceptedRiskPatchPath(ref: Pick<BaseResourceRef, 'kind' | 'name'>): string {
  return `accepted-risk-${ref.kind.toLowerCase()}-${ref.name}.yaml`;
}

export interface BaseResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * Every object of base/ (kustomization.yaml excluded), from the objects its files are written from
 * (base/index.ts datacenterObjects), in file order: reading the written YAML back took half of generate.
 */
export function baseResourceRefs(files: Readonly<Record<string, readonly Record<string, unknown>[]>>): BaseResourceRef[] {
  const refs: BaseResourceRef[] = [];
  for (const name of Object.keys(files).sort()) {
    for (const document of files[name] ?? []) {
      const object = document as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
      if (typeof object?.apiVersion === 'string' && typeof object.kind === 'string' && typeof object.metadata?.name === 'string') {
        refs.push({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name });
      }
    }
  }
  return refs;
}

/**
 * One strategic-merge patch per accepted resource: the annotation lists each accepted risk with its
 * own rule, severity, optional message match and reason (JSON, sorted), so each suppressed finding
 * shows only its own reason and a more severe finding of the same rule is not covered.
 * Throws SpecError when a risk names a resource base/ does not have.
 */
export function acceptedRiskPatches(
  env: EnvironmentSpec,
  base: readonly BaseResourceRef[],
  file: string,
): { path: string; document: unknown }[] {
  const byResource = new Map<string, { ref: BaseResourceRef; risks: AcceptedRiskEntry[] }>();
  const problems = (env.acceptedRisks ?? []).flatMap((risk, index) => {
    const ref = base.find((candidate) => candidate.kind === risk.kind && candidate.name === risk.name);
    if (!ref) {
      const known = base
        .map((candidate) => `${candidate.kind}/${candidate.name}`)
        .sort()
        .join(', ');
      return [
        {
          path: `environments.${env.name}.acceptedRisks.${index}`,
          message: `base/ has no ${risk.kind} named "${risk.name}": use one of ${known}`,
        },
      ];
    }
    const key = `${ref.kind}/${ref.name}`;
    const entry = byResource.get(key) ?? { ref, risks: [] };
    entry.risks.push({
      rule: risk.rule,
      severity: risk.severity,
      ...(risk.match ? { match: risk.match } : {}),
      reason: risk.reason.trim().replace(/\s+/g, ' '),
    });
    byResource.set(key, entry);
    return [];
  });
  if (problems.length > 0) throw new SpecError(file, problems);
  const entries = [...byResource.entries()].sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([, { ref, risks }]) => {
    const sorted = [...risks].sort(
      (a, b) => a.rule.localeCompare(b.rule) || a.severity.localeCompare(b.severity) || (a.match ?? '').localeCompare(b.match ?? ''),
    );
    const annotations = { [ACCEPTED_RISKS_ANNOTATION]: JSON.stringify(sorted) };
    return {
      path: acceptedRiskPatchPath(ref),
      document: { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, annotations } },
    };
  });
}
