// `transferLeadership` (ziti agent cluster transfer-leadership) and a flapping scenario: what each
// node believes after a hand-over, the failures the real command has, and timed hand-overs.
import { afterAll, describe, expect, it } from '@jest/globals';
import type { SimCluster } from '../../src/sim/index.js';
import { useSimCluster } from '../helpers/sim-cluster.js';
import { agent, get, members } from './helpers.js';

const start = useSimCluster();
afterAll(async () => {
  await agent.close();
});

const raftStatus = async (c: SimCluster, id: string) =>
  (await get(`${c.url(id)}/health-checks/controller/raft`)).status;
const namedLeader = async (c: SimCluster, id: string) =>
  [...(await members(c, id)).values()].find((m) => m.leader)?.id ?? null;

describe('transferLeadership', () => {
  it('without an id: the next voter leads, every node names it, only it answers 200 on the raft check', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    const events: Array<string | null> = [];
    c.on('leader', (l: string | null) => events.push(l));
    expect(c.transferLeadership()).toBe('ctrl2');
    expect(c.transferLeadership()).toBe('ctrl3');
    expect(c.transferLeadership()).toBe('ctrl1');
    expect(events).toEqual(['ctrl2', 'ctrl3', 'ctrl1']); // straight from leader to leader, never leaderless
    expect(c.transferLeadership()).toBe('ctrl2');
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(await namedLeader(c, id)).toBe('ctrl2');
    expect([await raftStatus(c, 'ctrl1'), await raftStatus(c, 'ctrl2'), await raftStatus(c, 'ctrl3')]).toEqual([
      429, 200, 429,
    ]);
  });

  it('to a named voter; a lagging follower is passed over when none is named', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    expect(c.transferLeadership('ctrl3')).toBe('ctrl3');
    c.lag('ctrl1');
    expect(c.transferLeadership()).toBe('ctrl2');
  });

  it('fails, changing nothing, where the real command fails', async () => {
    const c = await start({
      electionTimeoutMs: null,
      controllers: [
        { id: 'ctrl1', preferredLeader: true },
        { id: 'ctrl2' },
        { id: 'ctrl3' },
        { id: 'ctrl4', voter: false },
      ],
    });
    expect(() => c.transferLeadership('ctrl9')).toThrow(/no cluster node found with id ctrl9/);
    expect(() => c.transferLeadership('ctrl4')).toThrow(/no cluster node found with id ctrl4 among the voters/);
    c.partition('ctrl1', ['ctrl3']);
    expect(() => c.transferLeadership('ctrl3')).toThrow(/ctrl1 does not reach ctrl3/);
    expect(c.leaderId()).toBe('ctrl1');
    await c.kill('ctrl1');
    expect(() => c.transferLeadership()).toThrow(/no leader/);
  });

  it('a scenario step: transferLeadership at start', async () => {
    const c = await start({ nodes: 3, steps: [{ action: 'transferLeadership', node: 'ctrl3' }] });
    expect(c.leaderId()).toBe('ctrl3');
  });

  it('leaderTransferEveryMs: every leader hands over on a timer (a flapping cluster)', async () => {
    const c = await start({ nodes: 3, leaderTransferEveryMs: 30 });
    const seen: string[] = [];
    await new Promise<void>((resolve) =>
      c.on('leader', (l: string | null) => {
        if (l !== null) seen.push(l);
        if (seen.length === 3) resolve();
      }),
    );
    expect(seen).toEqual(['ctrl2', 'ctrl3', 'ctrl1']);
    await c.close();
    // Closed: no timer left to move leadership again.
    expect(c.leaderId()).toBe('ctrl1');
  });
});
