// The `lagging` flag and the rows' raftIndex and lagEntries (docs/design.md section 3 rule 6):
// entries a member's applied raft index is behind the consensus leader's own, past --max-lag.
// Missing evidence (no leader, the leader's or the member's inspection failed, refused or not
// asked) leaves the lag unknown and raises nothing of its own.
import { describe, expect, it } from '@jest/globals';
import type { Evidence } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { DEFAULT_POLICY } from '../../../../src/reconcile/policy.js';
import {
  byId,
  codes,
  failed,
  flag,
  healthyEvidence,
  httpStatus,
  leaderless,
  NOW,
  ok,
  RAFT_INDEX,
  raftIndex,
  timedOut,
  withSignals,
} from '../../../helpers/evidence.js';
import { Memo } from '../../../../src/memo.js';

const behind = (id: string, entries: number, e: Evidence = healthyEvidence()) =>
  withSignals(e, id, { inspection: ok(raftIndex(id, RAFT_INDEX - entries)) });
const view = (e: Evidence, maxLagEntries = DEFAULT_POLICY.maxLagEntries) =>
  reconcile(e, NOW, new Memo(), { ...DEFAULT_POLICY, maxLagEntries });

describe('lagging', () => {
  it('a follower 150 entries behind the leader (default --max-lag 100): lagging, degraded, the indexes named', () => {
    const v = view(behind('ctrl3', 150));
    expect(byId(v.controllers, 'ctrl3')).toMatchObject({ raftIndex: RAFT_INDEX - 150, lagEntries: 150 });
    expect(byId(v.controllers, 'ctrl1')).toMatchObject({ raftIndex: RAFT_INDEX, lagEntries: 0 });
    expect(flag(v.controllers, 'ctrl3', 'lagging')!.message).toBe(
      `its applied raft index ${RAFT_INDEX - 150} is 150 entries behind the leader ctrl1's ${RAFT_INDEX} ` +
        '(more than --max-lag 100)',
    );
    expect(codes(v.controllers, 'ctrl1')).toEqual([]);
    expect(v.cluster.verdict).toBe('degraded');
  });

  it('within --max-lag: the lag shown, no flag, healthy; exactly at the threshold is not past it', () => {
    for (const [entries, maxLag] of [
      [3, 100],
      [100, 100],
    ] as const) {
      const v = view(behind('ctrl3', entries), maxLag);
      expect(byId(v.controllers, 'ctrl3').lagEntries).toBe(entries);
      expect(codes(v.controllers, 'ctrl3')).toEqual([]);
      expect(v.cluster.verdict).toBe('healthy');
    }
  });

  it('--max-lag is the threshold: 5 entries behind is lagging with --max-lag 4', () => {
    const v = view(behind('ctrl3', 5), 4);
    expect(codes(v.controllers, 'ctrl3')).toEqual(['lagging']);
    expect(flag(v.controllers, 'ctrl3', 'lagging')!.message).toMatch(/\(more than --max-lag 4\)$/);
  });

  it('a member asked after the leader and already further along: lag 0, never negative', () => {
    const v = view(behind('ctrl2', -7));
    expect(byId(v.controllers, 'ctrl2')).toMatchObject({ raftIndex: RAFT_INDEX + 7, lagEntries: 0 });
    expect(codes(v.controllers, 'ctrl2')).toEqual([]);
  });

  it("the leader's own inspection failed: every lag unknown, no lagging flag, the failure reported as bad-response", () => {
    const e = withSignals(behind('ctrl3', 500), 'ctrl1', {
      inspection: failed('schema', 'unexpected payload on /fabric/v1/inspections: values'),
    });
    const v = view(e);
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(byId(v.controllers, id).lagEntries).toBeNull();
    expect(byId(v.controllers, 'ctrl3').raftIndex).toBe(RAFT_INDEX - 500);
    expect(codes(v.controllers, 'ctrl3')).toEqual([]);
    expect(codes(v.controllers, 'ctrl1')).toEqual(['bad-response']);
  });

  it("the leader's inspection refused (401 without a challenge): lag unknown, only `auth`, which alone does not degrade", () => {
    const refusedOutcome = failed('http', 'HTTP 401 (UNAUTHORIZED) on /fabric/v1/inspections', 401);
    if (!refusedOutcome.ok) refusedOutcome.failure.auth = 'permission';
    const v = view(withSignals(behind('ctrl3', 500), 'ctrl1', { inspection: refusedOutcome }));
    expect(byId(v.controllers, 'ctrl3').lagEntries).toBeNull();
    expect(codes(v.controllers, 'ctrl3')).toEqual([]);
    expect(codes(v.controllers, 'ctrl1')).toEqual(['auth']);
    expect(v.cluster.verdict).toBe('healthy');
  });

  it("a member's inspection failed, timed out or was not asked: its index and lag unknown, no lagging flag", () => {
    for (const inspection of [httpStatus(500), timedOut(), ok(null)]) {
      const v = view(withSignals(healthyEvidence(), 'ctrl3', { inspection }));
      expect(byId(v.controllers, 'ctrl3')).toMatchObject({ raftIndex: null, lagEntries: null });
      expect(codes(v.controllers, 'ctrl3')).not.toContain('lagging');
    }
  });

  it('an answer about another id (the address is another controller) does not speak for this one', () => {
    const v = view(withSignals(healthyEvidence(), 'ctrl3', { inspection: ok(raftIndex('ctrl2', 1)) }));
    expect(byId(v.controllers, 'ctrl3')).toMatchObject({ raftIndex: null, lagEntries: null });
    expect(codes(v.controllers, 'ctrl3')).toEqual([]);
  });

  it('the answer held no value for it (success, values null): index unknown, nothing raised', () => {
    const v = view(withSignals(healthyEvidence(), 'ctrl3', { inspection: ok({ askedFor: 'ctrl3', index: null }) }));
    expect(byId(v.controllers, 'ctrl3')).toMatchObject({ raftIndex: null, lagEntries: null });
    expect(v.cluster.verdict).toBe('healthy');
  });

  it('indexes of another timeline (a restored data model) are not compared', () => {
    const e = withSignals(healthyEvidence(), 'ctrl3', { inspection: ok(raftIndex('ctrl3', 1, 'OtherTime')) });
    const v = view(e);
    expect(byId(v.controllers, 'ctrl3')).toMatchObject({ raftIndex: 1, lagEntries: null });
    expect(codes(v.controllers, 'ctrl3')).toEqual([]);
  });

  it("watch: a member's answer more than 1 s older than the leader's is not compared (it would overstate the lag)", () => {
    const aged = (e: Evidence, ages: Record<string, number>): Evidence => ({
      ...e,
      targets: e.targets.map((t) => {
        const id = t.origin.slice('https://'.length, t.origin.indexOf('.'));
        return {
          ...t,
          freshness: {
            ageMs: ages[id] ?? 0,
            staleAfterMs: 15_000,
            pendingMs: null,
            answeredAfterMs: 5,
            slowAfterMs: null,
          },
        };
      }),
    });
    const old = view(aged(behind('ctrl3', 500), { ctrl1: 200, ctrl2: 200, ctrl3: 1300 }));
    expect(byId(old.controllers, 'ctrl3')).toMatchObject({ raftIndex: RAFT_INDEX - 500, lagEntries: null });
    expect(codes(old.controllers, 'ctrl3')).toEqual([]);
    // Within the bound, or newer than the leader's (a lag read then can only be understated): compared.
    for (const ctrl3 of [1200, 0]) {
      const v = view(aged(behind('ctrl3', 500), { ctrl1: 200, ctrl2: 200, ctrl3 }));
      expect(byId(v.controllers, 'ctrl3').lagEntries).toBe(500);
      expect(codes(v.controllers, 'ctrl3')).toEqual(['lagging']);
    }
  });

  it('no backed leader: no log anyone is behind, so every lag is unknown and nothing is lagging', () => {
    const v = view(behind('ctrl3', 500, leaderless()));
    expect(v.cluster.leader).toBeNull();
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(byId(v.controllers, id).lagEntries).toBeNull();
    expect(codes(v.controllers, 'ctrl3')).not.toContain('lagging');
  });
});
