// Real cluster 2/4: five members, discovered from one URL.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RealCluster } from './harness/cluster.js';
import { observe } from './harness/comparison.js';
import { EXIT, rowOf } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 5 });
});
afterAll(async () => {
  await cluster?.close();
});

it('a five-node cluster from one follower URL: five members online, quorum 3 of 5, exit 0', async () => {
  const { view, code } = await observe(
    cluster,
    {
      case: '2. five members',
      instant: 'all five serving, asked of ctrl4',
      truth: Object.fromEntries(cluster.ids.map((id) => [id, 'up' as const])),
      askedVia: 'ctrl4',
    },
    ['-c', cluster.url('ctrl4'), '-i', 'default'],
  );
  expect(view.cluster).toMatchObject({
    verdict: 'healthy',
    leader: 'ctrl1',
    quorum: { voters: 5, needed: 3, reachable: 5, verified: true },
  });
  expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3', 'ctrl4', 'ctrl5']);
  for (const id of cluster.ids)
    expect(rowOf(view, id)).toMatchObject({ status: 'online', reachable: true, flags: [], address: cluster.url(id) });
  expect(code).toBe(EXIT.healthy);
});
