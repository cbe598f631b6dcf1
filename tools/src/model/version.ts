/**
 * The one version comparison of tools/src, by the `semver` package: image tags (`1.22.7`, `v1.22.7`,
 * `1.22.7-ent`), Kubernetes minors (`1.36`) and fact-table minors are read as major.minor.patch (a missing
 * part is 0; a suffix such as `-ent` is an edition, not a pre-release, and is left out of the order).
 */
import { coerce, compare, type SemVer } from 'semver';

/** The major.minor.patch a version text starts with (`v` allowed), or undefined when it does not start with one. */
export function versionOf(text: string | undefined): SemVer | undefined {
  if (text === undefined || !/^v?\d+(?:\.\d+)*/.test(text)) return undefined;
  return coerce(text) ?? undefined;
}

/** `a` compared with `b` (negative, 0, positive); a text that holds no version sorts first. */
export function compareVersions(a: string, b: string): number {
  const left = versionOf(a);
  const right = versionOf(b);
  if (!left || !right) return (left ? 1 : 0) - (right ? 1 : 0);
  return compare(left, right);
}
