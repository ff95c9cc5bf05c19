// What each replica says: only the leader writes isOnline/lastJoinedAt; cut-off followers stay frozen.
import { afterAll, describe, expect, it } from '@jest/globals';
import { builtinScenario } from '../../src/sim/index.js';
import { useSimCluster } from '../helpers/sim-cluster.js';
import { agent, changeWhere, failureOf, get, members, onlineIn, replica } from './helpers.js';

const start = useSimCluster();
afterAll(async () => {
  await agent.close();
});

describe('replicated controllers table', () => {
  it(
    'a killed follower: leader and the other follower say offline, ' + 'lastJoinedAt untouched, its port refuses',
    async () => {
      const c = await start({ nodes: 3 });
      const before = (await replica(c, 'ctrl1')).get('ctrl2');
      await c.kill('ctrl2');
      const after = (await replica(c, 'ctrl1')).get('ctrl2');
      expect(after?.isOnline).toBe(false);
      expect(after?.lastJoinedAt).toBe(before?.lastJoinedAt);
      expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThan(Date.parse(before?.updatedAt ?? ''));
      expect(await onlineIn(c, 'ctrl3', 'ctrl2')).toBe(false);
      expect(await failureOf(get(`${c.url('ctrl2')}/health-checks`))).toBe('ECONNREFUSED');
      expect(c.groundTruth().nodes.find((n) => n.id === 'ctrl2')).toEqual({
        id: 'ctrl2',
        state: 'down',
        member: true,
        reachableByLeader: false,
      });
    },
  );

  it('a partitioned follower keeps its frozen replica and sees its leader as not connected', async () => {
    const c = await start({ nodes: 3 });
    c.partition('ctrl3');
    expect(await onlineIn(c, 'ctrl1', 'ctrl3')).toBe(false);
    expect(await onlineIn(c, 'ctrl2', 'ctrl3')).toBe(false);
    expect(await onlineIn(c, 'ctrl3', 'ctrl3')).toBe(true); // frozen: it never learns it went offline
    const view = await members(c, 'ctrl3');
    expect(view.get('ctrl1')).toMatchObject({ leader: true, connected: false, version: '<not connected>' });
    expect((await members(c, 'ctrl1')).get('ctrl3')).toMatchObject({ connected: false, leader: false });
    expect(c.leaderId()).toBe('ctrl1');

    const joined = (await replica(c, 'ctrl1')).get('ctrl3')?.lastJoinedAt ?? '';
    c.heal();
    const healed = (await replica(c, 'ctrl3')).get('ctrl3');
    expect(healed?.isOnline).toBe(true);
    expect(Date.parse(healed?.lastJoinedAt ?? '')).toBeGreaterThan(Date.parse(joined));
    expect(await replica(c, 'ctrl3')).toEqual(await replica(c, 'ctrl1'));
  });

  it('a lagging follower keeps serving what it last applied until it catches up', async () => {
    const c = await start({ nodes: 3 });
    c.lag('ctrl3');
    await c.kill('ctrl2');
    expect(await onlineIn(c, 'ctrl1', 'ctrl2')).toBe(false);
    expect(await onlineIn(c, 'ctrl3', 'ctrl2')).toBe(true);
    // its live view is fine
    expect((await members(c, 'ctrl3')).get('ctrl1')).toMatchObject({ leader: true, connected: true });
    c.catchUp('ctrl3');
    expect(await onlineIn(c, 'ctrl3', 'ctrl2')).toBe(false);
  });

  it('restart listens on the same port, rejoins, and lastJoinedAt moves forward everywhere', async () => {
    const c = await start({ nodes: 3 });
    const url = c.url('ctrl2');
    const first = (await replica(c, 'ctrl1')).get('ctrl2')?.lastJoinedAt ?? '';
    await c.kill('ctrl2');
    await c.restart('ctrl2');
    expect(c.url('ctrl2')).toBe(url);
    for (const from of ['ctrl1', 'ctrl2', 'ctrl3']) {
      const row = (await replica(c, from)).get('ctrl2');
      expect(row?.isOnline).toBe(true);
      expect(Date.parse(row?.lastJoinedAt ?? '')).toBeGreaterThan(Date.parse(first));
    }
    expect((await members(c, 'ctrl2')).get('ctrl1')).toMatchObject({ leader: true, connected: true });
  });

  it('a restarted node serves its old bolt DB until it reconnects', async () => {
    const c = await start({ nodes: 3 });
    c.partition('ctrl2');
    await c.kill('ctrl2');
    await c.restart('ctrl2');
    expect(await onlineIn(c, 'ctrl1', 'ctrl2')).toBe(false);
    expect(await onlineIn(c, 'ctrl2', 'ctrl2')).toBe(true); // what it had on disk when it was cut off
    // fresh process, no leader heard
    expect([...(await members(c, 'ctrl2')).values()].some((m) => m.leader)).toBe(false);
    c.heal('ctrl2');
    expect(await replica(c, 'ctrl2')).toEqual(await replica(c, 'ctrl1'));
    expect((await members(c, 'ctrl2')).get('ctrl1')?.leader).toBe(true);
  });

  it('a removed controller keeps an offline row everywhere, is no member, and its address refuses', async () => {
    const c = await start({
      controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3' }, { id: 'old', removed: true }],
    });
    for (const from of ['ctrl1', 'ctrl2', 'ctrl3']) {
      const row = (await replica(c, from)).get('old');
      expect(row?.isOnline).toBe(false);
      expect(Date.parse(row?.lastJoinedAt ?? '')).toBeLessThan(Date.now() - 3_600_000);
      expect((await members(c, from)).has('old')).toBe(false);
    }
    expect(c.nodes.map((n) => n.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3', 'old']);
    expect(await failureOf(get(`${c.url('old')}/edge/management/v1/version`))).toBe('ECONNREFUSED');
    expect(c.groundTruth().nodes.find((n) => n.id === 'old')).toMatchObject({
      member: false,
      reachableByLeader: false,
    });
    await expect(c.kill('old')).rejects.toThrow(/removed/);
  });

  it('the demo (stale follower) shows ctrl3 an hour behind on ctrl2', async () => {
    const c = await start(builtinScenario('demo'));
    const leader = (await replica(c, 'ctrl1')).get('ctrl2');
    const stale = (await replica(c, 'ctrl3')).get('ctrl2');
    expect(leader?.isOnline).toBe(true);
    expect(Date.parse(leader?.lastJoinedAt ?? '') - Date.parse(stale?.lastJoinedAt ?? '')).toBeGreaterThan(3_500_000);
  });

  it('followers see only the leader unless fullMesh', async () => {
    const partial = await start({ nodes: 3 });
    expect((await members(partial, 'ctrl2')).get('ctrl3')).toMatchObject({
      connected: false,
      version: '<not connected>',
    });
    expect((await members(partial, 'ctrl2')).get('ctrl2')).toMatchObject({ connected: true, version: 'v2.0.3' });
    await partial.close();
    const full = await start({ nodes: 3, fullMesh: true });
    expect((await members(full, 'ctrl2')).get('ctrl3')).toMatchObject({ connected: true, version: 'v2.0.3' });
  });

  it('timestamps are written with the leader’s clock', async () => {
    const hour = 3_600_000;
    const c = await start({ controllers: [{ id: 'ctrl1', clockSkewMs: hour }, { id: 'ctrl2' }, { id: 'ctrl3' }] });
    await c.kill('ctrl3');
    const row = (await replica(c, 'ctrl2')).get('ctrl3');
    expect(Date.parse(row?.updatedAt ?? '') - Date.now()).toBeGreaterThan(hour - 60_000);
  });

  it('a hung follower stays online for the leader until closeUnresponsiveTimeout, then goes offline', async () => {
    const c = await start({ nodes: 3, closeUnresponsiveTimeoutMs: 50 });
    c.hang('ctrl3');
    expect(await onlineIn(c, 'ctrl1', 'ctrl3')).toBe(true);
    expect((await members(c, 'ctrl1')).get('ctrl3')?.connected).toBe(true);
    await changeWhere(c, () => c.groundTruth().nodes.find((n) => n.id === 'ctrl3')?.reachableByLeader === false);
    expect(await onlineIn(c, 'ctrl1', 'ctrl3')).toBe(false);
    c.resume('ctrl3');
    expect(await onlineIn(c, 'ctrl3', 'ctrl3')).toBe(true);
  });
});
