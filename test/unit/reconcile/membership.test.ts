// Rule 1 of docs/design.md section 3: the members are everything any live view, replica or
// target names, each once, in a stable order by id; a removed controller is a former member, a
// load-balancer URL only a seed.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/reconcile.js';
import type { ClusterMember } from '../../../src/schemas/cluster-members.js';
import {
  allSignals,
  byId,
  codes,
  healthyEvidence,
  IDS as ids,
  liveView,
  NOW,
  ok,
  originFor,
  refused,
  row,
  signals,
  target,
  withSignals,
} from '../../helpers/evidence.js';

// What a real v2.0.3 cluster shows after `ziti agent cluster remove ctrl4` while ctrl4 still runs.
const afterRemoval = () => {
  const all = [...ids, 'ctrl4'];
  const leaderView = [
    ...liveView('ctrl1', ids, 'ctrl1'),
    {
      id: 'ctrl4',
      address: 'tls:ctrl4.example:6262',
      voter: false,
      leader: false,
      version: 'v2.0.3',
      connected: true,
      readOnly: false,
    },
  ];
  const remaining = ids.map((id) =>
    target(id, { ...signals(id, ids, 'ctrl1'), ...(id === 'ctrl1' ? { members: ok(leaderView) } : {}) }),
  );
  // The removed member keeps its own old replica (every row, itself online) and its old raft view.
  const removed = target(
    'ctrl4',
    signals(
      'ctrl4',
      all,
      'ctrl1',
      all.map((id) => row(id)),
    ),
    'discovered',
  );
  return { targets: [...remaining, removed], unpolled: [] };
};

describe('members', () => {
  it('a controller only a live view names is a member, shown once, unknown with the reason', () => {
    const leaderView = liveView('ctrl1', [...ids, 'ctrl4'], 'ctrl1', (m) => m !== 'ctrl4');
    const view = reconcile(withSignals(healthyEvidence(), 'ctrl1', { members: ok(leaderView) }), NOW);
    expect(view.controllers.map((r) => r.id)).toEqual([...ids, 'ctrl4']);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({
      status: 'unknown',
      error: 'not polled: no address known for it',
    });
  });

  it('rows come out sorted by id whatever order the targets answered in', () => {
    const evidence = healthyEvidence();
    const view = reconcile({ ...evidence, targets: [...evidence.targets].reverse() }, NOW);
    expect(view.controllers.map((r) => r.id)).toEqual(ids);
    expect(JSON.stringify(reconcile(evidence, NOW))).toBe(JSON.stringify(view));
  });

  it(
    'a load-balancer URL that answers but that no replica publishes: a discovery seed, not an extra ' + 'controller',
    () => {
      const evidence = healthyEvidence();
      const lb = {
        origin: 'https://lb.example:1280',
        source: 'given' as const,
        signals: signals('ctrl2', ids, 'ctrl1'),
      };
      const view = reconcile({ ...evidence, targets: [lb, ...evidence.targets] }, NOW);
      expect(view.controllers.map((r) => r.id)).toEqual(ids);
      expect(view.cluster.verdict).toBe('healthy');
      expect(view.cluster.notes).toEqual([
        expect.stringMatching(/^https:\/\/lb.example:1280 answered, but no replica publishes that address/),
      ]);
    },
  );

  it('a given URL that no replica publishes is kept under its origin', () => {
    const evidence = healthyEvidence();
    const unknown = { origin: 'https://10.0.0.9:1280', source: 'given' as const, signals: allSignals(refused()) };
    const view = reconcile({ ...evidence, targets: [...evidence.targets, unknown] }, NOW);
    expect(byId(view.controllers, 'https://10.0.0.9:1280')).toMatchObject({
      status: 'offline',
      flags: [{ code: 'unreachable' }],
    });
    expect(originFor('ctrl1')).toBe('https://ctrl1.example:1280');
  });
});

describe('a removed controller', () => {
  it(
    'a member the leader lists as a non-voter and its replica no longer has is a former-member, even while ' +
      'it answers',
    () => {
      const view = reconcile(afterRemoval(), NOW);
      expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'unknown', flags: [{ code: 'former-member' }] });
      expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 3, needed: 2, reachable: 3 } });
      // Its stale replica has no say on the others' rows.
      expect(byId(view.controllers, 'ctrl1').views.replicas.map((r) => r.from)).toEqual(ids);
    },
  );

  it(
    'the removed-while-running message names its own evidence: the leader non-voter, gone from the leader ' + 'replica',
    () => {
      const flag = byId(reconcile(afterRemoval(), NOW).controllers, 'ctrl4').flags[0]!;
      expect(flag.message).toMatch(
        /^removed from the cluster while it still runs: the leader ctrl1 lists it as a non-voter/,
      );
      expect(flag.message).toMatch(/the leader's replica no longer has its row/);
      expect(flag.message).not.toMatch(/named only by replicas|keeps its row/);
    },
  );

  it('a non-voter the leader lists and whose row its replica keeps is a member, not former', () => {
    const evidence = afterRemoval();
    const leaderView = (evidence.targets[0]!.signals.members as { value: ClusterMember[] }).value;
    const member = {
      ...evidence,
      targets: evidence.targets.map((t) =>
        t.origin === originFor('ctrl4') ? { ...t, signals: { ...t.signals, members: ok(leaderView) } } : t,
      ),
    };
    const withRow = withSignals(member, 'ctrl1', { replica: ok([...ids, 'ctrl4'].map((id) => row(id))) });
    const view = reconcile(withRow, NOW);
    expect(byId(view.controllers, 'ctrl4')).toMatchObject({ status: 'online', voter: false });
    expect(codes(view.controllers, 'ctrl4')).not.toContain('former-member');
    expect(view.cluster.quorum.voters).toBe(3);
  });
});
