// The `auth` flag (docs/design.md section 3 rule 6): an endpoint refused our credentials (401)
// or permissions (403).
import { describe, expect, it } from '@jest/globals';
import type { Failure } from '../../../../src/evidence.js';
import { reconcile } from '../../../../src/reconcile.js';
import { byId, codes, healthyEvidence, httpStatus, NOW, withSignals } from '../../../helpers/evidence.js';

describe('auth', () => {
  it('403 on list-members alone: auth flag, the remaining evidence still settles a healthy verdict', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: httpStatus(403) }), NOW);
    expect(codes(view.controllers, 'ctrl2')).toEqual(['auth']);
    expect(view.cluster.verdict).toBe('healthy');
  });

  it('401 on one endpoint: auth, saying the credentials were refused and which signal is missing', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { replica: httpStatus(401) }), NOW);
    expect(byId(view.controllers, 'ctrl2').flags).toEqual([
      { code: 'auth', message: 'credentials refused (401), signal missing: HTTP 401 on /x' },
    ]);
  });

  // Section 2's four refusals, each with its own words; one failed login is said once however many signals it cost.
  const refusal = (status: number, auth: NonNullable<Failure['auth']>, message = `HTTP ${status} on /x`) =>
    ({ ok: false, failure: { kind: 'http', status, auth, message } }) as const;

  it('a failed login (a 400 on the legacy login) is auth, said once, never bad-response', () => {
    const login = refusal(
      400,
      'login',
      'login to x failed: HTTP 400 on /authenticate; the controller says COULD_NOT_VALIDATE',
    );
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { members: login, replica: login }), NOW);
    expect(byId(view.controllers, 'ctrl2').flags).toEqual([
      {
        code: 'auth',
        message:
          'login failed, signal missing: login to x failed: HTTP 400 on /authenticate; the controller ' +
          'says COULD_NOT_VALIDATE',
      },
    ]);
  });

  it('a failed login everywhere: unknown, whatever its status, the reason naming the failed login', () => {
    let evidence = healthyEvidence();
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3'])
      evidence = withSignals(evidence, id, { members: refusal(404, 'login'), replica: refusal(404, 'login') });
    const view = reconcile(evidence, NOW);
    expect(view.cluster.verdict).toBe('unknown');
    expect(view.cluster.reasons).toEqual([expect.stringMatching(/^every controller refused us \(the login failed\)/)]);
  });

  it('no login given: says so and how to give one, not "credentials refused"', () => {
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl2', { replica: refusal(401, 'no-login') }), NOW);
    const message = byId(view.controllers, 'ctrl2').flags[0]!.message;
    expect(message).toMatch(/^no login was given.*-u USER.*--token.*-i\/--cli-identity/);
    expect(message).not.toMatch(/credentials refused/);
  });

  it('a 401 without a challenge to an accepted session: permission missing, told apart from a refused one', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl2', {
        members: refusal(401, 'permission'),
        replica: refusal(401, 'refused'),
      }),
      NOW,
    );
    expect(byId(view.controllers, 'ctrl2').flags).toEqual([
      {
        code: 'auth',
        message:
          'permission missing (401 without a WWW-Authenticate challenge: the login was accepted), signal ' +
          'missing: HTTP 401 on /x; credentials refused (401), signal missing: HTTP 401 on /x',
      },
    ]);
    expect(view.cluster.verdict).toBe('healthy');
  });
});
