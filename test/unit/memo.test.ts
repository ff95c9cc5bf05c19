// The memo behind originOf, originKey and the join-time parser: one computation per value, and a
// bound on how much a stream of new values from a controller can make it hold.
import { describe, expect, it } from '@jest/globals';
import { memoize } from '../../src/memo.js';

describe('memoize', () => {
  it('computes each key once, null results included', () => {
    const seen: string[] = [];
    const lookup = memoize((key: string) => (seen.push(key), key === 'none' ? null : key.length));
    expect([lookup('abc'), lookup('abc'), lookup('none'), lookup('none')]).toEqual([3, 3, null, null]);
    expect(seen).toEqual(['abc', 'none']);
  });

  it('forgets everything once it holds `limit` keys, and computes again from then on', () => {
    const seen: string[] = [];
    const lookup = memoize((key: string) => (seen.push(key), key), 2);
    ['a', 'b', 'c', 'a'].forEach((key) => lookup(key));
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    lookup('c');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
