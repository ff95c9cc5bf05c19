// The summary's health lines (docs/design.md section 3 rule 7): the preferred leader that answers but
// does not lead is a note, never a flag on anyone; the earliest certificate expiry is a field.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import { allSignals, codes, healthyEvidence, IDS, NOW, ok, refused, row, withSignals } from '../../helpers/evidence.js';

/** Every replica names `preferred` the preferred leader; ctrl1 leads. */
function preferring(preferred: string) {
  const rows = IDS.map((id) => row(id, true, id === preferred ? { isPreferredLeader: true } : {}));
  return IDS.reduce((e, id) => withSignals(e, id, { replica: ok(rows) }), healthyEvidence());
}

describe('the preferred leader not leading', () => {
  it('answers and another leads: a note naming both, no flag, the verdict unchanged', () => {
    const view = reconcile(preferring('ctrl2'), NOW);
    expect(view.cluster.notes).toEqual(['the preferred leader ctrl2 answers, but ctrl1 leads']);
    expect(view.cluster.verdict).toBe('healthy');
    for (const id of IDS) expect(codes(view.controllers, id)).toEqual([]);
    expect(view.controllers.find((r) => r.id === 'ctrl2')).toMatchObject({ isPreferredLeader: true, isLeader: false });
  });

  it('the preferred leader leads: no note', () => {
    expect(reconcile(preferring('ctrl1'), NOW).cluster.notes).toEqual([]);
  });

  it('the preferred leader does not answer: no note (its unreachable flag says what is wrong)', () => {
    const view = reconcile(withSignals(preferring('ctrl2'), 'ctrl2', allSignals(refused())), NOW);
    expect(view.cluster.notes).toEqual([]);
    expect(codes(view.controllers, 'ctrl2')).toContain('unreachable');
  });
});
