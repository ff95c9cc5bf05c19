// Rule 5 of docs/design.md section 3: online when it answered us and the leader sees it (or
// there is no leader to ask), offline when nothing answered or the leader cannot see it, unknown
// when we have nothing of our own.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import {
  allSignals,
  byId,
  failed,
  healthyEvidence,
  leaderless,
  NOW,
  target,
  withSignals,
} from '../../helpers/evidence.js';

describe('status', () => {
  it('answers us and the leader sees it, or there is no leader to ask: online', () => {
    expect(reconcile(healthyEvidence(), NOW).controllers.map((r) => r.status)).toEqual(['online', 'online', 'online']);
    const view = reconcile(leaderless(), NOW);
    expect(view.cluster.leader).toBeNull();
    expect(view.controllers.map((r) => r.status)).toEqual(['online', 'online', 'online']);
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
    const view = reconcile(
      {
        targets: evidence.targets.slice(0, 2),
        unpolled: [
          {
            id: 'ctrl3',
            origin: 'https://ctrl3.example:1280',
            reason: 'the run deadline was reached before it could be polled',
          },
        ],
      },
      NOW,
    );
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/deadline/),
    });
  });

  // Section 2's four ways a signal lacks a value, each to its own status.
  it('refused (a failed login on the authenticated signals): it answered, so online, never offline', () => {
    const login = {
      ok: false,
      failure: { kind: 'http', status: 400, auth: 'login', message: 'login failed: HTTP 400' },
    } as const;
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: login, replica: login }), NOW);
    expect(byId(view.controllers, 'ctrl2').status).toBe('online');
  });

  it('a login that got no answer keeps its network kind: with every signal unanswered, offline', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', allSignals(failed('timeout', 'no answer'))), NOW);
    expect(byId(view.controllers, 'ctrl2').status).toBe('offline');
  });

  it('not asked (--no-discover): unknown, with discovery off as its reason, never offline', () => {
    const evidence = healthyEvidence();
    const view = reconcile(
      {
        targets: evidence.targets.slice(0, 2),
        unpolled: [{ id: 'ctrl3', origin: null, reason: 'not polled: discovery is off (--no-discover)' }],
        discoveryOff: true,
      },
      NOW,
    );
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({
      status: 'unknown',
      reachable: false,
      error: 'not polled: discovery is off (--no-discover)',
    });
    expect(view.cluster.verdict).toBe('healthy');
  });
});
