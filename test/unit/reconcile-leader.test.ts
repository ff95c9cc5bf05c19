// Rules 1-4 of DESIGN.md section 3: members, quorum, consensus leader and consensus replica.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../src/reconcile.js';
import type { ControllerRow } from '../../src/model.js';
import type { ClusterMember } from '../../src/schemas/cluster-members.js';
import {
  NOW, allSignals, failed, healthyEvidence, httpStatus, liveView, ok, originFor, refused, row, signals, target, withSignals,
} from '../helpers/evidence.js';

const ids = ['ctrl1', 'ctrl2', 'ctrl3'];
const byId = (rows: ControllerRow[], id: string) => rows.find((r) => r.id === id)!;
const codes = (rows: ControllerRow[], id: string) => byId(rows, id).flags.map((f) => f.code);
const raft = (isLeader: boolean) => ok({ data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader } }, isLeader ? 200 : 429);

describe('members and quorum', () => {
  it('three answering controllers that agree: healthy, one leader, no flags', () => {
    const view = reconcile(healthyEvidence(), NOW);
    expect(view.cluster).toMatchObject({ verdict: 'healthy', leader: 'ctrl1', consensus: 'leader', quorum: { voters: 3, needed: 2, reachable: 3, verified: true } });
    expect(view.controllers.map((r) => [r.id, r.status, r.flags.length])).toEqual([['ctrl1', 'online', 0], ['ctrl2', 'online', 0], ['ctrl3', 'online', 0]]);
  });

  it('follower-to-follower connected=false (pre-2.1 mesh) raises no flag', () => {
    const view = reconcile(healthyEvidence(), NOW);
    expect(liveView('ctrl2', ids, 'ctrl1').find((m) => m.id === 'ctrl3')?.connected).toBe(false);
    expect(view.cluster.verdict).toBe('healthy');
  });

  it('a row only replicas name, absent from every live view, is a former-member outside quorum and verdict', () => {
    const rows = [...ids.map((id) => row(id)), row('ctrl4', false)];
    const evidence = { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] };
    const view = reconcile(evidence, NOW);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'unknown', flags: [{ code: 'former-member' }] });
    expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 3 } });
  });

  it('a controller that answers while no live view lists it is not-member', () => {
    const evidence = healthyEvidence();
    const rows = [...ids.map((id) => row(id)), row('ctrl4')];
    const stranger = target('ctrl4', { ...signals('ctrl4', ids, 'ctrl1', rows), members: ok(liveView('ctrl4', ids, 'ctrl1')) });
    const view = reconcile({ ...evidence, targets: [...evidence.targets, stranger] }, NOW);
    expect(codes(view.controllers, 'ctrl4')).toContain('not-member');
    expect(view.cluster.verdict).toBe('degraded');
  });

  // What a real v2.0.3 cluster shows after `ziti agent cluster remove ctrl4` while ctrl4 still runs.
  const afterRemoval = () => {
    const all = [...ids, 'ctrl4'];
    const leaderView = [...liveView('ctrl1', ids, 'ctrl1'), { id: 'ctrl4', address: 'tls:ctrl4.example:6262', voter: false, leader: false, version: 'v2.0.3', connected: true, readOnly: false }];
    const remaining = ids.map((id) => target(id, { ...signals(id, ids, 'ctrl1'), ...(id === 'ctrl1' ? { members: ok(leaderView) } : {}) }));
    // The removed member keeps its own old replica (every row, itself online) and its old raft view.
    const removed = target('ctrl4', signals('ctrl4', all, 'ctrl1', all.map((id) => row(id))), 'discovered');
    return { targets: [...remaining, removed], unpolled: [] };
  };

  it('a member the leader lists as a non-voter and its replica no longer has is a former-member, even while it answers', () => {
    const view = reconcile(afterRemoval(), NOW);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'unknown', flags: [{ code: 'former-member' }] });
    expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 3, needed: 2, reachable: 3 } });
    // Its stale replica has no say on the others' rows.
    expect(byId(view.controllers, 'ctrl1').views.replicas.map((r) => r.from)).toEqual(ids);
  });

  it('a non-voter the leader lists and whose row its replica keeps is a member, not former', () => {
    const evidence = afterRemoval();
    const leaderView = (evidence.targets[0]!.signals.members as { value: ClusterMember[] }).value;
    const member = { ...evidence, targets: evidence.targets.map((t) => (t.origin === originFor('ctrl4') ? { ...t, signals: { ...t.signals, members: ok(leaderView) } } : t)) };
    const withRow = withSignals(member, 'ctrl1', { replica: ok([...ids, 'ctrl4'].map((id) => row(id))) });
    const view = reconcile(withRow, NOW);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'online', voter: false });
    expect(codes(view.controllers, 'ctrl4')).not.toContain('former-member');
    expect(view.cluster.quorum.voters).toBe(3);
  });

  it('without any live view (list-members 403 everywhere) voters come from the consensus replica, marked unverified', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, { members: httpStatus(403) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ leader: 'ctrl1', quorum: { voters: 3, needed: 2, reachable: 3, verified: false } });
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.cluster.notes.join('\n')).toMatch(/quorum could not be checked/);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
  });
});

