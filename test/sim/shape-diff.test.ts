// The shape comparison the real-fixture test relies on: each difference is one line naming its path.
import { describe, expect, it } from '@jest/globals';
import { kindOf, shapeDiff } from './shape-diff.js';

describe('shapeDiff', () => {
  it('names keys present on one side only, by path', () => {
    const real = { data: [{ id: 'a', apiAddresses: { fabric: [] } }] };
    const sim = { data: [{ id: 'b', apiAddresses: { fabric: [], 'health-checks': [] } }], meta: {} };
    expect(shapeDiff(real, sim)).toEqual([
      'data[0].apiAddresses.health-checks: present in sim, absent in real',
      'meta: present in sim, absent in real',
    ]);
  });

  it('compares kinds, not values: null, RFC3339 with and without fraction, empty strings', () => {
    expect(shapeDiff({ t: '2026-01-02T03:04:05.678Z', n: 1 }, { t: '2026-12-31T00:00:00.001Z', n: 2 })).toEqual([]);
    expect(shapeDiff({ lastJoinedAt: null }, { lastJoinedAt: '2026-01-02T03:04:05.678Z' })).toEqual([
      'lastJoinedAt: null in real, RFC3339 string with fraction in sim',
    ]);
    expect(shapeDiff({ buildDate: '2026-08-20 19:41:33' }, { buildDate: '2026-08-20T19:41:33Z' })).toEqual([
      'buildDate: string in real, RFC3339 string in sim',
    ]);
    expect(shapeDiff('', '<a>Found</a>')).toEqual(['(root): empty string in real, string in sim']);
    expect(kindOf([])).toBe('array');
  });

  it('array lengths, exact scalar paths, and sets', () => {
    const options = { exact: ['data[].isOnline', 'error'], sets: ['caps'] };
    expect(shapeDiff({ data: [{ isOnline: false }, {}] }, { data: [{ isOnline: true }] }, options)).toEqual([
      'data: 2 items in real, 1 in sim',
      'data[0].isOnline: false in real, true in sim',
    ]);
    // exact applies to scalars only: an object at that path is still compared by shape.
    expect(shapeDiff({ error: { code: 'X' } }, { error: { code: 'Y' } }, options)).toEqual([]);
    expect(shapeDiff({ error: 'invalid_grant' }, { error: 'invalid_request' }, options)).toEqual([
      'error: "invalid_grant" in real, "invalid_request" in sim',
    ]);
    expect(shapeDiff({ caps: ['A', 'B'] }, { caps: ['B', 'C'] }, options)).toEqual([
      'caps: "A" in real, not in sim',
      'caps: "C" in sim, not in real',
    ]);
  });
});
