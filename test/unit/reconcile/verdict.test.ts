// Rule 7 of docs/design.md section 3: healthy, degraded, critical or unknown, with the reasons;
// former members do not count.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import {
  allSignals,
  failed,
  healthyEvidence,
  httpStatus,
  IDS as ids,
  leaderLost,
  NOW,
  refused,
  withSignals,
} from '../../helpers/evidence.js';

describe('verdict', () => {
  it('three answering controllers that agree: healthy, one leader, no flags', () => {
    const view = reconcile(healthyEvidence(), NOW);
    expect(view.cluster).toMatchObject({
      verdict: 'healthy',
      leader: 'ctrl1',
      consensus: 'leader',
      quorum: { voters: 3, needed: 2, reachable: 3, verified: true },
    });
    expect(view.controllers.map((r) => [r.id, r.status, r.flags.length])).toEqual([
      ['ctrl1', 'online', 0],
      ['ctrl2', 'online', 0],
      ['ctrl3', 'online', 0],
    ]);
  });

  it('a backed leader with a member not online: degraded, naming who and why', () => {
    const view = reconcile(withSignals(leaderLost('ctrl3'), 'ctrl3', allSignals(refused())), NOW);
    expect(view.cluster).toMatchObject({ verdict: 'degraded', reasons: ['not healthy: ctrl3 (offline, unreachable)'] });
  });

  it('two of three refused: quorum not reachable, critical', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl2', allSignals(refused()));
    evidence = withSignals(evidence, 'ctrl3', allSignals(refused()));
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.reasons.join('\n')).toMatch(/quorum not reachable: 1 of 3 voters answered, 2 needed/);
  });

  it(
    'every controller refused our credentials (401 on list-members and controllers): unknown, whatever ' + 'raft says',
    () => {
      let evidence = healthyEvidence();
      for (const id of ids)
        evidence = withSignals(evidence, id, { members: httpStatus(401), replica: httpStatus(401) });
      expect(reconcile(evidence, NOW).cluster.verdict).toBe('unknown');
    },
  );

  it('TLS refused by every controller: unknown, not critical', () => {
    let evidence = healthyEvidence();
    for (const id of ids)
      evidence = withSignals(
        evidence,
        id,
        allSignals(failed('tls', 'TLS handshake failed (DEPTH_ZERO_SELF_SIGNED_CERT)')),
      );
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
