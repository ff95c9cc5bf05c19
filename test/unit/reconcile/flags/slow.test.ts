// The `slow` flag (docs/design.md section 3 rule 6): slower than its own latency history allows.
// Two timings say so: how long the answer took (a one-shot run; in watch, a poll cut short by
// its deadline) and how long the poll under way has been pending (watch).
import { describe, expect, it } from '@jest/globals';
import type { Freshness } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { byId, codes, flag, healthyEvidence, NOW, originFor } from '../../../helpers/evidence.js';

const usual = { ageMs: 0, staleAfterMs: null, slowAfterMs: 250 };
const withFreshness = (freshness: Freshness) => {
  const e = healthyEvidence();
  return { ...e, targets: e.targets.map((t) => (t.origin === originFor('ctrl2') ? { ...t, freshness } : t)) };
};

describe('slow', () => {
  it('one run: an answer that took longer than its history allows is slow, "answered only after"', () => {
    const view = reconcile(withFreshness({ ...usual, pendingMs: null, answeredAfterMs: 400 }), NOW);
    expect(byId(view.controllers, 'ctrl2').flags).toEqual([
      { code: 'slow', message: 'answered only after 400 ms, far beyond its usual latency (slow after 250 ms)' },
    ]);
    expect(view.cluster.verdict).toBe('degraded');
  });

  it('watch: a poll still pending past its threshold is slow, "no answer after"', () => {
    const view = reconcile(withFreshness({ ...usual, pendingMs: 300, answeredAfterMs: null }), NOW);
    expect(flag(view.controllers, 'ctrl2', 'slow')!.message).toBe(
      'no answer after 300 ms, far beyond its usual latency (slow after 250 ms)',
    );
  });

  it(
    'watch: a poll cut short by its deadline, the next one just started: the longer speaks, as a poll ' +
      'still pending',
    () => {
      const view = reconcile(withFreshness({ ...usual, pendingMs: 20, answeredAfterMs: 3000 }), NOW);
      expect(flag(view.controllers, 'ctrl2', 'slow')!.message).toBe(
        'no answer after 3000 ms, far beyond its usual latency (slow after 250 ms)',
      );
    },
  );

  it('not slow under its threshold, nor without a history to judge by', () => {
    expect(
      codes(reconcile(withFreshness({ ...usual, pendingMs: 249, answeredAfterMs: 249 }), NOW).controllers, 'ctrl2'),
    ).toEqual([]);
    expect(
      codes(reconcile(withFreshness({ ...usual, pendingMs: 250, answeredAfterMs: null }), NOW).controllers, 'ctrl2'),
    ).toEqual(['slow']);
    expect(
      codes(
        reconcile(withFreshness({ ...usual, slowAfterMs: null, pendingMs: 5000, answeredAfterMs: 5000 }), NOW)
          .controllers,
        'ctrl2',
      ),
    ).toEqual([]);
  });
});
