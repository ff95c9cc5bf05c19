// Real cluster 3/4: members killed, hung and restarted, followers and leaders, on one cluster that
// every case hands back healthy. Each instant is also asked of the real `ziti` CLI (comparison.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RealCluster } from './harness/cluster.js';
import { observe, type Truth } from './harness/comparison.js';
import { waitFor } from './harness/wait.js';
import { EXIT, listJson, rowOf, watchViews, type ListResult } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

/** Ask through `via`: its URL as the seed (discovery finds the rest), the stored login for it. */
const through = (via: string, extra: string[] = []) => ['-c', cluster.url(via), '-i', 'default', ...extra];
const truthWith = (changes: Truth): Truth => ({
  ...Object.fromEntries(cluster.ids.map((id) => [id, 'up' as const])),
  ...changes,
});

async function healthyAgain(via = 'ctrl1'): Promise<ListResult> {
  const result = await waitFor(
    'the cluster is healthy again',
    90_000,
    () => listJson(cluster, through(via)),
    (r) => r.view.cluster.verdict === 'healthy',
    500,
  );
  for (const row of result.view.controllers)
    expect(row).toMatchObject({ status: 'online', reachable: true, flags: [] });
  return result;
}

async function currentLeader(): Promise<string> {
  const { view } = await healthyAgain();
  return view.cluster.leader!;
}

function expectOffline(result: ListResult, id: string, flag = 'unreachable') {
  const row = rowOf(result.view, id);
  expect(row.status).toBe('offline');
  expect(row.reachable).toBe(false);
  expect(row.flags.map((f) => f.code)).toContain(flag);
}

function expectOthersOnline(result: ListResult, down: string) {
  for (const id of cluster.ids.filter((i) => i !== down))
    expect(rowOf(result.view, id)).toMatchObject({ status: 'online', reachable: true });
}

describe('a follower', () => {
  it('killed (SIGKILL): offline and unreachable at once, degraded, exit 1; restarted: healthy again', async () => {
    const leader = await currentLeader();
    const follower = cluster.ids.find((id) => id !== leader)!;
    await cluster.kill(follower);
    const down = await observe(
      cluster,
      {
        case: '3. follower killed',
        instant: 'just after SIGKILL',
        truth: truthWith({ [follower]: 'killed' }),
        askedVia: leader,
      },
      through(leader),
    );
    expectOffline(down, follower);
    expectOthersOnline(down, follower);
    expect(down.view.cluster).toMatchObject({ verdict: 'degraded', leader, quorum: { voters: 3, reachable: 2 } });
    expect(down.code).toBe(EXIT.degraded);

    await cluster.restart(follower);
    const back = await healthyAgain(leader);
    await observe(
      cluster,
      { case: '6. member restarted', instant: 'after `ziti controller run`', truth: truthWith({}), askedVia: leader },
      through(leader),
    );
    expect(back.code).toBe(EXIT.healthy);
  });

  it(
    'hung (SIGSTOP), --timeout 1s: offline within deadline + 1 s (the TLS handshake never completes); ' +
      'SIGCONT: healthy again',
    async () => {
      const leader = await currentLeader();
      const follower = cluster.ids.find((id) => id !== leader)!;
      cluster.hang(follower);
      try {
        const hung = await observe(
          cluster,
          {
            case: '3. follower hung',
            instant: 'just after SIGSTOP, --timeout 1s',
            truth: truthWith({ [follower]: 'hung' }),
            askedVia: leader,
          },
          through(leader, ['--timeout', '1s']),
        );
        expect(hung.elapsedMs).toBeLessThan(2000);
        expectOffline(hung, follower);
        expect(rowOf(hung.view, follower).error).toMatch(/within the 1000 ms deadline/);
        expectOthersOnline(hung, follower);
        expect(hung.view.cluster).toMatchObject({ verdict: 'degraded', leader });
        expect(hung.code).toBe(EXIT.degraded);
      } finally {
        cluster.resume(follower);
      }
      expect((await healthyAgain(leader)).code).toBe(EXIT.healthy);
    },
  );

  it(
    'hung under --watch 1s --timeout 1s: every poll ends within its deadline, ' +
      'views keep coming about once a second',
    async () => {
      const leader = await currentLeader();
      const follower = cluster.ids.find((id) => id !== leader)!;
      cluster.hang(follower);
      let watched: Awaited<ReturnType<typeof watchViews>>;
      try {
        watched = await watchViews(cluster, ['1s', '--timeout', '1s', ...through(leader)], 5);
      } finally {
        cluster.resume(follower);
      }
      const gaps = watched.receivedAtMs.slice(1).map((at, i) => at - watched.receivedAtMs[i]!);
      // Polls bounded by their 1 s deadline keep the 1 s rhythm (within 0.3 s); undici's 10 s connect timeout
      // would not.
      for (const gap of gaps) expect(gap).toBeLessThan(1300);
      // Never online while hung. Until its first poll (started about when the seed's replica named it)
      // reaches its deadline it has not answered yet (unknown, or slow); from the third view on it is offline.
      for (const view of watched.views.slice(1)) {
        expect(rowOf(view, follower).status).not.toBe('online');
        expect(rowOf(view, follower).reachable).toBe(false);
        expect(view.cluster.leader).toBe(leader);
      }
      for (const view of watched.views.slice(2)) expect(rowOf(view, follower).status).toBe('offline');
      expect(watched.code).toBe(143); // ended by SIGTERM, as the README says
      await healthyAgain(leader);
    },
  );
});

