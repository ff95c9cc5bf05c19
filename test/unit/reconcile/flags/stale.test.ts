// The `stale` flag (docs/design.md section 3 rule 6): no leader (the replicated values are
// frozen), or no fresh evidence within --stale-after (watch).
import { describe, expect, it } from '@jest/globals';
import type { Freshness } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { codes, flag, healthyEvidence, IDS as ids, leaderless, NOW, originFor } from '../../../helpers/evidence.js';

describe('stale', () => {
  it('no consensus leader: every row is stale, its values frozen', () => {
    const view = reconcile(leaderless(), NOW);
    expect(view.cluster.leader).toBeNull();
    for (const id of ids)
      expect(flag(view.controllers, id, 'stale')!.message).toBe(
        'no consensus leader: replicated values (isOnline, lastJoinedAt) are frozen',
      );
  });

  it('evidence older than --stale-after (watch): stale, saying how old; younger evidence is not', () => {
    const aged = (ageMs: number): Freshness => ({
      ageMs,
      staleAfterMs: 15_000,
      pendingMs: null,
      answeredAfterMs: null,
      slowAfterMs: null,
    });
    const withAge = (ageMs: number) => {
      const e = healthyEvidence();
      return {
        ...e,
        targets: e.targets.map((t) => (t.origin === originFor('ctrl2') ? { ...t, freshness: aged(ageMs) } : t)),
      };
    };
    expect(flag(reconcile(withAge(20_000), NOW).controllers, 'ctrl2', 'stale')!.message).toBe(
      'no fresh evidence for 20 s (stale after 15 s)',
    );
    expect(codes(reconcile(withAge(14_000), NOW).controllers, 'ctrl2')).toEqual([]);
  });
});
