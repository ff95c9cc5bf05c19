// Rules 5-7 of DESIGN.md section 3: status, every flag, and the verdict, each named after its evidence.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../src/reconcile.js';
import type { ControllerRow } from '../../src/model.js';
import {
  NOW, allSignals, failed, healthyEvidence, httpStatus, liveView, ok, refused, row, signals, target, timedOut, withSignals,
} from '../helpers/evidence.js';

const ids = ['ctrl1', 'ctrl2', 'ctrl3'];
const byId = (rows: ControllerRow[], id: string) => rows.find((r) => r.id === id)!;
const flag = (rows: ControllerRow[], id: string, code: string) => byId(rows, id).flags.find((f) => f.code === code);
const codes = (rows: ControllerRow[], id: string) => byId(rows, id).flags.map((f) => f.code);
/** The leader noticed ctrl3 go: its view shows it disconnected and its replica (copied to ctrl2) says offline. */
const leaderLost = (id: string) => {
  const rows = ids.map((r) => row(r, r !== id));
  let e = withSignals(healthyEvidence(), 'ctrl1', { members: ok(liveView('ctrl1', ids, 'ctrl1', (m) => m !== id)), replica: ok(rows) });
  e = withSignals(e, 'ctrl2', { replica: ok(rows) });
  return e;
};

describe('status and reachability', () => {
  it('connection refused, and the leader saw it go: offline + unreachable, degraded, no stale-replica', () => {
    const view = reconcile(withSignals(leaderLost('ctrl3'), 'ctrl3', allSignals(refused())), NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'offline', reachable: false, error: expect.stringMatching(/refused/) });
    expect(codes(view.controllers, 'ctrl3')).toEqual(['unreachable']);
    expect(view.cluster.verdict).toBe('degraded');
  });

  it('a hung follower the leader still sees connected: offline and unreachable, naming both causes; no stale-replica', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', allSignals(timedOut())), NOW);
    expect(byId(view.controllers, 'ctrl3').status).toBe('offline');
    expect(codes(view.controllers, 'ctrl3')).toEqual(['unreachable']);
    expect(flag(view.controllers, 'ctrl3', 'unreachable')!.message).toMatch(/leader ctrl1 still sees it connected: hung, or only our path to it is cut/);
  });

  it('unreachable while the consensus replica says online and the leader view says disconnected: stale-replica', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl3', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl1', { members: ok(liveView('ctrl1', ids, 'ctrl1', (m) => m !== 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl3', 'stale-replica')!.message).toMatch(/says online, but it does not answer \(refused\)/);
  });

  it('answers us but the leader does not see it: offline, isolated, stale-view, disagreement shown', () => {
    let evidence = leaderLost('ctrl3');
    evidence = withSignals(evidence, 'ctrl3', { members: ok(liveView('ctrl3', ids, null, (m) => m === 'ctrl3')) });
    const view = reconcile(evidence, NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'offline', reachable: true });
    expect(codes(view.controllers, 'ctrl3')).toEqual(expect.arrayContaining(['isolated', 'stale-view', 'disagree']));
    expect(flag(view.controllers, 'ctrl3', 'disagree')!.message).toBe('replicas disagree on isOnline: ctrl3 says online; ctrl1, ctrl2 say offline');
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

  it("a new leader's live view from just before its election (it names no leader itself) does not make followers isolated", () => {
    const raft = (isLeader: boolean) => ok({ data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader } }, isLeader ? 200 : 429);
    // ctrl2 just won: its raft check says leader, but its list-members still shows a follower's mesh.
    let evidence = withSignals(healthyEvidence(ids, 'ctrl2'), 'ctrl2', { raft: raft(true), members: ok(liveView('ctrl2', ids, null, (m) => m === 'ctrl2')) });
    evidence = withSignals(evidence, 'ctrl1', allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.leader).toBe('ctrl2');
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'online' });
    expect(codes(view.controllers, 'ctrl3')).not.toContain('isolated');
  });

  it('a DNS failure on a discovered address: unknown, not offline', () => {
    const evidence = healthyEvidence();
    const dns = { ...target('ctrl3', allSignals(failed('dns', 'host name not resolved (ENOTFOUND)')), 'discovered') };
    const view = reconcile({ ...evidence, targets: [...evidence.targets.slice(0, 2), dns] }, NOW);
    expect(byId(view.controllers, 'ctrl3').status).toBe('unknown');
    expect(view.cluster.verdict).toBe('degraded');
  });

  it('a controller no one could poll before the deadline is unknown, with the reason', () => {
    const evidence = healthyEvidence();
    const view = reconcile({ targets: evidence.targets.slice(0, 2), unpolled: [{ id: 'ctrl3', origin: 'https://ctrl3.example:1280', reason: 'the run deadline was reached before it could be polled' }] }, NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'unknown', error: expect.stringMatching(/deadline/) });
  });
});

