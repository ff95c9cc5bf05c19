// The `disagree` flag (docs/design.md section 3 rule 6): the replicas differ on a controller's
// isOnline.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import { codes, flag, healthyEvidence, IDS as ids, NOW, ok, row, withSignals } from '../../../helpers/evidence.js';

describe('disagree', () => {
  it("replicas that differ on a controller's isOnline: disagree on that controller, naming who says what", () => {
    const lagging = ids.map((id) => row(id, id !== 'ctrl2'));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', { replica: ok(lagging) }), NOW);
    expect(flag(view.controllers, 'ctrl2', 'disagree')!.message).toBe(
      'replicas disagree on isOnline: ctrl1, ctrl2 say online; ctrl3 says offline',
    );
    expect(codes(view.controllers, 'ctrl1')).toEqual([]);
  });
});
