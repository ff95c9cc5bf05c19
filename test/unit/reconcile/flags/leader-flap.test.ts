// The `leader-flap` flag and the summary's `elections` (docs/design.md section 3 rule 6): watch and
// serve carry the leaders earlier views named into each view as evidence; more changes within the
// window than --max-elections raise the flag on the leader's row and degrade the verdict.
import { describe, expect, it } from '@jest/globals';
import type { ElectionHistory, Evidence } from '../../../../src/evidence.js';
import type { ClusterView } from '../../../../src/model.js';
import { reconcile } from '../../../../src/reconcile.js';
import { advanceElections, NO_ELECTIONS } from '../../../../src/reconcile/elections.js';
import { DEFAULT_POLICY, type ReconcilePolicy } from '../../../../src/reconcile/policy.js';
import { codes, healthyEvidence, leaderless, NOW } from '../../../helpers/evidence.js';

const MINUTE = 60_000;

/**
 * Views one after another, as the watch engine makes them: each view's evidence carries the history
 * so far, and its own leader extends it. `leaders[i]` null: a view in which nobody leads.
 */
function watchViews(
  leaders: (string | null)[],
  everyMs = MINUTE,
  policy: ReconcilePolicy = DEFAULT_POLICY,
): { views: ClusterView[]; history: ElectionHistory } {
  let history = NO_ELECTIONS;
  const views = leaders.map((leader, i) => {
    const at = new Date(NOW.getTime() + i * everyMs);
    const evidence: Evidence = {
      ...(leader === null ? leaderless() : healthyEvidence(undefined, leader)),
      elections: history,
    };
    const view = reconcile(evidence, at, undefined, policy);
    history = advanceElections(history, view.cluster.leader, at, policy.electionWindowMs);
    return view;
  });
  return { views, history };
}

const flapped = (view: ClusterView) =>
  view.controllers.filter((r) => r.flags.some((f) => f.code === 'leader-flap')).map((r) => r.id);

describe('leader-flap', () => {
  it('three changes within 10 minutes with --max-elections 2: on the new leader only, degraded, the changes named', () => {
    const { views } = watchViews(['ctrl1', 'ctrl2', 'ctrl3', 'ctrl1']);
    const last = views.at(-1)!;
    expect(flapped(last)).toEqual(['ctrl1']);
    expect(codes(last.controllers, 'ctrl1')).toEqual(['leader-flap']);
    expect(last.controllers.find((r) => r.id === 'ctrl1')!.flags[0]!.message).toBe(
      '3 leader changes within 10 minutes, more than --max-elections 2: ' +
        'ctrl1 -> ctrl2 at 2026-11-26T12:01:00.000Z, ctrl2 -> ctrl3 at 2026-11-26T12:02:00.000Z, ' +
        'ctrl3 -> ctrl1 at 2026-11-26T12:03:00.000Z',
    );
    expect(last.cluster.verdict).toBe('degraded');
    expect(last.cluster.reasons).toEqual(['not healthy: ctrl1 (leader-flap)']);
    expect(last.cluster.elections).toEqual({
      changes: 3,
      windowMs: 10 * MINUTE,
      max: 2,
      total: 3,
      last: { at: '2026-11-26T12:03:00.000Z', from: 'ctrl3', to: 'ctrl1' },
    });
  });

  it('two changes are counted but stay within --max-elections 2: no flag, healthy', () => {
    const { views } = watchViews(['ctrl1', 'ctrl2', 'ctrl3']);
    expect(views.map((v) => v.cluster.elections?.changes)).toEqual([0, 1, 2]);
    expect(views.map(flapped)).toEqual([[], [], []]);
    expect(views.at(-1)!.cluster.verdict).toBe('healthy');
  });

  it('the first leader seen is no election, and one leader all along counts none', () => {
    const { views } = watchViews(['ctrl2', 'ctrl2', 'ctrl2']);
    expect(views.map((v) => v.cluster.elections)).toEqual(
      Array(3).fill({ changes: 0, windowMs: 10 * MINUTE, max: 2, total: 0, last: null }),
    );
  });

  it('a view without a leader is no change by itself: A, none, A counts none; A, none, B counts one, from A', () => {
    const same = watchViews(['ctrl1', null, 'ctrl1', null, 'ctrl1']);
    expect(same.history.total).toBe(0);
    const moved = watchViews(['ctrl1', null, null, 'ctrl2']);
    expect(moved.views.at(-1)!.cluster.elections!.last).toEqual({
      at: '2026-11-26T12:03:00.000Z',
      from: 'ctrl1',
      to: 'ctrl2',
    });
    expect(moved.history.total).toBe(1);
  });

  it('leaderless first views, then a leader: still only the first leader seen, no election', () => {
    expect(watchViews([null, null, 'ctrl3']).history.total).toBe(0);
  });

  it('changes older than the window no longer count, and the flag clears; the total keeps them', () => {
    // Three changes a minute apart, then the same leader for ten minutes.
    const { views } = watchViews(['ctrl1', 'ctrl2', 'ctrl3', 'ctrl1', ...Array(11).fill('ctrl1')]);
    expect(flapped(views[3]!)).toEqual(['ctrl1']);
    expect(flapped(views[10]!)).toEqual(['ctrl1']); // 12:10: the change at 12:01 is within the ten minutes
    expect(flapped(views[11]!)).toEqual([]); // 12:11: it is ten minutes old, two remain
    const settled = views.at(-1)!;
    expect(flapped(settled)).toEqual([]);
    expect(settled.cluster.verdict).toBe('healthy');
    expect(settled.cluster.elections).toMatchObject({ changes: 0, total: 3, last: { from: 'ctrl3', to: 'ctrl1' } });
  });

  it('while nobody leads, the flag stays on the newest leader row (the verdict is critical anyway)', () => {
    const { views } = watchViews(['ctrl1', 'ctrl2', 'ctrl3', 'ctrl1', null]);
    const last = views.at(-1)!;
    expect(last.cluster.verdict).toBe('critical');
    expect(flapped(last)).toEqual(['ctrl1']);
  });

  it('--max-elections 0: the first change is a flap', () => {
    const { views } = watchViews(['ctrl1', 'ctrl2'], MINUTE, { ...DEFAULT_POLICY, maxElections: 0 });
    expect(flapped(views.at(-1)!)).toEqual(['ctrl2']);
  });

  it('a single run has no history: elections null, no flag, whatever the policy', () => {
    const view = reconcile(healthyEvidence(), NOW, undefined, { ...DEFAULT_POLICY, maxElections: 0 });
    expect(view.cluster.elections).toBeNull();
    expect(flapped(view)).toEqual([]);
  });

  it('advancing is pure: the history given is left as it was', () => {
    const before = advanceElections(NO_ELECTIONS, 'ctrl1', NOW, 10 * MINUTE);
    const copy = structuredClone(before);
    advanceElections(before, 'ctrl2', new Date(NOW.getTime() + MINUTE), 10 * MINUTE);
    expect(before).toEqual(copy);
  });
});
