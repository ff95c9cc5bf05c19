// The `unhealthy` flag (docs/design.md section 3 rule 6): its health checks fail, or it answers
// 5xx.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import { codes, flag, healthyEvidence, httpStatus, NOW, ok, withSignals } from '../../../helpers/evidence.js';

describe('unhealthy', () => {
  it('failing health checks or a 5xx: unhealthy', () => {
    let evidence = withSignals(healthyEvidence(), 'ctrl2', {
      health: ok({ data: { healthy: false, checks: [{ id: 'bolt.read', healthy: false }] } }),
    });
    evidence = withSignals(evidence, 'ctrl3', { replica: httpStatus(503) });
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl2', 'unhealthy')!.message).toMatch(/health checks fail: bolt.read/);
    expect(codes(view.controllers, 'ctrl3')).toEqual(['unhealthy']);
  });
});
