// The `identity` flag (docs/design.md section 3 rule 6): the URL answered as a different
// controller than expected, or for another cluster.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  byId,
  flag,
  healthyEvidence,
  IDS as ids,
  NOW,
  row,
  signals,
  target,
  withSignals,
} from '../../../helpers/evidence.js';

describe('identity', () => {
  it('one given URL published as the address of two controllers: identity', () => {
    const shared = { 'edge-management': [{ url: 'https://ctrl2.example:1280/edge/management/v1' }] };
    const rows = [row('ctrl1'), row('ctrl2'), row('ctrl3', true, { apiAddresses: shared })];
    const evidence = { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] };
    const view = reconcile(evidence, NOW);
    expect(flag(view.controllers, 'ctrl2', 'identity')!.message).toMatch(/also published for ctrl3/);
  });

  it('an address that answers for another cluster: identity, its views ignored, offline', () => {
    const others = ['x1', 'x2', 'x3'];
    const stranger = signals(
      'x1',
      others,
      'x1',
      others.map((id) => row(id, true, { fingerprint: '1'.repeat(40) })),
    );
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl3', stranger), NOW);
    expect(flag(view.controllers, 'ctrl3', 'identity')!.message).toBe(
      'its address https://ctrl3.example:1280 answers for a different cluster: its replica lists "x1", ' +
        '"x2", "x3", whose certificates and addresses no replica of this cluster shares: ignored',
    );
    expect(byId(view.controllers, 'ctrl3')).toMatchObject({ status: 'offline', reachable: false });
    expect(view.controllers.map((r) => r.id)).toEqual(ids);
    expect(view.cluster.quorum).toMatchObject({ voters: 3, reachable: 2 });
  });
});
