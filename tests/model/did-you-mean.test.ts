import { describe, expect, it } from 'vitest';
import { closest } from '../../tools/src/model/did-you-mean.js';

describe('did you mean', () => {
  it.each([
    ['a one-letter typo', 'bootstrap_expct', ['bootstrap_expect', 'bootstrap'], 'bootstrap_expect'],
    ['dashes for underscores', 'retry-join', ['retry_join', 'rejoin_after_leave'], 'retry_join'],
    ['case', 'Ports', ['ports', 'protocol'], 'ports'],
    ['a longer spelling of the same start', 'to-kubernetes', ['to-k8s', 'to-consul'], 'to-k8s'],
    ['nothing near', 'frobnicate', ['ports', 'server'], undefined],
    ['no candidates', 'ports', [], undefined],
  ])('%s', (_name, input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });
});
