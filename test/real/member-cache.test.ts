// Real cluster: the member cache (src/run/member-cache.ts) on real v2.0.3 replicas. A repeat run
// asks last run's members at once; what it shows must be exactly what a first run shows, also
// once a cached member was removed from the cluster (and still runs, serving its stale replica).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterView } from '../../src/model.js';
import { RealCluster } from './harness/cluster.js';
import { getJson, storedAccessToken } from './harness/rest.js';
import { waitFor } from './harness/wait.js';
import { EXIT, listJson } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

const cacheDir = () => join(cluster.env.XDG_CACHE_HOME!, 'ziti-status');
const cacheFile = () => join(cacheDir(), 'members-v1.json');
const cachedMembers = (): string[] =>
  Object.values(
    JSON.parse(readFileSync(cacheFile(), 'utf8')).clusters as Record<string, { members: string[] }>,
  ).flatMap((e) => e.members);
const rows = (view: ClusterView) =>
  view.controllers.map((r) => [r.id, r.status, r.address, r.flags.map((f) => f.code)]);

/** A first run (cache emptied), then a repeat run with the cache the first one left. */
async function firstAndRepeat() {
  rmSync(cacheDir(), { recursive: true, force: true });
  const first = await listJson(cluster);
  const repeat = await listJson(cluster);
  return { first, repeat };
}

describe('the member cache on a real cluster', () => {
  it('a repeat run shows what a first run shows; the cache holds the origins the replicas publish', async () => {
    const { first, repeat } = await firstAndRepeat();
    expect(first.view.cluster.verdict).toBe('healthy');
    expect(rows(repeat.view)).toEqual(rows(first.view));
    expect(repeat.view.cluster).toMatchObject({ verdict: first.view.cluster.verdict, notes: first.view.cluster.notes });
    expect(repeat.stderr).toBe('');
    expect(repeat.code).toBe(EXIT.healthy);
    expect(cachedMembers().sort()).toEqual(cluster.ids.map((id) => cluster.url(id)).sort());
  });

  it(
    'a cached member removed since (still running, its stale replica intact) is what a first run makes of it, ' +
      'and leaves the cache',
    async () => {
      // Written by a run that saw three members.
      const withCtrl3 = readFileSync(cacheFile(), 'utf8');
      expect(withCtrl3).toContain(cluster.url('ctrl3'));
      const removed = await cluster.ziti([
        'agent',
        'cluster',
        'remove',
        '--pid',
        String(cluster.pid('ctrl1')),
        'ctrl3',
      ]);
      expect(removed.code).toBe(0);
      // Every remaining member's table drops the row within about 2 s; ctrl3's own keeps it.
      for (const id of ['ctrl1', 'ctrl2'])
        await waitFor(
          `${id} drops ctrl3 from its controllers table`,
          30_000,
          () =>
            getJson<{ data: { id: string }[] }>(
              cluster.url(id),
              '/edge/management/v1/controllers',
              cluster.caFile,
              storedAccessToken(cluster.env),
            ),
          (b) => !b.data.some((r) => r.id === 'ctrl3'),
          250,
        );
      rmSync(cacheDir(), { recursive: true, force: true });
      const first = await listJson(cluster);
      writeFileSync(cacheFile(), withCtrl3);
      const repeat = await listJson(cluster);
      expect(rows(repeat.view)).toEqual(rows(first.view));
      // As docs/design.md section 3 rule 1 says of a member removed while it runs.
      expect(rows(repeat.view).find(([id]) => id === 'ctrl3')).toEqual(['ctrl3', 'unknown', null, ['former-member']]);
      expect(repeat.view.cluster).toMatchObject({
        verdict: first.view.cluster.verdict,
        quorum: first.view.cluster.quorum,
        notes: first.view.cluster.notes,
      });
      expect(repeat.code).toBe(first.code);
      expect(cachedMembers()).not.toContain(cluster.url('ctrl3'));
    },
  );
});
