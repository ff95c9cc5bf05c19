// The `former-member` flag (docs/design.md section 3 rule 6): a controller that is no longer a
// member (rule 1): shown, outside quorum and verdict.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import { byId, IDS as ids, NOW, row, signals, target } from '../../../helpers/evidence.js';

describe('former-member', () => {
  it('a row only replicas name, absent from every live view, is a former-member outside quorum and verdict', () => {
    const rows = [...ids.map((id) => row(id)), row('ctrl4', false)];
    const evidence = { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] };
    const view = reconcile(evidence, NOW);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'unknown', flags: [{ code: 'former-member' }] });
    expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 3 } });
  });

  it(
    'a former member named only by replicas says so, naming those replicas, not that it was removed while ' + 'running',
    () => {
      const rows = [...ids.map((id) => row(id)), row('ctrl4', false)];
      const evidence = { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] };
      const flag = byId(reconcile(evidence, NOW).controllers, 'ctrl4').flags[0]!;
      expect(flag.message).toMatch(
        /^named only by replicas \(ctrl1, ctrl2, ctrl3\), listed by no live view, and it does not answer us/,
      );
      expect(flag.message).not.toMatch(/still runs/);
    },
  );
});
