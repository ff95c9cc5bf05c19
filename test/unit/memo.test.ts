// The memo behind originOf, originKey and the join-time parser: one computation per value, a
// bound on how much a stream of new values from a controller can make it hold, and nothing shared
// between two memos (one per run, one per watch session).
import { describe, expect, it } from '@jest/globals';
import { Memo, MemoTable } from '../../src/memo.js';

describe('MemoTable', () => {
  it('computes each key once, null results included', () => {
    const seen: string[] = [];
    const table = new MemoTable<number | null>();
    const lookup = (key: string) =>
      table.get(key, (k) => {
        seen.push(k);
        return k === 'none' ? null : k.length;
      });
    expect([lookup('abc'), lookup('abc'), lookup('none'), lookup('none')]).toEqual([3, 3, null, null]);
    expect(seen).toEqual(['abc', 'none']);
  });

  it('forgets everything once it holds `limit` keys, and computes again from then on', () => {
    const seen: string[] = [];
    const table = new MemoTable<string>(2);
    const lookup = (key: string) =>
      table.get(key, (k) => {
        seen.push(k);
        return k;
      });
    for (const key of ['a', 'b', 'c', 'a']) lookup(key);
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    lookup('c');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('Memo', () => {
  it('shares nothing between two memos: each computes its own', () => {
    const seen: string[] = [];
    const parse = (value: string) => {
      seen.push(value);
      return Date.parse(value);
    };
    const run1 = new Memo();
    const run2 = new Memo();
    run1.joinTimes.get('2026-11-26T10:00:00.000Z', parse);
    run1.joinTimes.get('2026-11-26T10:00:00.000Z', parse);
    expect(run2.joinTimes.get('2026-11-26T10:00:00.000Z', parse)).toBe(Date.parse('2026-11-26T10:00:00.000Z'));
    expect(seen).toHaveLength(2);
  });
});
