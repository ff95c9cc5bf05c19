// Injected faults: hung nodes, response faults, latency, scenario faults, and prompt close().
import { once } from 'node:events';
import { afterAll, describe, expect, it } from '@jest/globals';
import { clusterMemberListSchema } from '../../src/schemas/cluster-members.js';
import { startCluster } from '../../src/sim/index.js';
import { useSimCluster } from '../helpers/sim-cluster.js';
import type { ApiErrorBody, MembersBody } from './bodies.js';
import { agent, failureOf, get, getOk, members, onlineIn } from './helpers.js';

const start = useSimCluster();
afterAll(async () => {
  await agent.close();
});

describe('hung controllers', () => {
  it('accept the connection but never answer; the client gives up; resume answers again', async () => {
    const c = await start({ nodes: 3 });
    c.hang('ctrl2');
    const swallowed = once(c, 'hung-request');
    const failure = failureOf(get(`${c.url('ctrl2')}/health-checks`, { signal: AbortSignal.timeout(150) }));
    expect(await swallowed).toEqual(['ctrl2']); // the request reached the node
    expect(await failure).not.toBe('ECONNREFUSED');
    expect(await failure).toMatch(/Abort|Timeout/);
    c.resume('ctrl2');
    expect((await get(`${c.url('ctrl2')}/health-checks`)).status).toBe(200);
  });

  it('answer a request parked while hung once resumed, with the state at that moment', async () => {
    const c = await start({ nodes: 3 });
    c.hang('ctrl2');
    const swallowed = once(c, 'hung-request');
    const pending = get<MembersBody>(`${c.url('ctrl2')}/fabric/v1/cluster/list-members`);
    await swallowed;
    c.resume('ctrl2');
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(reply.body.data.find((m: { id: string }) => m.id === 'ctrl1')).toMatchObject({
      leader: true,
      connected: true,
    });
  });

  it('close() with a hung request open finishes promptly and drops the socket', async () => {
    const c = await startCluster({ nodes: 3 });
    c.hang('ctrl3');
    const swallowed = once(c, 'hung-request');
    const pending = failureOf(get(`${c.url('ctrl3')}/edge/management/v1/controllers`));
    await swallowed;
    const started = performance.now();
    await c.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toMatch(/SOCKET|ECONNRESET/);
    await c.close(); // idempotent
  });
});

