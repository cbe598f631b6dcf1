import { describe, expect, it } from 'vitest';
import { closest } from '../../tools/src/model/did-you-mean.js';

describe('did you mean', () => {
  it.each([
    ['a one-letter typo', 'bootstrap_expct', ['bootstrap_expect', 'bootstrap'], 'bootstrap_expect'],
    ['dashes for underscores', 'retry-join', ['retry_join', 'rejoin_after_leave'], 'retry_join'],
    ['case', 'Ports', ['ports', 'protocol'], 'ports'],
    ['case in a short name', 'Dns', ['dns'], 'dns'],
    ['case in the candidate', 'dns', ['DNS'], 'DNS'],
    ['a longer spelling of the same start', 'to-kubernetes', ['to-k8s', 'to-consul'], 'to-k8s'],
    ['nothing near', 'frobnicate', ['ports', 'server'], undefined],
    ['no candidates', 'ports', [], undefined],
    ['a dashed candidate comes back as written', 'retry_join', ['retry-join'], 'retry-join'],
    ['a deletion', 'retryjoin', ['retry_join'], 'retry_join'],
    ['the first of two equally near', 'ab_z', ['ab_x', 'ab_y'], 'ab_x'],
    ['the nearer of two', 'ab_zz', ['ab_xy', 'ab_zy'], 'ab_zy'],
    ['a third of the length away is near enough', 'abcdefghi', ['abcdefxyz'], 'abcdefxyz'],
    ['more than a third away is not', 'abcdefghi', ['abcxyzwvu'], undefined],
    ['a short name may still be one letter off', 'ab', ['ax'], 'ax'],
    ['a shared start of 4 letters', 'abcdzzzzzzzz', ['abcdy'], 'abcdy'],
    ['a shared start of 3 letters is not enough', 'abczzzzzzzz', ['abcy'], undefined],
    ['the longest shared start', 'abcdefzzzzzzzz', ['abcdqqqqqqqqqqqq', 'abcdefqqqqqqqqqq'], 'abcdefqqqqqqqqqq'],
    ['the first of two equally long shared starts', 'abcdezzzzzzzzz', ['abcdeqqqqqqqqqqq', 'abcderrrrrrrrrrr'], 'abcdeqqqqqqqqqqq'],
    ['a shared start longer than the name', 'abcd', ['abcdefghijklmnopqrstu'], 'abcdefghijklmnopqrstu'],
    ['an exact match beats a shorter candidate', 'xyz', ['xy', 'xyz'], 'xyz'],
    ['the nearer of two with no shared start', 'xqwerty', ['asdfghj', 'yqwerty'], 'yqwerty'],
    ['a much longer candidate is judged by the shorter length', 'defghi', ['abcdefghi'], undefined],
    ['a candidate with - for _ is as near as the same name', 'node_name', ['node_nam', 'node-name'], 'node-name'],
    ['names of 4 letters or more with no shared start are not near', 'zzzzzz', ['aaaaaa'], undefined],
  ])('%s', (_name, input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });
});
