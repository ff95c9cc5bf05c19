// Leader loss, elections, leases and split claims: what each node believes versus ground truth.
import { afterAll, describe, expect, it } from '@jest/globals';
import { builtinScenario, type SimCluster } from '../../src/sim/index.js';
import { useSimCluster } from '../helpers/sim-cluster.js';
import { agent, get, leaderWhere, members, onlineIn, replica, untilAsync } from './helpers.js';

const start = useSimCluster();
afterAll(async () => {
  await agent.close();
});

const raftStatus = async (c: SimCluster, id: string) =>
  (await get(`${c.url(id)}/health-checks/controller/raft`)).status;
const namedLeader = async (c: SimCluster, id: string) =>
  [...(await members(c, id)).values()].find((m) => m.leader)?.id ?? null;

describe('leader loss without a timed election', () => {
  it('followers still name the dead leader (not connected) and their replicas still say it is online', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    const events: Array<string | null> = [];
    c.on('leader', (l: string | null) => events.push(l));
    await c.kill('ctrl1');
    expect(events).toEqual([null]);
    expect(c.groundTruth().leader).toBeNull();
    for (const id of ['ctrl2', 'ctrl3']) {
      expect((await members(c, id)).get('ctrl1')).toMatchObject({
        leader: true,
        connected: false,
        version: '<not connected>',
      });
      expect(await onlineIn(c, id, 'ctrl1')).toBe(true);
      expect(await raftStatus(c, id)).toBe(429);
    }
  });

  it('failover() elects the lowest id, which marks the dead leader offline and replicates it', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    await c.kill('ctrl1');
    const next = leaderWhere(c, (l) => l !== null);
    c.failover();
    expect(await next).toBe('ctrl2');
    expect(await onlineIn(c, 'ctrl2', 'ctrl1')).toBe(false);
    expect(await onlineIn(c, 'ctrl3', 'ctrl1')).toBe(false);
    expect(await onlineIn(c, 'ctrl2', 'ctrl3')).toBe(true);
    expect(await namedLeader(c, 'ctrl3')).toBe('ctrl2');
    expect([await raftStatus(c, 'ctrl2'), await raftStatus(c, 'ctrl3')]).toEqual([200, 429]);
  });

  it('failover() prefers the preferred leader', async () => {
    const c = await start({
      controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3', preferredLeader: true }],
      leader: 'ctrl1',
      electionTimeoutMs: null,
    });
    await c.kill('ctrl1');
    c.failover();
    expect(c.leaderId()).toBe('ctrl3');
    expect(await namedLeader(c, 'ctrl2')).toBe('ctrl3');
  });

  it('without a majority (2 of 3 down) failover() finds no leader and every replica stays frozen', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null, leaderLeaseTimeoutMs: null });
    await c.kill('ctrl2');
    await c.kill('ctrl3');
    const frozen = await replica(c, 'ctrl1');
    expect(frozen.get('ctrl2')?.isOnline).toBe(false); // written while ctrl1 still had ctrl3
    expect(frozen.get('ctrl3')?.isOnline).toBe(true); // never committed: no majority left
    expect(await raftStatus(c, 'ctrl1')).toBe(200); // lease never runs out here: a stale claim
    c.failover();
    expect(c.leaderId()).toBeNull();
    expect(await raftStatus(c, 'ctrl1')).toBe(429);
    expect(await replica(c, 'ctrl1')).toEqual(frozen);

    await c.restart('ctrl2');
    expect(c.leaderId()).toBeNull(); // no timed elections in this scenario
    c.failover();
    expect(c.leaderId()).toBe('ctrl1');
    expect(await onlineIn(c, 'ctrl2', 'ctrl3')).toBe(false);
  });

  it('a hung leader resumed before any election simply leads again', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    c.hang('ctrl1');
    expect(c.leaderId()).toBeNull();
    expect(await namedLeader(c, 'ctrl2')).toBe('ctrl1');
    const back = leaderWhere(c, (l) => l === 'ctrl1');
    c.resume('ctrl1');
    expect(await back).toBe('ctrl1');
  });

  it('a partitioned leader keeps claiming (raft 200) while a new leader is elected: two claimants', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null, leaderLeaseTimeoutMs: null });
    c.partition('ctrl1');
    c.failover();
    expect(c.leaderId()).toBe('ctrl2');
    expect([await raftStatus(c, 'ctrl1'), await raftStatus(c, 'ctrl2'), await raftStatus(c, 'ctrl3')]).toEqual([
      200, 200, 429,
    ]);
    expect(await onlineIn(c, 'ctrl2', 'ctrl1')).toBe(false);
    expect(await onlineIn(c, 'ctrl1', 'ctrl1')).toBe(true);
  });
});

describe('timed raft behaviour', () => {
  it('the followers elect a new leader electionTimeoutMs after the leader dies', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: 50 });
    const elected = leaderWhere(c, (l) => l !== null && l !== 'ctrl1');
    await c.kill('ctrl1');
    expect(await elected).toBe('ctrl2');
    expect(await onlineIn(c, 'ctrl3', 'ctrl1')).toBe(false);
  });

  it('a leader cut off from its quorum steps down after leaderLeaseTimeoutMs', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null, leaderLeaseTimeoutMs: 50 });
    c.partition('ctrl1');
    expect(c.leaderId()).toBeNull();
    await untilAsync(c, async () => (await raftStatus(c, 'ctrl1')) === 429);
    expect(await namedLeader(c, 'ctrl1')).toBeNull();
  });

  it('a partitioned follower gives up on its leader after electionTimeoutMs; the leader stays', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: 50 });
    c.partition('ctrl3');
    await untilAsync(c, async () => (await namedLeader(c, 'ctrl3')) === null);
    expect(c.leaderId()).toBe('ctrl1');
    c.heal();
    expect(await namedLeader(c, 'ctrl3')).toBe('ctrl1');
  });

  it('a leader that regains a majority inside its lease leads on, with no election', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: 60_000 });
    await c.kill('ctrl2');
    await c.kill('ctrl3');
    expect(c.leaderId()).toBeNull();
    await c.restart('ctrl3');
    expect(c.leaderId()).toBe('ctrl1');
    expect(await onlineIn(c, 'ctrl3', 'ctrl2')).toBe(false);
    expect(await onlineIn(c, 'ctrl3', 'ctrl3')).toBe(true);
  });

  it('once a majority is possible again, an election follows electionTimeoutMs later', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: 50, leaderLeaseTimeoutMs: 0 });
    await c.kill('ctrl2');
    await c.kill('ctrl3');
    await untilAsync(c, async () => (await raftStatus(c, 'ctrl1')) === 429); // stepped down
    await c.restart('ctrl3');
    expect(c.leaderId()).toBeNull();
    expect(await leaderWhere(c, (l) => l !== null)).toBe('ctrl1');
    expect(await onlineIn(c, 'ctrl3', 'ctrl2')).toBe(false);
  });
});

describe('split claims', () => {
  it('the split-brain scenario has two claimants, no majority behind either, and no ground-truth leader', async () => {
    const c = await start(builtinScenario('split-brain'));
    expect(c.leaderId()).toBeNull();
    expect(await raftStatus(c, 'ctrl1')).toBe(200);
    expect(await raftStatus(c, 'ctrl2')).toBe(200);
    expect(await raftStatus(c, 'ctrl3')).toBe(429);
    expect(await namedLeader(c, 'ctrl2')).toBe('ctrl2');
    expect((await members(c, 'ctrl2')).get('ctrl1')?.connected).toBe(false);
    expect(c.groundTruth().nodes.map((n) => n.member)).toEqual([true, true, true, false]);
  });
});
