// The `not-member` flag (docs/design.md section 3 rule 6): it answers, but no live view lists it
// as a member.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  codes,
  healthyEvidence,
  IDS as ids,
  liveView,
  NOW,
  ok,
  row,
  signals,
  target,
} from '../../../helpers/evidence.js';

describe('not-member', () => {
  it('a controller that answers while no live view lists it is not-member', () => {
    const evidence = healthyEvidence();
    const rows = [...ids.map((id) => row(id)), row('ctrl4')];
    const stranger = target('ctrl4', {
      ...signals('ctrl4', ids, 'ctrl1', rows),
      members: ok(liveView('ctrl4', ids, 'ctrl1')),
    });
    const view = reconcile({ ...evidence, targets: [...evidence.targets, stranger] }, NOW);
    expect(codes(view.controllers, 'ctrl4')).toContain('not-member');
    expect(view.cluster.verdict).toBe('degraded');
  });
});