describe('response faults', () => {
  it('a status answers that status with the real error envelope; 429 carries Retry-After', async () => {
    const c = await start({ nodes: 3 });
    c.setResponseFault('ctrl1', 'controllers', 500);
    c.setResponseFault('ctrl2', 'list-members', 429);
    const unhandled = await get<ApiErrorBody>(`${c.url('ctrl1')}/edge/management/v1/controllers`);
    expect([unhandled.status, unhandled.body.error.code]).toEqual([500, 'UNHANDLED']);
    expect((await get(`${c.url('ctrl1')}/edge/management/v1/version`)).status).toBe(200); // other endpoints unaffected
    const limited = await get<ApiErrorBody>(`${c.url('ctrl2')}/fabric/v1/cluster/list-members`);
    expect([limited.status, limited.body.error.code, limited.headers['retry-after']]).toEqual([
      429,
      'RATE_LIMITED',
      '1',
    ]);
    c.setResponseFault('ctrl1', 'controllers', null);
    expect((await get(`${c.url('ctrl1')}/edge/management/v1/controllers`)).status).toBe(200);
  });

  it('503 says CLUSTER_NO_LEADER on a node that believes in no leader', async () => {
    const c = await start({ nodes: 3, electionTimeoutMs: null });
    c.setResponseFault('ctrl2', '*', 503);
    expect((await get<ApiErrorBody>(`${c.url('ctrl2')}/health-checks`)).body.error.code).toBe('SERVICE_UNAVAILABLE');
    await c.kill('ctrl1');
    await c.kill('ctrl3');
    c.failover();
    expect((await get<ApiErrorBody>(`${c.url('ctrl2')}/health-checks`)).body.error.code).toBe('CLUSTER_NO_LEADER');
  });

  it(
    "'invalid-json' answers 200 with a body that is not JSON; " + "'wrong-shape' valid JSON of the wrong shape",
    async () => {
      const c = await start({ nodes: 3 });
      c.setResponseFault('ctrl1', '*', 'invalid-json');
      c.setResponseFault('ctrl1', 'version', 'wrong-shape'); // an endpoint's own fault wins over '*'
      const broken = await get(`${c.url('ctrl1')}/fabric/v1/cluster/list-members`);
      expect(broken.status).toBe(200);
      expect(() => JSON.parse(broken.text)).toThrow();
      const shaped = await get(`${c.url('ctrl1')}/edge/management/v1/version`);
      expect([shaped.status, shaped.body]).toEqual([200, { data: 'nope' }]);
      c.setResponseFault('ctrl2', 'list-members', 'wrong-shape');
      expect(
        clusterMemberListSchema.safeParse((await get(`${c.url('ctrl2')}/fabric/v1/cluster/list-members`)).body).success,
      ).toBe(false);
    },
  );

  it('latency delays every answer by latency ± jitter', async () => {
    const c = await start({ nodes: 3 });
    c.setLatency('ctrl2', 120, 20);
    const started = performance.now();
    await getOk(`${c.url('ctrl2')}/health-checks`);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(1000);
  });

  it('unknown paths are 404 and writes are 405, both with the envelope', async () => {
    const c = await start({ nodes: 1 });
    const missing = await get<ApiErrorBody>(`${c.url('ctrl1')}/fabric/v1/controllers`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const write = await get(`${c.url('ctrl1')}/edge/management/v1/controllers`, { method: 'POST' });
    expect(write.status).toBe(405);
  });
});

describe('scenario faults', () => {
  it('are applied after the steps', async () => {
    const c = await start({
      name: 'faulty',
      controllers: [
        { id: 'ctrl1', preferredLeader: true },
        { id: 'ctrl2', faults: { down: true } },
        { id: 'ctrl3', faults: { partitionedFrom: ['ctrl1'], responses: { 'list-members': 403 } } },
        { id: 'ctrl4', faults: { hung: true } },
        { id: 'ctrl5', faults: { lagging: true, claimsLeadership: true, latencyMs: 30 } },
        { id: 'ctrl6' },
        { id: 'ctrl7' }, // 7 voters: ctrl1 still reaches a majority (1, 5, 6, 7)
      ],
      closeUnresponsiveTimeoutMs: null,
      steps: [
        { action: 'kill', node: 'ctrl3' },
        { action: 'restart', node: 'ctrl3' },
      ],
    });
    const truth = Object.fromEntries(c.groundTruth().nodes.map((n) => [n.id, n]));
    expect(c.leaderId()).toBe('ctrl1');
    expect([truth.ctrl2?.state, truth.ctrl4?.state]).toEqual(['down', 'hung']);
    expect(truth.ctrl3?.reachableByLeader).toBe(false);
    expect(truth.ctrl4?.reachableByLeader).toBe(true); // hung, channel never closed (null timeout)
    expect(await failureOf(get(`${c.url('ctrl2')}/health-checks`))).toBe('ECONNREFUSED');
    expect((await get(`${c.url('ctrl3')}/fabric/v1/cluster/list-members`)).status).toBe(403);
    expect(await onlineIn(c, 'ctrl1', 'ctrl3')).toBe(false);
    expect(await onlineIn(c, 'ctrl5', 'ctrl2')).toBe(true); // lagging: never applied the kill
    expect((await get(`${c.url('ctrl5')}/health-checks/controller/raft`)).status).toBe(200); // claims leadership
    expect((await members(c, 'ctrl5')).get('ctrl5')?.leader).toBe(true);
  });
});