describe('content flags', () => {
  it('invalid JSON on one endpoint: bad-response naming it, still online', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { version: failed('invalid-json', 'invalid JSON on /edge/management/v1/version: Unexpected token', 200) }), NOW);
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({ status: 'online', flags: [{ code: 'bad-response', message: expect.stringMatching(/version/) }] });
    expect(view.cluster.verdict).toBe('degraded');
  });

  it('a redirect is a bad-response, never followed', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { replica: failed('redirect', 'HTTP 302 redirect on /x', 302) }), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['bad-response']);
  });

  it('failing health checks or a 5xx: unhealthy', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl2', { health: ok({ data: { healthy: false, checks: [{ id: 'bolt.read', healthy: false }] } }) });
    evidence = withSignals(evidence, 'ctrl3', { replica: httpStatus(503) });
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl2', 'unhealthy')!.message).toMatch(/health checks fail: bolt.read/);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['unhealthy']);
  });

  it('403 on list-members alone: auth flag, the remaining evidence still settles a healthy verdict', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: httpStatus(403) }), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
    expect(view.cluster.verdict).toBe('healthy');
  });

  it('the consensus replica says offline while the leader sees it connected: stale-replica', () => {
    const rows = ids.map((r) => row(r, r !== 'ctrl2'));
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { replica: ok(rows) }), NOW);
    expect(flag(view.controllers, 'ctrl2', 'stale-replica')!.message).toMatch(/says offline, but the leader ctrl1 sees it connected/);
  });

  it('the consensus replica says online while the leader view says disconnected: stale-replica', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { members: ok(liveView('ctrl1', ids, 'ctrl1', (m) => m !== 'ctrl3')) }), NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(expect.arrayContaining(['stale-replica', 'isolated']));
  });

  it('a follower believing in another leader: stale-view', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', { members: ok(liveView('ctrl3', ids, 'ctrl2')) }), NOW);
    expect(flag(view.controllers, 'ctrl3', 'stale-view')!.message).toMatch(/believes ctrl2 leads \(the leader is ctrl1\)/);
  });

  it('one given URL published as the address of two controllers: identity', () => {
    const shared = { 'edge-management': [{ url: 'https://ctrl2.example:1280/edge/management/v1' }] };
    const rows = [row('ctrl1'), row('ctrl2'), row('ctrl3', true, { apiAddresses: shared })];
    const evidence = { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] };
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl2', 'identity')!.message).toMatch(/also published for ctrl3/);
  });

  it('a live view that says its mesh is read-only: read-only', () => {
    const view = liveView('ctrl2', ids, 'ctrl1').map((m) => (m.id === 'ctrl2' ? { ...m, readOnly: true } : m));
    const result = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: ok(view) }), NOW);
    expect(codes(result.controllers, 'ctrl2')).toEqual(['read-only']);
  });
});

describe('verdict', () => {
  it('two of three refused: quorum not reachable, critical', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl2', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl3', allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(/quorum not reachable: 1 of 3 voters answered, 2 needed/);
  });

  it('every controller refused our credentials (401 on list-members and controllers): unknown, whatever raft says', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, { members: httpStatus(401), replica: httpStatus(401) });
    expect(reconcile(evidence, NOW).cluster.verdict).toBe('unknown');
  });

  it('TLS refused by every controller: unknown, not critical', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, allSignals(failed('tls', 'TLS handshake failed (DEPTH_ZERO_SELF_SIGNED_CERT)')));
    expect(reconcile(evidence, NOW).cluster.verdict).toBe('unknown');
  });

  it('two controllers refusing connections and one refusing TLS: critical (two are down), not unknown', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl1', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl2', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl3', allSignals(failed('tls', 'TLS handshake failed (CERT_HAS_EXPIRED)')));
    expect(reconcile(evidence, NOW).cluster.verdict).toBe('critical');
  });

  it('nothing answers at all: critical', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.controllers).toHaveLength(3);
  });
});
