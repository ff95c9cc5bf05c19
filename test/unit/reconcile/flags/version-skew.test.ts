// The `version-skew` flag (docs/design.md section 3 rule 6): a member whose own version differs from
// the leader's, or without a leader from a strict majority's; a version nobody said is unknown, never skew.
import { describe, expect, it } from '@jest/globals';
import type { Evidence } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import {
  codes,
  failed,
  flag,
  healthyEvidence,
  IDS,
  leaderless,
  NOW,
  ok,
  refused,
  allSignals,
  withSignals,
} from '../../../helpers/evidence.js';

const runs = (e: Evidence, id: string, version: string) =>
  withSignals(e, id, { version: ok({ version, capabilities: ['HA_CONTROLLER'] }) });

describe('version-skew', () => {
  it("a member on another version than the leader's: flagged, named versions, a note, degraded", () => {
    const view = reconcile(runs(healthyEvidence(), 'ctrl3', 'v2.0.2'), NOW);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['version-skew']);
    expect(flag(view.controllers, 'ctrl3', 'version-skew')?.message).toBe(
      'it runs v2.0.2, the leader ctrl1 runs v2.0.3',
    );
    expect(codes(view.controllers, 'ctrl1')).toEqual([]);
    expect(view.cluster.verdict).toBe('degraded');
    expect(view.cluster.reasons).toEqual(['not healthy: ctrl3 (version-skew)']);
    expect(view.cluster.notes).toEqual([
      "versions differ: v2.0.3 (ctrl1, ctrl2), v2.0.2 (ctrl3); compared with the leader's v2.0.3",
    ]);
  });

  it('the leader is the reference even when it is the odd one out (it is what the others replicate from)', () => {
    const view = reconcile(runs(healthyEvidence(), 'ctrl1', 'v2.0.4'), NOW);
    expect(codes(view.controllers, 'ctrl1')).toEqual([]);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['version-skew']);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['version-skew']);
  });

  it('without a leader: compared with the version a strict majority runs, and says so', () => {
    const view = reconcile(runs(leaderless(), 'ctrl3', 'v2.0.2'), NOW);
    expect(flag(view.controllers, 'ctrl3', 'version-skew')?.message).toBe(
      "it runs v2.0.2, most members (ctrl1, ctrl2) run v2.0.3, and there is no leader's version to compare with",
    );
    expect(codes(view.controllers, 'ctrl1')).not.toContain('version-skew');
  });

  it('without a leader and without a majority: nobody is flagged, the note says why', () => {
    const view = reconcile(runs(runs(leaderless(), 'ctrl2', 'v2.0.2'), 'ctrl3', 'v2.0.1'), NOW);
    expect(view.controllers.flatMap((r) => r.flags.filter((f) => f.code === 'version-skew'))).toEqual([]);
    expect(view.cluster.notes).toContain(
      'versions differ: v2.0.1 (ctrl3), v2.0.2 (ctrl2), v2.0.3 (ctrl1); no leader and no majority version to ' +
        'compare with, so nobody is flagged version-skew',
    );
  });

  it('a version nobody said is unknown, never skew: an unreachable member, a failed /version and live view', () => {
    let e = withSignals(healthyEvidence(), 'ctrl3', allSignals(refused()));
    e = withSignals(e, 'ctrl2', { version: failed('invalid-json', 'bad JSON'), members: failed('timeout', 't') });
    const view = reconcile(e, NOW);
    expect(view.controllers.map((r) => [r.id, r.version])).toEqual([
      ['ctrl1', 'v2.0.3'],
      ['ctrl2', null],
      ['ctrl3', null],
    ]);
    expect(view.controllers.flatMap((r) => r.flags.filter((f) => f.code === 'version-skew'))).toEqual([]);
    expect(view.cluster.notes.filter((n) => n.startsWith('versions differ'))).toEqual([]);
  });

  it("its own live view's entry stands in for a failed /version; 'v2.0.3' and '2.0.3' are one release", () => {
    let e = withSignals(healthyEvidence(), 'ctrl2', { version: failed('invalid-json', 'bad JSON') });
    e = runs(e, 'ctrl3', '2.0.3');
    const view = reconcile(e, NOW);
    expect(view.controllers.map((r) => r.version)).toEqual(['v2.0.3', 'v2.0.3', '2.0.3']);
    for (const id of IDS) expect(codes(view.controllers, id)).not.toContain('version-skew');
  });
});