describe('quorum without live views', () => {
  // Two removed controllers keep their rows forever; one real member is down.
  const rows = [...ids.map((id) => row(id, id !== 'ctrl3')), row('old1', false), row('old2', false)];
  const base = () => ({ targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] });
  it('list-members forbidden (403) everywhere: a raft-role leader implies a quorum, removed rows do not make it critical', () => {
    let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
    for (const id of ['ctrl1', 'ctrl2']) evidence = withSignals(evidence, id, { members: httpStatus(403) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ leader: 'ctrl1', verdict: 'degraded', quorum: { voters: 5, reachable: 2, verified: false } });
  });

  it('list-members timing out everywhere: the worst case stands (less evidence never makes it milder)', () => {
    let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
    for (const id of ['ctrl1', 'ctrl2']) evidence = withSignals(evidence, id, { members: failed('timeout', 'no answer within the deadline') });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(/quorum not reachable: 2 of 5 voters answered, 3 needed/);
  });
});

describe('consensus leader', () => {
  it('a leader whose followers cannot be read is backed by its own view showing a connected majority', () => {
    const evidence = { targets: [target('ctrl1', signals('ctrl1', ids, 'ctrl1'))], unpolled: [], discoveryOff: true };
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({ status: 'unknown', error: 'not polled: discovery is off (--no-discover)' });
  });

  it('a dead leader still named by followers but not connected in their views is not backed: critical, stale', () => {
    const notLeader = (self: string) => ok(liveView(self, ids, 'ctrl1', (id) => id !== 'ctrl1' && (id === self)));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl2', { members: notLeader('ctrl2') });
    evidence = withSignals(evidence, 'ctrl3', { members: notLeader('ctrl3') });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ verdict: 'critical', leader: null, leaderClaimants: ['ctrl1'], consensus: 'majority' });
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

  it('two claimants each backed only by their own connected majority, no view naming either: split leadership, critical', () => {
    const claimAll = (self: string) => ok(liveView(self, ids, self, () => true));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', { members: claimAll('ctrl1') });
    evidence = withSignals(evidence, 'ctrl2', { raft: raft(true), members: claimAll('ctrl2') });
    evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null)) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({ verdict: 'critical', leader: null, leaderClaimants: ['ctrl1', 'ctrl2'] });
    expect(view.cluster.reasons[0]).toMatch(/split leadership: ctrl1 and ctrl2/);
  });

  it('a second claimant whose own view shows a connected majority loses to the leader the other views name: degraded, stale-view', () => {
    const claimAll = (self: string) => ok(liveView(self, ids, self, () => true));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { raft: raft(true), members: claimAll('ctrl2') }), NOW);
    expect(view.cluster).toMatchObject({ verdict: 'degraded', leader: 'ctrl1' });
    expect(byId(view.controllers, 'ctrl2').flags.find((f) => f.code === 'stale-view')!.message).toMatch(/raft role says it is the leader, but ctrl1 is the leader/);
  });

  it('a second raft claimant whose list-members is forbidden is still flagged, never a quiet healthy', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { raft: raft(true), members: httpStatus(403) }), NOW);
    expect(view.cluster).toMatchObject({ verdict: 'degraded', leader: 'ctrl1', leaderClaimants: ['ctrl1', 'ctrl2'] });
    expect(codes(view.controllers, 'ctrl2')).toEqual(expect.arrayContaining(['stale-view', 'auth']));
  });

  it("a non-voter's view naming a leader is not a vote", () => {
    // ctrl3 is a non-voter in every view: voters are ctrl1 and ctrl2, so 2 voices are needed.
    const asNonVoter = (members: ClusterMember[]) => members.map((m) => (m.id === 'ctrl3' ? { ...m, voter: false } : m));
    let evidence = withSignals(healthyEvidence(), 'ctrl1', { raft: raft(false), members: ok(asNonVoter(liveView('ctrl1', ids, null))) });
    evidence = withSignals(evidence, 'ctrl2', { raft: raft(true), members: ok(asNonVoter(liveView('ctrl2', ids, 'ctrl2', (m) => m === 'ctrl2'))) });
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
    const evidence = withSignals(healthyEvidence(), 'ctrl1', { raft: raft(false), members: ok(liveView('ctrl1', ids, null, () => true)) });
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
    let evidence = withSignals(healthyEvidence(), 'ctrl1', { members: failed('timeout', 'no answer within the deadline') });
    evidence = withSignals(evidence, 'ctrl2', { members: failed('timeout', 'no answer within the deadline') });
    evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null, (m) => m === 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(view.cluster.verdict).toBe('degraded');
  });
});

