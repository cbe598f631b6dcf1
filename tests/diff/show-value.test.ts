/** How diff prints a value: one line, cut at a limit, and a changed pair cut around its first difference. */
import { describe, expect, it } from 'vitest';
import { showChange, showValue } from '../../tools/src/diff/show-value.js';

describe('showValue', () => {
  it.each([
    { behaviour: 'an absent value reads (none)', value: undefined, limit: 100, expected: '(none)' },
    { behaviour: 'a string is printed as it is', value: 'plain text', limit: 100, expected: 'plain text' },
    { behaviour: 'a number is printed as JSON', value: 5, limit: 100, expected: '5' },
    { behaviour: 'an object is printed as JSON', value: { a: [1, 'b'] }, limit: 100, expected: '{"a":[1,"b"]}' },
    { behaviour: 'line breaks and the blanks around them become one space', value: 'a  \n   b\nc', limit: 100, expected: 'a b c' },
    { behaviour: 'a text as long as the limit is kept whole', value: 'x'.repeat(10), limit: 10, expected: 'xxxxxxxxxx' },
    {
      behaviour: 'a text one longer than the limit is cut to the limit, ending in ...',
      value: 'x'.repeat(11),
      limit: 10,
      expected: 'xxxxxxx...',
    },
  ])('$behaviour', ({ value, limit, expected }) => expect(showValue(value, limit)).toBe(expected));

  it('cuts at 100 characters unless told', () => {
    expect(showValue('y'.repeat(100))).toBe('y'.repeat(100));
    expect(showValue('y'.repeat(101))).toBe(`${'y'.repeat(97)}...`);
  });
});

describe('showChange', () => {
  it('prints both sides whole when each fits the limit, absent as (none), on one line', () => {
    expect(showChange('a\n  b', undefined, 7)).toEqual(['a b', '(none)']);
    expect(showChange({ n: 1 }, 'xxxxxxx', 7)).toEqual(['{"n":1}', 'xxxxxxx']);
  });

  it('cuts a long pair around its first difference, a third of the limit before it, with ... where text is left out', () => {
    const before = `${'a'.repeat(50)}X${'b'.repeat(20)}`;
    const after = `${'a'.repeat(50)}Y${'b'.repeat(20)}`;
    // first difference at 50, so the cut starts at 50 - floor(30 / 3) = 40 and ends at 70, one before the end
    expect(showChange(before, after, 30)).toEqual([
      `...${'a'.repeat(10)}X${'b'.repeat(19)}...`,
      `...${'a'.repeat(10)}Y${'b'.repeat(19)}...`,
    ]);
  });

  it('starts at the beginning, without a leading ..., when the difference is near it', () => {
    expect(showChange(`ab${'c'.repeat(40)}`, `aZ${'c'.repeat(40)}`, 30)).toEqual([`ab${'c'.repeat(28)}...`, `aZ${'c'.repeat(28)}...`]);
  });

  it('leaves out the trailing ... when the cut reaches the end of a side', () => {
    const before = `${'a'.repeat(40)}X`;
    const after = `${'a'.repeat(40)}Y${'z'.repeat(40)}`;
    // first difference at 40: start 30, so the shorter side ends inside the cut and the longer one goes on
    expect(showChange(before, after, 30)).toEqual([`...${'a'.repeat(10)}X`, `...${'a'.repeat(10)}Y${'z'.repeat(19)}...`]);
  });

  it('cuts after the common part when one side is the beginning of the other', () => {
    const before = 'p'.repeat(40);
    const after = `${'p'.repeat(40)}more`;
    expect(showChange(before, after, 30)).toEqual([`...${'p'.repeat(10)}`, `...${'p'.repeat(10)}more`]);
  });

  it('cuts a pair whose one side alone is longer than the limit, collapsing its line breaks first', () => {
    expect(showChange('short', `sh\n   ${'o'.repeat(40)}`, 30)).toEqual(['short', `sh ${'o'.repeat(27)}...`]);
  });
});

describe('showChange at the edges', () => {
  it('keeps a pair whole when each side is exactly as long as the limit, however late they differ', () => {
    expect(showChange('abcdefgh1', 'abcdefgh2', 9)).toEqual(['abcdefgh1', 'abcdefgh2']);
    expect(showChange('abcdefgh1', 'abcdefgh22', 9)).toEqual(['...fgh1', '...fgh22']);
    expect(showChange('abcdefgh11', 'abcdefgh2', 9)).toEqual(['...fgh11', '...fgh2']);
  });

  it('no trailing ... when the cut ends exactly at the end of the text', () => {
    // first difference at 4, so the cut starts at 1 and its 9 characters reach the end of both sides
    expect(showChange('abcdXfghij', 'abcdYfghij', 9)).toEqual(['...bcdXfghij', '...bcdYfghij']);
  });

  it('two equal long values are cut after their whole common text', () => {
    const same = 's'.repeat(20);
    expect(showChange(same, same, 9)).toEqual(['...sss', '...sss']);
  });
});
