// The id order (natural: ctrl2 before ctrl10) and the text order (code units), src/compare.ts.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareIds, compareText } from '../../src/compare.js';

describe('compareIds', () => {
  it('puts ctrl2 before ctrl10, where code-unit order would not', () => {
    expect(['ctrl10', 'ctrl2', 'ctrl1'].sort(compareIds)).toEqual(['ctrl1', 'ctrl2', 'ctrl10']);
    expect(['ctrl10', 'ctrl2'].sort(compareText)).toEqual(['ctrl10', 'ctrl2']);
  });

  it('orders mixed ids: a non-digit against a digit compares by code unit, digit runs by value', () => {
    expect(['ctrl10', 'ctrl-a', 'ctrl9'].sort(compareIds)).toEqual(['ctrl-a', 'ctrl9', 'ctrl10']);
    expect(['b', 'ctrl9', 'a10', 'a9', 'ctrl', 'A', 'ctrl9x', 'ctrl10a'].sort(compareIds)).toEqual([
      'A',
      'a9',
      'a10',
      'b',
      'ctrl',
      'ctrl9',
      'ctrl9x',
      'ctrl10a',
    ]);
    expect(['x1y10', 'x1y2', 'x10y1', 'x2y99'].sort(compareIds)).toEqual(['x1y2', 'x1y10', 'x2y99', 'x10y1']);
  });

  it('compares digit runs of any length without overflow, and ties on leading zeros by code unit', () => {
    expect(compareIds('n99999999999999999999', 'n100000000000000000000')).toBe(-1);
    expect(['ctrl2', 'ctrl02', 'ctrl1', 'ctrl002'].sort(compareIds)).toEqual(['ctrl1', 'ctrl002', 'ctrl02', 'ctrl2']);
    expect(compareIds('ctrl2', 'ctrl2')).toBe(0);
  });

  it('is a total order, the same on every run: antisymmetric, transitive, 0 only for equal ids', () => {
    const id = fc.stringMatching(/^[a-c0-2-]{0,6}$/);
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(Math.sign(compareIds(a, b)) + Math.sign(compareIds(b, a))).toBe(0);
        expect(compareIds(a, b) === 0).toBe(a === b);
        if (compareIds(a, b) <= 0 && compareIds(b, c) <= 0) expect(compareIds(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });
});
