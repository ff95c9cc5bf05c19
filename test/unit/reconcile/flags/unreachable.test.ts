// The `unreachable` flag (docs/design.md section 3 rule 6): no HTTP exchange with it succeeded.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  allSignals,
  byId,
  codes,
  flag,
  healthyEvidence,
  leaderLost,
  NOW,
  refused,
  timedOut,
  withSignals,
} from '../../../helpers/evidence.js';

describe('unreachable', () => {
  it('connection refused, and the leader saw it go: offline + unreachable, degraded, no stale-replica', () => {
    const view = reconcile(withSignals(leaderLost('ctrl3'), 'ctrl3', allSignals(refused())), NOW);
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({
      status: 'offline',
      reachable: false,
      error: expect.stringMatching(/refused/),
    });
    expect(codes(view.controllers, 'ctrl3')).toEqual(['unreachable']);
    expect(view.cluster.verdict).toBe('degraded');
  });

  it(
    'a hung follower the leader still sees connected: offline and unreachable, naming both causes; no ' +
      'stale-replica',
    () => {
      const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', allSignals(timedOut())), NOW);
      expect(byId(view.controllers, 'ctrl3').status).toBe('offline');
      expect(codes(view.controllers, 'ctrl3')).toEqual(['unreachable']);
      expect(flag(view.controllers, 'ctrl3', 'unreachable')!.message).toMatch(
        /leader ctrl1 still sees it connected: hung, or only our path to it is cut/,
      );
    },
  );

  it('not asked is not unreachable: a controller never polled carries no unreachable flag', () => {
    const evidence = healthyEvidence();
    const view = reconcile(
      {
        targets: evidence.targets.slice(0, 2),
        unpolled: [{ id: 'ctrl3', origin: null, reason: 'not polled' }],
        discoveryOff: true,
      },
      NOW,
    );
    expect(codes(view.controllers, 'ctrl3')).not.toContain('unreachable');
  });

  it('refused (a failed login) is not unreachable: the controller answered', () => {
    const login = {
      ok: false,
      failure: { kind: 'http', status: 401, auth: 'login', message: 'login refused' },
    } as const;
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: login, replica: login }), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
  });
});
