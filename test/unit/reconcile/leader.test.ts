// Rule 3 of docs/design.md section 3: the consensus leader is a claimant backed by a quorum
// (voices, or its own view showing a connected quorum); a dead leader merely named is not; two
// backed is split leadership.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Evidence } from '../../../src/evidence.js';
import { reconcile } from '../../../src/reconcile.js';
import type { ClusterMember } from '../../../src/schemas/cluster-members.js';
import {
  allSignals,
  byId,
  codes,
  failed,
  healthyEvidence,
  httpStatus,
  IDS as ids,
  liveView,
  NOW,
  ok,
  raft,
  refused,
  signals,
  target,
  withSignals,
} from '../../helpers/evidence.js';

describe('consensus leader', () => {
  it('a leader whose followers cannot be read is backed by its own view showing a connected majority', () => {
    const evidence = { targets: [target('ctrl1', signals('ctrl1', ids, 'ctrl1'))], unpolled: [], discoveryOff: true };
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({
      status: 'unknown',
      error: 'not polled: discovery is off (--no-discover)',
    });
  });

  it('a dead leader still named by followers but not connected in their views is not backed: critical, stale', () => {
    const notLeader = (self: string) => ok(liveView(self, ids, 'ctrl1', (id) => id !== 'ctrl1' && id === self));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl2', { members: notLeader('ctrl2') });
    evidence = withSignals(evidence, 'ctrl3', { members: notLeader('ctrl3') });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({
      verdict: 'critical',
      leader: null,
      leaderClaimants: ['ctrl1'],
      consensus: 'majority',
    });
    expect(view.cluster.reasons[0]).toMatch(/dead leader still named/);
    expect(byId(view.controllers, 'ctrl1')).toMatchObject({ status: 'offline' });
    expect(codes(view.controllers, 'ctrl1')).toEqual(expect.arrayContaining(['unreachable', 'stale-replica', 'stale']));
    expect(codes(view.controllers, 'ctrl2')).toContain('stale');
  });

  it('an unreachable leader that followers still see connected stays the leader (we are the ones cut off)', () => {
    const evidence = withSignals(healthyEvidence(), 'ctrl1', allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(view.cluster.verdict).toBe('degraded');
    expect(byId(view.controllers, 'ctrl1').status).toBe('offline');
  });

  it(
    'two claimants each backed only by their own connected majority, no view naming either: split ' +
      'leadership, critical',
    () => {
      const claimAll = (self: string) => ok(liveView(self, ids, self, () => true));
      let evidence = withSignals(healthyEvidence(), 'ctrl1', { members: claimAll('ctrl1') });
      evidence = withSignals(evidence, 'ctrl2', { raft: raft(true), members: claimAll('ctrl2') });
      evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null)) });
      const view = reconcile(evidence, NOW);
      expect(view.cluster).toMatchObject({ verdict: 'critical', leader: null, leaderClaimants: ['ctrl1', 'ctrl2'] });
      expect(view.cluster.reasons[0]).toMatch(/split leadership: ctrl1 and ctrl2/);
    },
  );

  it(
    'a second claimant whose own view shows a connected majority loses to the leader the other views name: ' +
      'degraded, stale-view',
    () => {
      const claimAll = (self: string) => ok(liveView(self, ids, self, () => true));
      const view = reconcile(
        withSignals(healthyEvidence(), 'ctrl2', { raft: raft(true), members: claimAll('ctrl2') }),
        NOW,
      );
      expect(view.cluster).toMatchObject({ verdict: 'degraded', leader: 'ctrl1' });
      expect(byId(view.controllers, 'ctrl2').flags.find((f) => f.code === 'stale-view')!.message).toMatch(
        /raft role says it is the leader, but ctrl1 is the leader/,
      );
    },
  );

  it('a second raft claimant whose list-members is forbidden is still flagged, never a quiet healthy', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl2', { raft: raft(true), members: httpStatus(403) }),
      NOW,
    );
    expect(view.cluster).toMatchObject({ verdict: 'degraded', leader: 'ctrl1', leaderClaimants: ['ctrl1', 'ctrl2'] });
    expect(codes(view.controllers, 'ctrl2')).toEqual(expect.arrayContaining(['stale-view', 'auth']));
  });

  it("a non-voter's view naming a leader is not a vote", () => {
    // ctrl3 is a non-voter in every view: voters are ctrl1 and ctrl2, so 2 voices are needed.
    const asNonVoter = (members: ClusterMember[]) =>
      members.map((m) => (m.id === 'ctrl3' ? { ...m, voter: false } : m));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', {
      raft: raft(false),
      members: ok(asNonVoter(liveView('ctrl1', ids, null))),
    });
    evidence = withSignals(evidence, 'ctrl2', {
      raft: raft(true),
      members: ok(asNonVoter(liveView('ctrl2', ids, 'ctrl2', (m) => m === 'ctrl2'))),
    });
    evidence = withSignals(evidence, 'ctrl3', { members: ok(asNonVoter(liveView('ctrl3', ids, 'ctrl2', () => true))) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBeNull();
  });

  it('two claimants without a majority behind either (all partitioned): critical, both listed', () => {
    const alone = (self: string, leader: string | null) => ok(liveView(self, ids, leader, (id) => id === self));
    let evidence = healthyEvidence();
    evidence = withSignals(evidence, 'ctrl1', { members: alone('ctrl1', 'ctrl1') });
    evidence = withSignals(evidence, 'ctrl2', { raft: raft(true), members: alone('ctrl2', 'ctrl2') });
    evidence = withSignals(evidence, 'ctrl3', { members: alone('ctrl3', null) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ verdict: 'critical', leader: null, leaderClaimants: ['ctrl1', 'ctrl2'] });
  });

  it('a controller that stale views name leader but that itself says follower is not the leader', () => {
    const evidence = withSignals(healthyEvidence(), 'ctrl1', {
      raft: raft(false),
      members: ok(liveView('ctrl1', ids, null, () => true)),
    });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBeNull();
    expect(view.cluster.reasons[0]).toMatch(/ctrl1 itself says it is a follower/);
  });

  it('without live views, a single raft claimant is leader only when every other reachable role says follower', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, { members: httpStatus(403) });
    expect(reconcile(evidence, NOW).cluster.leader).toBe('ctrl1');
    const unreadable = withSignals(evidence, 'ctrl3', { raft: failed('invalid-json', 'invalid JSON', 200) });
    const view = reconcile(unreadable, NOW);
    expect(view.cluster.leader).toBeNull();
    expect(view.cluster.reasons[0]).toMatch(/raft role of ctrl3 could not be read/);
  });
});

