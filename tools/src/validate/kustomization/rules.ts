/** Checks over the kustomization files of an overlay's tree: pinned remote bases, current fields only. */
import { isRemoteReference } from '../../model/kustomize-reference.js';
import { redactText } from '../../model/redact.js';
import { hasUrlCredential } from '../../model/secret-shapes.js';
import type { KustomizationFile, KustomizationRule, KustomizationViolation } from './file.js';

/** Fields that pull other kustomizations or files in. */
export const REFERENCE_FIELDS = ['resources', 'components', 'bases', 'generators', 'transformers', 'validators'] as const;

const COMMIT = /^[0-9a-f]{40}$/i;

/**
 * The commit a remote reference is pinned to (?ref= or ?version= with 40 hex digits, or a commit in a raw file URL).
 * @internal the pure pin test over reference forms; remote-base-pinned reaches it
 */
export function pinnedCommit(reference: string): string | undefined {
  const query = reference.includes('?') ? reference.slice(reference.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if ((key === 'ref' || key === 'version') && COMMIT.test(value)) return value;
  }
  const path = reference.split('?')[0] ?? '';
  return path.split('/').find((segment) => COMMIT.test(segment));
}

function referencesOf(file: KustomizationFile): { field: string; index: number; value: string }[] {
  return REFERENCE_FIELDS.flatMap((field) => {
    const list = file.content[field];
    return Array.isArray(list) ? list.flatMap((value, index) => (typeof value === 'string' ? [{ field, index, value }] : [])) : [];
  });
}

const remoteBasePinned: KustomizationRule = {
  id: 'remote-base-pinned',
  scope: 'kustomization',
  severity: 'error',
  summary:
    'Every remote resource, component or generator/transformer in the kustomization tree is pinned to a 40-hex commit (?ref=<sha>), and its URL carries no credentials.',
  reason:
    'A branch or tag ref is resolved at every build: the same commit of this repository can render differently tomorrow, and Argo CD would sync a change nobody reviewed. A password or token in the URL is in git for everyone who can read it, and kustomize repeats the URL in its errors.',
  fix: 'Append ?ref=<full commit SHA> to the remote URL (for example https://github.com/org/repo//path?ref=3f2c…), or vendor the base into this repository; keep user:password@ and tokens out of the URL.',
  check(files) {
    const violations: KustomizationViolation[] = [];
    for (const file of files) {
      for (const reference of referencesOf(file)) {
        if (!isRemoteReference(reference.value)) continue;
        if (hasUrlCredential(reference.value)) {
          violations.push({
            file: file.path,
            ...lineOf(file, `${reference.field}/${reference.index}`, reference.field),
            message: `${reference.field} entry ${redactText(reference.value)} carries credentials in its URL: they are in git, and kustomize repeats the URL in its errors; give git the credentials outside the repository (a credential helper, or Argo CD's repository Secret)`,
          });
        }
        if (pinnedCommit(reference.value)) continue;
        const ref = /[?&](?:ref|version)=([^&]+)/.exec(reference.value)?.[1];
        const shown = redactText(reference.value);
        violations.push({
          file: file.path,
          ...lineOf(file, `${reference.field}/${reference.index}`, reference.field),
          message: `${reference.field} entry ${shown} is ${ref ? `pinned to "${ref}", a moving ref, not a commit` : 'not pinned (no ?ref=)'}: use ?ref=<40-hex commit>`,
        });
      }
    }
    return violations;
  },
};

/** Fields kustomize deprecated, with what replaces them; imageTags is no longer read at all. */
const DEPRECATED_FIELDS: Readonly<Record<string, { replacement: string; ignored?: boolean }>> = {
  bases: { replacement: 'resources' },
  commonLabels: { replacement: 'labels: [{pairs: {...}, includeSelectors: true}] (or includeSelectors: false to leave selectors alone)' },
  patchesStrategicMerge: { replacement: 'patches: [{path: <file>}]' },
  patchesJson6902: { replacement: 'patches: [{path: <file>, target: {...}}]' },
  vars: { replacement: 'replacements' },
  imageTags: { replacement: 'images', ignored: true },
};

const kustomizeDeprecatedField: KustomizationRule = {
  id: 'kustomize-deprecated-field',
  scope: 'kustomization',
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

/** The rules over the kustomization files, in report order. */
export const KUSTOMIZATION_RULES: readonly KustomizationRule[] = [remoteBasePinned, kustomizeDeprecatedField];

function lineOf(file: KustomizationFile, key: string, fallback: string): { line?: number } {
  const line = file.lines[key] ?? file.lines[fallback];
  return line === undefined ? {} : { line };
}
