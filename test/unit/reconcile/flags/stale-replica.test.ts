// The `stale-replica` flag (docs/design.md section 3 rule 6): the consensus replica says online
// while the live evidence says not, or offline while the leader sees it connected.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  allSignals,
  codes,
  flag,
  healthyEvidence,
  IDS as ids,
  liveView,
  NOW,
  ok,
  refused,
  row,
  withSignals,
} from '../../../helpers/evidence.js';

describe('stale-replica', () => {
  it('unreachable while the consensus replica says online and the leader view says disconnected: stale-replica', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl3', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl1', { members: ok(liveView('ctrl1', ids, 'ctrl1', (m) => m !== 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl3', 'stale-replica')!.message).toMatch(
      /says online, but it does not answer \(refused\)/,
    );
  });

  it('the consensus replica says offline while the leader sees it connected: stale-replica', () => {
    const rows = ids.map((r) => row(r, r !== 'ctrl2'));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { replica: ok(rows) }), NOW);
    expect(flag(view.controllers, 'ctrl2', 'stale-replica')!.message).toMatch(
      /says offline, but the leader ctrl1 sees it connected/,
    );
  });

  it('the consensus replica says online while the leader view says disconnected: stale-replica', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl1', { members: ok(liveView('ctrl1', ids, 'ctrl1', (m) => m !== 'ctrl3')) }),
      NOW,
    );
    expect(codes(view.controllers, 'ctrl3')).toEqual(expect.arrayContaining(['stale-replica', 'isolated']));
  });
});
