// Real cluster 1/4: a healthy three-node v2.0.3 cluster, every way a user logs in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RealCluster } from './harness/cluster.js';
import { EXIT, listJson, rowOf } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

describe('a healthy real cluster', () => {
  it('zero configuration after `ziti edge login`: every member online, ctrl1 leads, exit 0', async () => {
    const { view, code, stderr } = await listJson(cluster);
    expect(stderr).toBe('');
    expect(view.cluster).toMatchObject({ verdict: 'healthy', leader: 'ctrl1', quorum: { voters: 3, needed: 2, reachable: 3, verified: true } });
    expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
    for (const id of cluster.ids) expect(rowOf(view, id)).toMatchObject({ status: 'online', reachable: true, flags: [], address: cluster.url(id) });
    expect(code).toBe(EXIT.healthy);
  });
});
