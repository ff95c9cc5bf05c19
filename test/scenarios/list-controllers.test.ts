// The reconcile scenarios of docs/design.md section 3, end to end in-process: real simulated controllers on 127.0.0.1,
// the real CLI with --json, the verdict and the rows asserted.
import { describe, expect, it } from '@jest/globals';
import type { ClusterView, ControllerRow } from '../../src/model.js';
import { listJson } from '../helpers/cli.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

// Elections and lease expiry happen only when a test calls failover(): no timer races the assertions.
const start = useSimCluster({ electionTimeoutMs: null, leaderLeaseTimeoutMs: null });

const row = (view: ClusterView, id: string) => view.controllers.find((c) => c.id === id) as ControllerRow;
const codes = (view: ClusterView, id: string) => row(view, id).flags.map((f) => f.code);

describe('list controllers against a simulated cluster', () => {
  it('1. three healthy controllers: healthy, exit 0, no flags', async () => {
    const c = await start({ nodes: 3 });
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(0);
    expect(view.cluster).toMatchObject({
      verdict: 'healthy',
      leader: 'ctrl1',
      consensus: 'leader',
      quorum: { voters: 3, needed: 2, reachable: 3 },
    });
    expect(view.controllers.map((r) => [r.id, r.status, r.reachable, r.flags])).toEqual([
      ['ctrl1', 'online', true, []],
      ['ctrl2', 'online', true, []],
      ['ctrl3', 'online', true, []],
    ]);
    expect(row(view, 'ctrl1')).toMatchObject({ isLeader: true, isPreferredLeader: true });
  });

  it('2. a follower refused: offline + unreachable, degraded, exit 1', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl3');
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(view.cluster.verdict).toBe('degraded');
    expect(row(view, 'ctrl3')).toMatchObject({
      status: 'offline',
      reachable: false,
      error: expect.stringMatching(/connection refused/),
    });
    expect(codes(view, 'ctrl3')).toEqual(['unreachable']);
  });

  it('3. a follower hung: offline + unreachable by timeout, the run ends within the deadline plus 0.3 s', async () => {
    const c = await start({ nodes: 3 });
    c.hang('ctrl3');
    // 1.5 s leaves the healthy controllers room to answer on a loaded CI machine.
    const { code, view, elapsedMs } = await listJson([c.url('ctrl1')], ['--timeout', '1500ms']);
    expect(code).toBe(1);
    expect(row(view, 'ctrl3')).toMatchObject({
      status: 'offline',
      reachable: false,
      error: expect.stringMatching(/within the 1500 ms deadline/),
    });
    // The leader keeps a hung peer's mesh channel for 30 s, so the replicas still say online.
    expect(codes(view, 'ctrl3')).toEqual(['unreachable']);
    expect(row(view, 'ctrl3').views.consensus).toEqual({ isOnline: true, lastJoinedAt: expect.any(String) });
    expect(elapsedMs).toBeLessThan(1500 + 300);
  });

  it(
    '4. the leader killed, before re-election: ' + 'dead leader offline + stale-replica, no leader, critical, exit 2',
    async () => {
      const c = await start({ nodes: 3 });
      await c.kill('ctrl1');
      const { code, view } = await listJson([c.url('ctrl2')]);
      expect(code).toBe(2);
      expect(view.cluster).toMatchObject({
        verdict: 'critical',
        leader: null,
        leaderClaimants: ['ctrl1'],
        consensus: 'majority',
      });
      expect(row(view, 'ctrl1')).toMatchObject({ status: 'offline', views: { consensus: { isOnline: true } } });
      expect(codes(view, 'ctrl1')).toEqual(expect.arrayContaining(['unreachable', 'stale-replica', 'stale']));
    },
  );

  it('5. the leader killed, after re-election: new leader, dead one offline, degraded', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl1');
    c.failover();
    const { code, view } = await listJson([c.url('ctrl2')]);
    expect(code).toBe(1);
    expect(view.cluster).toMatchObject({ verdict: 'degraded', leader: 'ctrl2', consensus: 'leader' });
    expect(row(view, 'ctrl1')).toMatchObject({ status: 'offline', views: { consensus: { isOnline: false } } });
    expect(codes(view, 'ctrl1')).toEqual(['unreachable']);
    expect(row(view, 'ctrl3')).toMatchObject({ status: 'online', flags: [] });
  });

  it(
    '6. a follower partitioned from the cluster but reachable from us: ' + 'isolated, stale-view, disagreement shown',
    async () => {
      const c = await start({ nodes: 3 });
      c.partition('ctrl3');
      c.failover(); // the partitioned follower gives up on the leader it cannot hear
      const { code, view } = await listJson([c.url('ctrl1')]);
      expect(code).toBe(1);
      expect(row(view, 'ctrl3')).toMatchObject({ status: 'offline', reachable: true });
      expect(codes(view, 'ctrl3')).toEqual(expect.arrayContaining(['isolated', 'stale-view', 'disagree']));
      expect(row(view, 'ctrl3').flags.find((f) => f.code === 'disagree')!.message).toBe(
        'replicas disagree on isOnline: ctrl3 says online; ctrl1, ctrl2 say offline',
      );
    },
  );

  it('7. no quorum (two of three down): critical', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl2');
    await c.kill('ctrl3');
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(2);
    expect(view.cluster.verdict).toBe('critical');
    expect(view.cluster.quorum).toMatchObject({ voters: 3, needed: 2, reachable: 1 });
  });

  it('8. two controllers each claiming leadership without a majority behind either: critical', async () => {
    const c = await start({
      controllers: [
        { id: 'ctrl1', preferredLeader: true },
        { id: 'ctrl2', faults: { claimsLeadership: true, partitionedFrom: 'all' } },
        { id: 'ctrl3', faults: { partitionedFrom: 'all' } },
      ],
    });
    c.partition('ctrl1');
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(2);
    expect(view.cluster).toMatchObject({ verdict: 'critical', leader: null });
    expect(view.cluster.leaderClaimants).toEqual(['ctrl1', 'ctrl2']);
  });

  it('9. twelve controllers: all twelve reported (paging past 10)', async () => {
    const c = await start({ nodes: 12, pageLimitMax: 5 });
    const { code, view } = await listJson([c.url('ctrl1')]);
    // Natural id order: ctrl1, ctrl2, ..., ctrl9, ctrl10, ctrl11, ctrl12.
    expect(view.controllers.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => `ctrl${i + 1}`));
    expect(view.controllers.every((r) => r.status === 'online')).toBe(true);
    expect(code).toBe(0);
  });

  it('10. list-members answers 403 everywhere: still a verdict, the missing signal stated', async () => {
    const c = await start({ nodes: 3 });
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) c.setResponseFault(id, 'list-members', 403);
    const { view } = await listJson([c.url('ctrl1')]);
    expect(view.cluster).toMatchObject({ verdict: 'healthy', leader: 'ctrl1', quorum: { verified: false } });
    expect(view.cluster.notes.join('\n')).toMatch(/quorum could not be checked: no live view \(list-members\)/);
    expect(row(view, 'ctrl2').flags).toEqual([
      {
        code: 'auth',
        message: expect.stringMatching(/HTTP 403 \(UNAUTHORIZED\) on \/fabric\/v1\/cluster\/list-members/),
      },
    ]);
  });

  it('11. discovery: given one URL, every controller is found and polled', async () => {
    const c = await start({ nodes: 5 });
    const { view } = await listJson([c.url('ctrl4')]);
    expect(view.controllers.map((r) => [r.id, r.reachable])).toEqual(
      ['ctrl1', 'ctrl2', 'ctrl3', 'ctrl4', 'ctrl5'].map((id) => [id, true]),
    );
    expect(view.controllers.map((r) => r.address)).toEqual(
      ['ctrl1', 'ctrl2', 'ctrl3', 'ctrl4', 'ctrl5'].map((id) => new URL(c.url(id)).origin),
    );
  });

  it(
    '11b. a URL under another name (localhost where replicas publish 127.0.0.1) ' +
      'is the same controller, not a fake extra one',
    async () => {
      const c = await start({ nodes: 3 });
      const { code, view } = await listJson([c.url('ctrl1').replace('127.0.0.1', 'localhost')]);
      expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
      expect(view.cluster.verdict).toBe('healthy');
      expect(code).toBe(0);
    },
  );

  it('12. a removed controller still in the replicas: former-member, outside quorum and verdict', async () => {
    const c = await start({
      controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3' }, { id: 'ctrl0', removed: true }],
    });
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(0);
    expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 3 } });
    expect(row(view, 'ctrl0')).toMatchObject({ status: 'unknown', flags: [{ code: 'former-member' }] });
  });

  it(
    '13. only the leader given with --no-discover: ' + 'the leader is still found, backed by its own live view',
    async () => {
      const c = await start({ nodes: 3 });
      const { view } = await listJson([c.url('ctrl1')], ['--no-discover']);
      expect(view.cluster.leader).toBe('ctrl1');
      expect(row(view, 'ctrl1')).toMatchObject({ status: 'online', isLeader: true, flags: [] });
      expect(row(view, 'ctrl2')).toMatchObject({
        status: 'unknown',
        address: null,
        error: 'not polled: discovery is off (--no-discover)',
      });
    },
  );

  it('14. one controller answering invalid JSON on every endpoint: bad-response, degraded', async () => {
    const c = await start({ nodes: 3 });
    c.setResponseFault('ctrl2', '*', 'invalid-json');
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(1);
    expect(view.cluster.leader).toBe('ctrl1');
    expect(codes(view, 'ctrl2')).toEqual(['bad-response']);
    expect(row(view, 'ctrl2').flags[0]!.message).toMatch(/invalid JSON on \/edge\/management\/v1\/version/);
  });
});
