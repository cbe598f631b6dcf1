import type { KustomizationRule, KustomizationViolation } from '../file.js';
import { lineOf } from '../references.js';

/** Fields kustomize deprecated, with what replaces them; imageTags is no longer read at all. */
const DEPRECATED_FIELDS: Readonly<Record<string, { replacement: string; ignored?: boolean }>> = {
  bases: { replacement: 'resources' },
  commonLabels: { replacement: 'labels: [{pairs: {...}, includeSelectors: true}] (or includeSelectors: false to leave selectors alone)' },
  patchesStrategicMerge: { replacement: 'patches: [{path: <file>}]' },
  patchesJson6902: { replacement: 'patches: [{path: <file>, target: {...}}]' },
  vars: { replacement: 'replacements' },
  imageTags: { replacement: 'images', ignored: true },
};

export const kustomizeDeprecatedField: KustomizationRule = {
  id: 'kustomize-deprecated-field',
  scope: 'kustomization',
  group: 'kubernetes',
  severity: 'warning',
  summary:
    'Kustomization files use only current fields: no bases, commonLabels, patchesStrategicMerge, patchesJson6902, vars or imageTags.',
  reason:
    'Deprecated fields still render in kustomize 4.5 but are slated for removal (`kustomize edit fix` rewrites them) and behave differently across kustomize 5.8 (what CI and Argo CD run) and the 4.5 fallback; imageTags is silently ignored (error).',
  fix: 'Replace the field with the one named in the message (`kustomize edit fix` does most of it), then re-run validate.',
  check(files) {
    const violations: KustomizationViolation[] = [];
    for (const file of files) {
      for (const [field, change] of Object.entries(DEPRECATED_FIELDS)) {
        if (!(field in file.content)) continue;
        violations.push({
          file: file.path,
          ...lineOf(file, field, field),
          ...(change.ignored ? { severity: 'error' as const } : {}),
          message: change.ignored
            ? `${field} is no longer read by kustomize: its settings are silently dropped; use ${change.replacement}`
            : `${field} is deprecated: use ${change.replacement}`,
        });
      }
    }
    return violations;
  },
};
