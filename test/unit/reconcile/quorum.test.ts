// Rule 2 of docs/design.md section 3: voters from the live views (from the consensus replica,
// unverified, without any), needed = floor(voters / 2) + 1, reachable = the voters that answered
// us.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import {
  allSignals,
  codes,
  failed,
  healthyEvidence,
  httpStatus,
  IDS as ids,
  NOW,
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

  it('without any live view (list-members 403 everywhere) voters come from the consensus replica, marked unverified', () => {
    let evidence = healthyEvidence();
    for (const id of ids) evidence = withSignals(evidence, id, { members: httpStatus(403) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({
      leader: 'ctrl1',
      quorum: { voters: 3, needed: 2, reachable: 3, verified: false },
    });
    expect(view.cluster.verdict).toBe('healthy');
    expect(view.cluster.notes.join('\n')).toMatch(/quorum could not be checked/);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
  });
});

describe('quorum without live views', () => {
  it('list-members forbidden (403) everywhere: a raft-role leader implies a quorum, removed rows do not make it critical', () => {
    let evidence = withSignals(base(), 'ctrl3', allSignals(refused()));
    for (const id of ['ctrl1', 'ctrl2']) evidence = withSignals(evidence, id, { members: httpStatus(403) });
    const view = reconcile(evidence, NOW);
    expect(view.cluster).toMatchObject({
      leader: 'ctrl1',
      verdict: 'degraded',
      quorum: { voters: 5, reachable: 2, verified: false },
    });
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
