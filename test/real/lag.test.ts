// Real cluster: replica lag by raft index. A follower is stopped (SIGSTOP) while the leader takes a
// few hundred writes (configs created and deleted with the real `ziti` CLI), then resumed: while it
// is stopped its index is unknown (it answers nothing), once it answers again it is `lagging`, and
// its lag shrinks to 0 as it catches up. Read from a watch (every 250 ms), so the view taken as it
// wakes is seen; bounded by a number of views, never a fixed sleep.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClusterView, ControllerRow } from '../../src/model.js';
import { RealCluster } from './harness/cluster.js';
import { waitUntil } from './harness/wait.js';
import { listJson, rowOf } from './harness/ziti-status.js';

const BIN = fileURLToPath(new URL('../../bin/ziti-status.cjs', import.meta.url));
const CONFIGS = 200;
const BATCH = 10;
const SPEC = '{"protocols":["tcp"],"addresses":["lag.example"],"portRanges":[{"low":443,"high":443}]}';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
  await waitUntil('ctrl1 leads', 30_000, async () => (await cluster.leaderSeenBy('ctrl1')) === 'ctrl1');
});
afterAll(async () => {
  await cluster?.close();
});

const through = (extra: string[] = []) => ['-c', cluster.url('ctrl1'), '-i', 'default', ...extra];

/** Runs `ziti` and fails with its words when it fails. */
async function ziti(args: string[]): Promise<string> {
  const result = await cluster.ziti(args, { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`ziti ${args.join(' ')}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** CONFIGS configs created, BATCH at a time, then all deleted: about 2 x CONFIGS raft entries. */
async function writeEntries(): Promise<void> {
  const names = Array.from({ length: CONFIGS }, (_, i) => `lag-${i}`);
  for (let i = 0; i < names.length; i += BATCH)
    await Promise.all(
      names.slice(i, i + BATCH).map((n) => ziti(['edge', 'create', 'config', n, 'intercept.v1', SPEC])),
    );
  const left = async () =>
    (
      JSON.parse(await ziti(['edge', 'list', 'configs', 'name contains "lag-" limit 1', '-j'])) as {
        meta: { pagination: { totalCount: number } };
      }
    ).meta.pagination.totalCount;
  // `delete ... where` deletes what one listing returns: repeat until none is left (bounded).
  for (let round = 0; (await left()) > 0; round++) {
    if (round === 20) throw new Error('configs still left after 20 rounds of delete where');
    await ziti(['edge', 'delete', 'configs', 'where', 'name contains "lag-"']);
  }
}

/**
 * `list controllers --watch 250ms` piped (one JSON view a line): `onView` hears each view and says
 * when to stop; at most `maxViews` are read. The watch is ended by its PID (SIGTERM, SIGKILL past 60 s).
 */
function watch(
  onView: (view: ClusterView, index: number) => boolean,
  maxViews: number,
): Promise<{ views: ClusterView[]; stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'list', 'controllers', '--watch', '250ms', ...through(['--timeout', '1s'])],
      {
        env: cluster.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const views: ClusterView[] = [];
    let stopped = false;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (stopped || views.length === maxViews) continue;
        const view = JSON.parse(line) as ClusterView;
        views.push(view);
        if (onView(view, views.length - 1)) stopped = true;
        if (stopped || views.length === maxViews) child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (views.length === 0) reject(new Error(`watch printed no view (exit ${code}): ${stderr}`));
      else resolve({ views, stopped });
    });
  });
}

const lagging = (row: ControllerRow) => row.flags.find((f) => f.code === 'lagging');

describe('replica lag by raft index on a real cluster', () => {
  it('a follower stopped while the leader takes writes is unknown, then lagging once it answers, then caught up', async () => {
    // Healthy: every controller reports its own index, all the same, nothing behind.
    const before = await listJson(cluster, through());
    expect(before.view.cluster.verdict).toBe('healthy');
    for (const id of cluster.ids)
      expect(rowOf(before.view, id)).toMatchObject({ raftIndex: expect.any(Number), lagEntries: 0 });
    const start = rowOf(before.view, 'ctrl1').raftIndex!;

    cluster.hang('ctrl3');
    await writeEntries();

    // Stopped: it answers nothing, so its index and lag are unknown, and no `lagging` claims a fact.
    const hung = await listJson(cluster, through(['--timeout', '1s']));
    const leaderIndex = rowOf(hung.view, 'ctrl1').raftIndex!;
    expect(leaderIndex).toBeGreaterThan(start + CONFIGS);
    // ctrl2 follows; asked at another instant than the leader, it may be an entry or two apart.
    expect(rowOf(hung.view, 'ctrl2').lagEntries).toBeLessThanOrEqual(100);
    expect(lagging(rowOf(hung.view, 'ctrl2'))).toBeUndefined();
    const stopped = rowOf(hung.view, 'ctrl3');
    expect(stopped).toMatchObject({ reachable: false, raftIndex: null, lagEntries: null });
    expect(lagging(stopped)).toBeUndefined();

    // Resumed while a watch polls: the view taken as it wakes shows it behind, later ones its lag
    // shrinking to 0. 240 views of 250 ms: a minute at most.
    const lags: number[] = [];
    const flagged: ControllerRow[] = [];
    const { stopped: caughtUp, views } = await watch((view, index) => {
      if (index === 0) cluster.resume('ctrl3');
      const row = view.controllers.find((r) => r.id === 'ctrl3');
      if (index === 0 || row?.lagEntries == null) return false;
      lags.push(row.lagEntries);
      if (lagging(row)) flagged.push(row);
      return row.lagEntries === 0;
    }, 240);
    console.log(`ctrl3's lag after SIGCONT, one value per 250 ms view: ${lags.join(', ')} (${views.length} views)`);
    expect(caughtUp).toBe(true);
    expect(lags[0]).toBeGreaterThan(100);
    expect(flagged[0]!.flags.find((f) => f.code === 'lagging')!.message).toMatch(
      /^its applied raft index \d+ is \d+ entries behind the leader ctrl1's \d+ \(more than --max-lag 100\)$/,
    );
    // It only catches up. The leader takes no writes of ours now; it may write a couple of entries of
    // its own (ctrl3 online again, if the stop outlasted the 30 s after which its mesh drops it).
    for (let i = 1; i < lags.length; i++) expect(lags[i]).toBeLessThanOrEqual(lags[i - 1]! + 3);
    expect(lags.at(-1)).toBe(0);

    const after = await listJson(cluster, through());
    expect(after.view.cluster.verdict).toBe('healthy');
    expect(rowOf(after.view, 'ctrl3')).toMatchObject({ lagEntries: 0, flags: [] });
    expect(rowOf(after.view, 'ctrl3').raftIndex).toBeGreaterThanOrEqual(leaderIndex);
  });
});
