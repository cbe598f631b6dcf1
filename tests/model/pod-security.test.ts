/** tools/src/model/pod-security.ts: the namespace labels that set one Pod Security level for enforce, audit and warn. */
import { describe, expect, it } from 'vitest';
import { podSecurityLabels } from '../../tools/src/model/pod-security.js';

describe('podSecurityLabels', () => {
  it('sets the level for all three modes, pinned to the cluster minor when it is known', () => {
    expect(podSecurityLabels('restricted', '1.33')).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.33',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.33',
    });
  });

  it('uses the latest version when the cluster minor is not known', () => {
    const labels = podSecurityLabels('baseline');
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('latest');
    expect(labels['pod-security.kubernetes.io/warn-version']).toBe('latest');
    expect(podSecurityLabels('baseline', '')['pod-security.kubernetes.io/audit-version']).toBe('latest');
  });
});
