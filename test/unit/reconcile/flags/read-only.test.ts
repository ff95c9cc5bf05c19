// The `read-only` flag (docs/design.md section 3 rule 6): its own live view, or the leader's,
// says its mesh is read-only.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import { codes, healthyEvidence, IDS as ids, liveView, NOW, ok, withSignals } from '../../../helpers/evidence.js';

describe('read-only', () => {
  it('a live view that says its mesh is read-only: read-only', () => {
    const view = liveView('ctrl2', ids, 'ctrl1').map((m) => (m.id === 'ctrl2' ? { ...m, readOnly: true } : m));
    const result = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: ok(view) }), NOW);
    expect(codes(result.controllers, 'ctrl2')).toEqual(['read-only']);
  });

  it("the leader's live view saying a member's mesh is read-only: read-only", () => {
    const leaderView = liveView('ctrl1', ids, 'ctrl1').map((m) => (m.id === 'ctrl3' ? { ...m, readOnly: true } : m));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { members: ok(leaderView) }), NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['read-only']);
  });
});
