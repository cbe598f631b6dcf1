/** model/version.ts: the one version comparison (semver), for image tags, Kubernetes minors and fact-table minors. */
import { describe, expect, it } from 'vitest';
import { compareVersions, versionOf } from '../../tools/src/model/version.js';

describe('versions', () => {
  it.each([
    ['a patch downgrade with two-digit patches', '1.22.9', '1.22.10', -1],
    ['minors as numbers, not text', '1.9', '1.36', -1],
    ['a missing patch is 0', '1.22', '1.22.0', 0],
    ['a v prefix', 'v1.22.7', '1.22.7', 0],
    ['an edition suffix is not a pre-release', '1.22.7-ent', '1.22.7', 0],
    ['a major beats any minor', '2.0.0', '1.99.99', 1],
    ['a text with no version sorts first', 'latest', '1.0', -1],
    ['two texts with no version are equal', 'latest', 'edge', 0],
  ])('%s: %s vs %s', (_name, a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
    expect(Math.sign(compareVersions(b, a))).toBe(-sign || 0);
  });

  it('versionOf reads major.minor.patch from the start of a tag, or nothing', () => {
    expect(versionOf('1.22.7-ent')?.version).toBe('1.22.7');
    expect(versionOf('v1.36')?.version).toBe('1.36.0');
    expect(versionOf('1')?.version).toBe('1.0.0');
    expect(versionOf('v2-ent')?.version).toBe('2.0.0');
    expect(versionOf('latest')).toBeUndefined();
    expect(versionOf('release-1.22')).toBeUndefined();
    expect(versionOf(undefined)).toBeUndefined();
  });
});
