// The thresholds' flags into the reconcile policy: defaults, parsing, and what is refused up front.
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/reconcile/policy.js';
import { planPolicy } from '../../src/run/policy.js';

describe('planPolicy', () => {
  it('keeps the documented defaults when no flag is given', () => {
    expect(planPolicy({}, false)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ maxLagEntries: 100, certWarnMs: 30 * 86_400_000, maxElections: 2 });
  });

  it('reads each flag', () => {
    expect(planPolicy({ maxLag: '5', certWarn: '72h', maxElections: '0' }, true)).toMatchObject({
      maxLagEntries: 5,
      certWarnMs: 72 * 3_600_000,
      maxElections: 0,
    });
    expect(planPolicy({ certWarn: '30d' }, false).certWarnMs).toBe(30 * 86_400_000);
  });

  it.each([
    [{ maxLag: '1.5' }, true, /--max-lag: '1.5' is not a whole number/],
    [{ maxLag: '-3' }, true, /--max-lag: '-3'/],
    [{ certWarn: '0d' }, true, /--cert-warn: must be greater than zero/],
    [{ maxElections: 'x' }, true, /--max-elections: 'x'/],
    [{ maxElections: '3' }, false, /--max-elections counts leader changes over time: add --watch/],
  ])('refuses %j (loops: %s)', (flags, loops, message) => {
    expect(() => planPolicy(flags, loops)).toThrow(UsageError);
    expect(() => planPolicy(flags, loops)).toThrow(message);
  });
});