describe('the leader', () => {
  it(
    'killed, asked of a follower: offline before the re-election (replicas still say online) ' +
      'and after it (new leader named)',
    async () => {
      const leader = await currentLeader();
      const [follower, other] = cluster.ids.filter((id) => id !== leader) as [string, string];
      await cluster.kill(leader);
      const truth = truthWith({ [leader]: 'killed' });
      const before = await observe(
        cluster,
        { case: '4. leader killed', instant: 'before re-election, asked of a follower', truth, askedVia: follower },
        through(follower),
      );
      expectOffline(before, leader);
      expectOthersOnline(before, leader);
      expect(before.view.cluster.verdict).not.toBe('healthy');
      expect(before.code).not.toBe(EXIT.healthy);

      const elected = await waitFor(
        'the followers elect a new leader',
        60_000,
        () => cluster.leaderSeenBy(follower),
        (id) => id === follower || id === other,
        250,
      );
      const after = await waitFor(
        'ziti-status names the new leader',
        30_000,
        () => listJson(cluster, through(follower)),
        (r) => r.view.cluster.leader === elected,
        250,
      );
      await observe(
        cluster,
        { case: '4. leader killed', instant: 'after re-election, asked of a follower', truth, askedVia: follower },
        through(follower),
      );
      expectOffline(after, leader);
      expectOthersOnline(after, leader);
      expect(after.view.cluster.verdict).toBe('degraded');
      expect(after.code).toBe(EXIT.degraded);

      await cluster.restart(leader);
      await healthyAgain(follower);
    },
  );

  it('hung (SIGSTOP): offline before the others give up on it and after they elect another', async () => {
    const leader = await currentLeader();
    const [follower, other] = cluster.ids.filter((id) => id !== leader) as [string, string];
    cluster.hang(leader);
    try {
      const truth = truthWith({ [leader]: 'hung' });
      const before = await observe(
        cluster,
        { case: '5. leader hung', instant: 'just after SIGSTOP, --timeout 1s', truth, askedVia: follower },
        through(follower, ['--timeout', '1s']),
      );
      expect(before.elapsedMs).toBeLessThan(2000);
      expectOffline(before, leader);
      expectOthersOnline(before, leader);
      expect(before.view.cluster.verdict).not.toBe('healthy');

      const elected = await waitFor(
        'the followers elect a new leader',
        60_000,
        () => cluster.leaderSeenBy(follower),
        (id) => id === follower || id === other,
        250,
      );
      const after = await waitFor(
        'ziti-status names the new leader',
        30_000,
        () => listJson(cluster, through(follower, ['--timeout', '1s'])),
        (r) => r.view.cluster.leader === elected,
        250,
      );
      await observe(
        cluster,
        { case: '5. leader hung', instant: 'after the others elect another', truth, askedVia: follower },
        through(follower, ['--timeout', '1s']),
      );
      expectOffline(after, leader);
      expectOthersOnline(after, leader);
      expect(after.view.cluster.verdict).toBe('degraded');
      expect(after.code).toBe(EXIT.degraded);
    } finally {
      cluster.resume(leader);
    }
    await healthyAgain(follower);
  });
});
