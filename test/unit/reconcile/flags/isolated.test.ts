// The `isolated` flag (docs/design.md section 3 rule 6): we can reach it, but the leader cannot;
// only the leader's view counts.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  allSignals,
  byId,
  codes,
  flag,
  healthyEvidence,
  httpStatus,
  IDS as ids,
  leaderLost,
  liveView,
  NOW,
  ok,
  refused,
  row,
  withSignals,
} from '../../../helpers/evidence.js';

describe('isolated', () => {
  it('answers us but the leader does not see it: offline, isolated, stale-view, disagreement shown', () => {
    let evidence = leaderLost('ctrl3');
    evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null, (m) => m === 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'offline', reachable: true });
    expect(codes(view.controllers, 'ctrl3')).toEqual(expect.arrayContaining(['isolated', 'stale-view', 'disagree']));
    expect(flag(view.controllers, 'ctrl3', 'disagree')!.message).toBe(
      'replicas disagree on isOnline: ctrl3 says online; ctrl1, ctrl2 say offline',
    );
    expect(flag(view.controllers, 'ctrl3', 'stale-view')!.message).toMatch(/believes no controller leads/);
  });

  it('without the leader live view (403), the consensus replica isOnline stands in for "the leader sees it"', () => {
    const rows = ids.map((r) => row(r, r !== 'ctrl3'));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', { members: httpStatus(403), replica: ok(rows) });
    evidence = withSignals(evidence, 'ctrl2', { replica: ok(rows) });
    const view = reconcile(evidence, NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'offline', views: { leaderSeesConnected: null } });
    expect(codes(view.controllers, 'ctrl3')).toContain('isolated');
  });

  it(
    "a new leader's live view from just before its election (it names no leader itself) does not make " +
      'followers isolated',
    () => {
      const raft = (isLeader: boolean) =>
        ok({ data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader } }, isLeader ? 200 : 429);
      // ctrl2 just won: its raft check says leader, but its list-members still shows a follower's mesh.
      let evidence = withSignals(healthyEvidence(ids, 'ctrl2'), 'ctrl2', {
        raft: raft(true),
        members: ok(liveView('ctrl2', ids, null, (m) => m === 'ctrl2')),
      });
      evidence = withSignals(evidence, 'ctrl1', allSignals(refused()));
      const view = reconcile(evidence, NOW);
      expect(view.cluster.leader).toBe('ctrl2');
      expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'online' });
      expect(codes(view.controllers, 'ctrl3')).not.toContain('isolated');
    },
  );

  it('follower-to-follower connected=false (pre-2.1 mesh) raises no flag', () => {
    const view = reconcile(healthyEvidence(), NOW);
    expect(liveView('ctrl2', ids, 'ctrl1').find((m) => m.id === 'ctrl3')?.connected).toBe(false);
    expect(view.cluster.verdict).toBe('healthy');
  });
});