describe('partial evidence', () => {
  it('live views timed out on two of three controllers: the raft roles still find the leader', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl1', {
      members: failed('timeout', 'no answer within the deadline'),
    });
    evidence = withSignals(evidence, 'ctrl2', { members: failed('timeout', 'no answer within the deadline') });
    evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null, (m) => m === 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(view.cluster.verdict).toBe('degraded');
  });
});

// Section 2's "not asked": a voter never polled neither backs nor opposes a leader (rule 3).
describe('consensus leader with voters not asked', () => {
  const onlyAsked = (asked: string[], patch: (id: string) => Partial<ReturnType<typeof signals>> = () => ({})) => ({
    targets: asked.map((id) => target(id, { ...signals(id, ids, 'ctrl1'), ...patch(id) })),
    unpolled: ids
      .filter((id) => !asked.includes(id))
      .map((id) => ({ id, origin: null, reason: 'not polled: discovery is off (--no-discover)' })),
    discoveryOff: true,
  });

  it(
    '--no-discover with one follower whose view names the leader connected: that leader, not critical, ' +
      'with a note',
    () => {
      const view = reconcile(onlyAsked(['ctrl2']), NOW);
      expect(view.cluster).toMatchObject({ leader: 'ctrl1', verdict: 'healthy', reasons: [] });
      expect(view.cluster.notes.join('\n')).toMatch(
        /leader ctrl1 accepted on the views asked.*not verified.*voters never asked \(ctrl1, ctrl3\)/,
      );
      expect(byId(view.controllers, 'ctrl1').status).toBe('unknown');
    },
  );

  it('the follower asked names the leader but does not see it connected: no leader (a dead leader still named)', () => {
    const lostLeader = (id: string) => ({ members: ok(liveView(id, ids, 'ctrl1', (m) => m === id)) });
    const view = reconcile(onlyAsked(['ctrl2'], lostLeader), NOW);
    expect(view.cluster.leader).toBeNull();
    expect(view.cluster.reasons[0]).toMatch(
      /ctrl1 is named leader by ctrl2 but was not asked .*dead leader still named/,
    );
  });

  it('two followers asked that name different leaders: the unasked votes elect neither', () => {
    const five = [...ids, 'ctrl4', 'ctrl5'];
    const follower = (id: string, names: string) =>
      target(id, {
        ...signals(id, five, names),
        members: ok(liveView(id, five, names, () => true)),
        raft: raft(false),
      });
    const view = reconcile(
      {
        targets: [follower('ctrl2', 'ctrl1'), follower('ctrl3', 'ctrl5')],
        unpolled: ['ctrl1', 'ctrl4', 'ctrl5'].map((id) => ({ id, origin: null, reason: 'not polled' })),
        discoveryOff: true,
      },
      NOW,
    );
    expect(view.cluster.leader).toBeNull();
    expect(view.cluster.verdict).toBe('critical');
  });
});

describe('raft roles without a voter view', () => {
  it("a non-voter's unreadable raft role is no rival claim: losing its last answer never makes the verdict milder", () => {
    const file = new URL('../../fixtures/counterexamples/nonvoter-raft-role.json', import.meta.url);
    const { evidence, worse } = JSON.parse(readFileSync(file, 'utf8')) as { evidence: Evidence; worse: Evidence };
    const before = reconcile(evidence, NOW).cluster;
    const after = reconcile(worse, NOW).cluster;
    expect(before).toMatchObject({ leader: 'ctrl1', verdict: 'degraded' });
    expect(after).toMatchObject({ leader: 'ctrl1', verdict: 'degraded' });
  });
});
