// The `auth` flag (docs/design.md section 3 rule 6): an endpoint refused our credentials (401)
// or permissions (403).
import { describe, expect, it } from '@jest/globals';
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
});
