import type { KustomizationFile, KustomizationRule, KustomizationViolation } from '../file.js';
import { lineOf, pinnedCommit, REFERENCE_FIELDS } from '../references.js';
import { isRemoteReference } from '../../../model/kustomize-reference.js';
import { hasUrlCredential } from '../../../model/secret-shapes.js';
import { redactText } from '../../../model/redact.js';

function referencesOf(file: KustomizationFile): { field: string; index: number; value: string }[] {
  return REFERENCE_FIELDS.flatMap((field) => {
    const list = file.content[field];
    return Array.isArray(list) ? list.flatMap((value, index) => (typeof value === 'string' ? [{ field, index, value }] : [])) : [];
  });
}

export const remoteBasePinned: KustomizationRule = {
  id: 'remote-base-pinned',
  scope: 'kustomization',
  group: 'kubernetes',
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
