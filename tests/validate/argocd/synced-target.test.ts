/** list: how the Argo CD cross-checks print a set of names in a message. */
import { describe, expect, it } from 'vitest';
import { list } from '../../../tools/src/validate/argocd/synced-target.js';

describe('list', () => {
  it('prints the names sorted and comma-separated, and an empty list as (none)', () => {
    expect(list(new Set(['consul-prod', 'consul-dev', 'consul-canary']))).toBe('consul-canary, consul-dev, consul-prod');
    expect(list([])).toBe('(none)');
  });
});
