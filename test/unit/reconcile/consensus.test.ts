// Rule 4 of docs/design.md section 3: the consensus replica is the leader's; without it, the one
// most controllers hold, ties to the freshest updatedAt; with none readable, there is none.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import {
  allSignals,
  byId,
  codes,
  healthyEvidence,
  httpStatus,
  IDS as ids,
  liveView,
  NOW,
  ok,
  refused,
  row,
  signals,
  target,
  withSignals,
} from '../../helpers/evidence.js';

describe('consensus replica', () => {
  it('with a leader, the leader replica is the consensus; a lagging follower replica is stale-view', () => {
    const lagging = ids.map((id) => row(id, id !== 'ctrl2'));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', { replica: ok(lagging) }), NOW);
    expect(view.cluster).toMatchObject({ consensus: 'leader', consensusReplicaFrom: 'ctrl1', verdict: 'degraded' });
    expect(codes(view.controllers, 'ctrl3')).toEqual(['stale-view']);
    expect(byId(view.controllers, 'ctrl3').flags[0]!.message).toMatch(/says ctrl2 offline, consensus online/);
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({
      views: { agreeing: 2, replicas: [{ from: 'ctrl1' }, { from: 'ctrl2' }, { from: 'ctrl3', isOnline: false }] },
    });
    expect(codes(view.controllers, 'ctrl2')).toEqual(['disagree']);
  });

  it('with a leader whose replica is unreadable, the majority replica stands in', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { replica: httpStatus(403) }), NOW);
    expect(view.cluster).toMatchObject({ leader: 'ctrl1', consensus: 'majority', consensusReplicaFrom: 'ctrl2' });
  });

  it('without a leader, a tie between replicas goes to the freshest updatedAt', () => {
    const fresh = ids.map((id) => row(id, true, { updatedAt: '2026-11-26T11:00:00.000Z' }));
    const old = ids.map((id) => row(id, id !== 'ctrl3'));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl2', { replica: ok(old), members: ok(liveView('ctrl2', ids, null)) });
    evidence = withSignals(evidence, 'ctrl3', { replica: ok(fresh), members: ok(liveView('ctrl3', ids, null)) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ leader: null, consensus: 'majority', consensusReplicaFrom: 'ctrl3' });
  });

  it('no replica readable anywhere: no consensus replica, so no row has one to agree with', () => {
    // Discovered addresses keep the id they were found under: no replica is left to name them.
    const evidence = {
      targets: ids.map((id) => target(id, { ...signals(id, ids, 'ctrl1'), replica: httpStatus(403) }, 'discovered')),
      unpolled: [],
    };
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ leader: 'ctrl1', consensus: 'none', consensusReplicaFrom: null });
    expect(byId(view.controllers, 'ctrl2').views).toMatchObject({ consensus: null, replicas: [], agreeing: 0 });
  });
});
