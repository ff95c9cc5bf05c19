// The `stale-view` flag (docs/design.md section 3 rule 6): a controller's replica differs from
// the consensus replica, or it believes in another leader or in none.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import { flag, healthyEvidence, IDS as ids, liveView, NOW, ok, withSignals } from '../../../helpers/evidence.js';

describe('stale-view', () => {
  it('a follower believing in another leader: stale-view', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl3', { members: ok(liveView('ctrl3', ids, 'ctrl2')) }),
      NOW,
    );
    expect(flag(view.controllers, 'ctrl3', 'stale-view')!.message).toMatch(
      /believes ctrl2 leads \(the leader is ctrl1\)/,
    );
  });
});