describe('consensus replica', () => {
  it('with a leader, the leader replica is the consensus; a lagging follower replica is stale-view', () => {
    const lagging = ids.map((id) => row(id, id !== 'ctrl2'));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', { replica: ok(lagging) }), NOW);
    expect(view.cluster).toMatchObject({ consensus: 'leader', consensusReplicaFrom: 'ctrl1', verdict: 'degraded' });
    expect(codes(view.controllers, 'ctrl3')).toEqual(['stale-view']);
    expect(byId(view.controllers, 'ctrl3').flags[0]!.message).toMatch(/says ctrl2 offline, consensus online/);
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({ views: { agreeing: 2, replicas: [{ from: 'ctrl1' }, { from: 'ctrl2' }, { from: 'ctrl3', isOnline: false }] } });
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

  it('rows come out sorted by id whatever order the targets answered in', () => {
    const evidence = healthyEvidence();
    const view = reconcile({ ...evidence, targets: [...evidence.targets].reverse() }, NOW);
    expect(view.controllers.map((r) => r.id)).toEqual(ids);
    expect(JSON.stringify(reconcile(evidence, NOW))).toBe(JSON.stringify(view));
  });

  it('a load-balancer URL that answers but that no replica publishes: a discovery seed, not an extra controller', () => {
    const evidence = healthyEvidence();
    const lb = { origin: 'https://lb.example:1280', source: 'given' as const, signals: signals('ctrl2', ids, 'ctrl1') };
    const view = reconcile({ ...evidence, targets: [lb, ...evidence.targets] }, NOW);
    expect(view.controllers.map((r) => r.id)).toEqual(ids);
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.cluster.notes).toEqual([expect.stringMatching(/^https:\/\/lb.example:1280 answered, but no replica publishes that address/)]);
  });

  it('a given URL that no replica publishes is kept under its origin', () => {
    const evidence = healthyEvidence();
    const unknown = { origin: 'https://10.0.0.9:1280', source: 'given' as const, signals: allSignals(refused()) };
    const view = reconcile({ ...evidence, targets: [...evidence.targets, unknown] }, NOW);
    expect(byId(view.controllers, 'https://10.0.0.9:1280')).toMatchObject({ status: 'offline', flags: [{ code: 'unreachable' }] });
    expect(originFor('ctrl1')).toBe('https://ctrl1.example:1280');
  });
});
