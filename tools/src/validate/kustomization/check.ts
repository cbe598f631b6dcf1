/** Run the kustomization-file rules: pure over parsed files (the pipeline reads the tree). */
import { isBlocking, sortFindings, type Finding } from '../../model/finding.js';
import type { Spec } from '../../environments/types.js';
import type { SeverityOverride } from '../../model/rule.js';
import { severityOverrides } from '../../environments/severity.js';
import type { KustomizationFile, KustomizationRule } from './file.js';
import { KUSTOMIZATION_RULES } from './rules/index.js';

/** @internal the pure kustomization-file rule runner on inline files; withKustomizationFindings reaches it */
export function checkKustomizations(
  files: readonly KustomizationFile[],
  overrides: Record<string, SeverityOverride> = {},
  rules: readonly KustomizationRule[] = KUSTOMIZATION_RULES,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (overrides[rule.id] === 'off') continue;
    for (const violation of rule.check(files)) {
      findings.push({
        rule: rule.id,
        severity: (overrides[rule.id] as Finding['severity'] | undefined) ?? violation.severity ?? rule.severity,
        message: violation.message,
        hint: rule.fix,
        location: { file: violation.file, ...(violation.line !== undefined ? { line: violation.line } : {}) },
      });
    }
  }
  return findings;
}

/** What an overlay's result must carry to take the tree's findings (report's OverlayResult is one). */
interface CheckedOverlay {
  environment?: string;
  ok: boolean;
  findings: Finding[];
}

/** Add the tree's findings to an overlay result, with the severities its environment sets. */
export function withKustomizationFindings<Result extends CheckedOverlay>(
  result: Result,
  files: readonly KustomizationFile[],
  spec: Spec | undefined,
): Result {
  const findings = [...checkKustomizations(files, severityOverrides(spec, result.environment)), ...duplicateKeyFindings(files)];
  if (findings.length === 0) return result;
  const sorted = sortFindings([...result.findings, ...findings]);
  return { ...result, findings: sorted, ok: !sorted.some(isBlocking) };
}

/** A top-level key written twice in a kustomization: a yaml-parse error at the later one. */
function duplicateKeyFindings(files: readonly KustomizationFile[]): Finding[] {
  return files.flatMap((file) =>
    (file.duplicateKeys ?? []).map((duplicate): Finding => ({
      rule: 'yaml-parse',
      severity: 'error',
      message: `duplicate key ${duplicate.key}: (first at line ${duplicate.firstLine}): kustomize reads only this last one and drops the first without a word, so the file renders something other than it seems to say`,
      hint: `merge the two ${duplicate.key}: lists into one`,
      location: { file: file.path, line: duplicate.line },
    })),
  );
}
