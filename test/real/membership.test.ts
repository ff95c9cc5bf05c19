// Real cluster 4/4: a non-voting member, and a member removed from the cluster. Four members:
// ctrl1-ctrl3 vote, ctrl4 joined with --non-voting.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RealCluster } from './harness/cluster.js';
import { observe, type Truth } from './harness/comparison.js';
import { getJson, storedAccessToken } from './harness/rest.js';
import { waitFor } from './harness/wait.js';
import { EXIT, listJson, rowOf } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 4, nonVoting: ['ctrl4'] });
});
afterAll(async () => {
  await cluster?.close();
});

const allUp = (): Truth => Object.fromEntries(cluster.ids.map((id) => [id, 'up' as const]));
const healthy = () =>
  waitFor(
    'the cluster is healthy',
    90_000,
    () => listJson(cluster),
    (r) => r.view.cluster.verdict === 'healthy',
    500,
  );

describe('a non-voting member', () => {
  it('is shown as a non-voter and left out of the quorum', async () => {
    const { view, code } = await observe(cluster, {
      case: '7. non-voting member',
      instant: 'all four serving',
      truth: allUp(),
      askedVia: 'ctrl1',
    });
    expect(view.cluster).toMatchObject({
      verdict: 'healthy',
      quorum: { voters: 3, needed: 2, reachable: 3, verified: true },
    });
    expect(rowOf(view, 'ctrl4')).toMatchObject({ status: 'online', voter: false, flags: [] });
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(rowOf(view, id).voter).toBe(true);
    expect(code).toBe(EXIT.healthy);
  });

  it('killed: offline and degraded, never critical; restarted: healthy again', async () => {
    await cluster.kill('ctrl4');
    const down = await observe(cluster, {
      case: '7. non-voting member',
      instant: 'ctrl4 killed',
      truth: { ...allUp(), ctrl4: 'killed' },
      askedVia: 'ctrl1',
    });
    expect(rowOf(down.view, 'ctrl4')).toMatchObject({ status: 'offline', reachable: false });
    expect(down.view.cluster).toMatchObject({ verdict: 'degraded', quorum: { voters: 3, reachable: 3 } });
    expect(down.code).toBe(EXIT.degraded);
    await cluster.restart('ctrl4');
    expect((await healthy()).code).toBe(EXIT.healthy);
  });
});

describe('a member removed with `ziti agent cluster remove`', () => {
  const truth = (): Truth => ({ ...allUp(), ctrl3: 'removed' });

  it(
    'still running: former-member, outside quorum and verdict (healthy, exit 0), ' +
      'even asked of its own stale replica',
    async () => {
      await healthy();
      const removed = await cluster.ziti([
        'agent',
        'cluster',
        'remove',
        '--pid',
        String(cluster.pid('ctrl1')),
        'ctrl3',
      ]);
      expect(removed.code).toBe(0);
      // The leader's replica drops the removed member's row within about 2 s.
      await waitFor(
        'the leader drops ctrl3 from its controllers table',
        30_000,
        () =>
          getJson<{ data: { id: string }[] }>(
            cluster.url('ctrl1'),
            '/edge/management/v1/controllers',
            cluster.caFile,
            storedAccessToken(cluster.env),
          ),
        (b) => !b.data.some((r) => r.id === 'ctrl3'),
        250,
      );

      for (const via of ['ctrl1', 'ctrl3']) {
        const { view, code } = await observe(
          cluster,
          {
            case: '8. member removed',
            instant: `ctrl3 removed, still running; asked of ${via}`,
            truth: truth(),
            askedVia: via,
          },
          ['-c', cluster.url(via), '-i', 'default'],
        );
        expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 2, needed: 2, reachable: 2 } });
        expect(rowOf(view, 'ctrl3').flags.map((f) => f.code)).toEqual(['former-member']);
        for (const id of ['ctrl1', 'ctrl2', 'ctrl4'])
          expect(rowOf(view, id)).toMatchObject({ status: 'online', flags: [] });
        expect(code).toBe(EXIT.healthy);
      }
    },
  );

  it('stopped as well: still outside quorum and verdict', async () => {
    await cluster.kill('ctrl3');
    const { view, code } = await observe(cluster, {
      case: '8. member removed',
      instant: 'ctrl3 removed and stopped',
      truth: { ...truth() },
      askedVia: 'ctrl1',
    });
    expect(view.cluster).toMatchObject({ verdict: 'healthy', quorum: { voters: 2, needed: 2, reachable: 2 } });
    const ctrl3 = view.controllers.find((r) => r.id === 'ctrl3');
    if (ctrl3 !== undefined) expect(ctrl3.flags.map((f) => f.code)).toEqual(['former-member']);
    expect(code).toBe(EXIT.healthy);
  });
});
