// Rule 2 of docs/design.md section 3: voters from the live views (from the consensus replica,
// unverified, without any), needed = floor(voters / 2) + 1, reachable = the voters that answered
// us.
import { describe, expect, it } from '@jest/globals';
import type { Evidence } from '../../../src/evidence.js';
import { reconcile } from '../../../src/reconcile.js';
import {
  allSignals,
  codes,
  failed,
  healthyEvidence,
  httpStatus,
  permissionMissing,
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

// Two removed controllers keep their rows forever; one real member is down.
const rows = [...ids.map((id) => row(id, id !== 'ctrl3')), row('old1', false), row('old2', false)];
const base = () => ({ targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] });

describe('quorum', () => {
  it('needed is floor(voters / 2) + 1, and reachable counts the voters that answered us', () => {
    const five = [...ids, 'ctrl4', 'ctrl5'];
    let evidence = healthyEvidence(five);
    for (const id of ['ctrl4', 'ctrl5']) evidence = withSignals(evidence, id, allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({
      leader: 'ctrl1',
      verdict: 'degraded',
      quorum: { voters: 5, needed: 3, reachable: 3, verified: true },
    });
  });

  it(
    'without any live view (list-members 403 everywhere) voters come from the consensus replica, marked ' +
      'unverified',
    () => {
      let evidence = healthyEvidence();
      for (const id of ids) evidence = withSignals(evidence, id, { members: permissionMissing() });
      const view = reconcile(evidence, NOW);
      expect(view.cluster).toMatchObject({
        leader: 'ctrl1',
        quorum: { voters: 3, needed: 2, reachable: 3, verified: false },
      });
      expect(view.cluster.verdict).toBe('healthy');
      expect(view.cluster.notes.join('\n')).toMatch(/quorum could not be checked/);
      expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
    },
  );
});

describe('quorum without live views', () => {
  it(
    'list-members forbidden (403) everywhere: a raft-role leader implies a quorum, removed rows do not ' +
      'make it critical',
    () => {
      let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
      for (const id of ['ctrl1', 'ctrl2']) evidence = withSignals(evidence, id, { members: permissionMissing() });
      const view = reconcile(evidence, NOW);
      expect(view.cluster).toMatchObject({
        leader: 'ctrl1',
        verdict: 'degraded',
        quorum: { voters: 5, reachable: 2, verified: false },
      });
    },
  );

  it('list-members refused (a 401 to a session it no longer takes) everywhere: not a monitoring user, the check stands', () => {
    let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
    const sessionRefused = (): ReturnType<typeof httpStatus> => {
      const outcome = httpStatus(401);
      if (!outcome.ok) outcome.failure.auth = 'refused';
      return outcome;
    };
    for (const id of ['ctrl1', 'ctrl2']) evidence = withSignals(evidence, id, { members: sessionRefused() });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(/quorum not reachable: 2 of 5 voters answered, 3 needed/);
  });

  it('list-members timing out everywhere: the worst case stands (less evidence never makes it milder)', () => {
    let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
    for (const id of ['ctrl1', 'ctrl2'])
      evidence = withSignals(evidence, id, { members: failed('timeout', 'no answer within the deadline') });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(/quorum not reachable: 2 of 5 voters answered, 3 needed/);
  });
});

// Section 2's "not asked": a voter never polled is not known to be down (rule 2 and rule 7).
describe('quorum with voters not asked', () => {
  const leaderOnly = (connected = (id: string) => id !== 'nobody', discoveryOff = true) => {
    const s = signals('ctrl1', ids, 'ctrl1');
    const evidence: Evidence = {
      targets: [target('ctrl1', { ...s, members: ok(liveView('ctrl1', ids, 'ctrl1', connected)) })],
      unpolled: ['ctrl2', 'ctrl3'].map((id) => ({
        id,
        origin: null,
        reason: 'not polled: discovery is off (--no-discover)',
      })),
    };
    if (discoveryOff) evidence.discoveryOff = true;
    return evidence;
  };

  it(
    '--no-discover with only the leader: not critical, the verdict rests on what was asked, a note names ' +
      'the voters not asked',
    () => {
      const view = reconcile(leaderOnly(), NOW);
      expect(view.cluster).toMatchObject({
        verdict: 'healthy',
        leader: 'ctrl1',
        quorum: { voters: 3, needed: 2, reachable: 1 },
      });
      expect(view.cluster.reasons).toEqual([]);
      expect(view.cluster.notes.join('\n')).toMatch(
        /not asked: ctrl2, ctrl3 \(discovery is off \(--no-discover\)\).*not verified/,
      );
      expect(view.controllers.filter((r) => r.id !== 'ctrl1').map((r) => r.status)).toEqual(['unknown', 'unknown']);
    },
  );

  it('--no-discover, and the leader asked sees a voter disconnected: degraded on that evidence', () => {
    const view = reconcile(
      leaderOnly((id) => id !== 'ctrl3'),
      NOW,
    );
    expect(view.cluster.verdict).toBe('degraded');
    expect(view.cluster.reasons.join('\n')).toMatch(/ctrl3 \(not connected to the leader/);
  });

  it('voters not asked with discovery on (the deadline came first): degraded for the unknown, never critical', () => {
    const view = reconcile(leaderOnly(undefined, false), NOW);
    expect(view.cluster.verdict).toBe('degraded');
    expect(view.cluster.reasons.join('\n')).not.toMatch(/quorum/);
  });

  it('voters asked that did not answer still count: one answering, one refused, one not asked is critical', () => {
    const evidence = leaderOnly();
    evidence.targets.push(target('ctrl2', allSignals(refused())));
    evidence.unpolled = evidence.unpolled.filter((u) => u.id !== 'ctrl2');
    const three = [...ids, 'ctrl4', 'ctrl5'];
    const s = signals('ctrl1', three, 'ctrl1');
    evidence.targets[0] = target('ctrl1', s);
    evidence.targets.push(target('ctrl4', allSignals(refused())), target('ctrl5', allSignals(refused())));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(
      /quorum not reachable: 1 of 5 voters answered, 3 needed \(1 not asked\)/,
    );
  });
});
