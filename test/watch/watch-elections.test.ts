// Leader changes in watch mode and serve, against the simulator: two hand-overs are two elections,
// a third within 10 minutes is leader-flap with --max-elections 2; the live screen names them and
// serve counts them in ziti_status_cluster_leader_elections_total.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli.js';
import type { AuditEvent } from '../../src/audit-event.js';
import type { ClusterView } from '../../src/model.js';
import type { SimCluster } from '../../src/sim/index.js';
import { makeIo } from '../helpers/cli.js';
import { loadCommands } from '../helpers/load-commands.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });

/** `list controllers --watch ...` in-process; `until` sees every stdout line so far and says when to stop. */
async function watch(args: string[], until: (lines: string[]) => boolean, tty = false) {
  let stop: (s: NodeJS.Signals) => void = () => {};
  let lines: string[] = [];
  const { io, stdout } = makeIo({
    tty,
    onStdout: (text) => {
      lines = text.split('\n').filter(Boolean);
      if (until(lines)) stop('SIGINT');
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  const code = await main(['list', 'controllers', '--watch', ...args], io, loadCommands);
  return { code, lines, stdout: stdout() };
}

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as AuditEvent);
const elections = (events: AuditEvent[]) => events.filter((e) => e.kind === 'election');

describe('leader elections in watch mode', () => {
  it('--events: two transfers are two elections, the third leader-flap with --max-elections 2, degraded', async () => {
    const c = await start({ nodes: 3 });
    let transfers = 0;
    const transferAfter = (events: AuditEvent[]) => {
      // One transfer once the first view is out, and one after each election seen, three in all.
      const due = events.some((e) => e.kind === 'verdict') ? 1 + elections(events).length : 0;
      if (transfers < Math.min(due, 3)) {
        transfers++;
        c.transferLeadership();
      }
    };
    const { code, lines } = await watch(['300ms', '--events', '--max-elections', '2', '-c', c.url('ctrl1')], (ls) => {
      const events = parsed(ls);
      transferAfter(events);
      return events.some((e) => e.kind === 'flag-raised' && e.flag === 'leader-flap');
    });
    expect(code).toBe(130);
    const events = parsed(lines);
    expect(elections(events).map((e) => [e.before, e.after])).toEqual([
      ['ctrl1', 'ctrl2'],
      ['ctrl2', 'ctrl3'],
      ['ctrl3', 'ctrl1'],
    ]);
    expect(elections(events)[1]!.evidence).toBe(
      'leader change 2 since the watch began; 2 within 10 minutes (leader-flap above 2, --max-elections)',
    );
    // Raised in the view of the third election, not before, on the new leader's row, and it degrades.
    const flap = events.findIndex((e) => e.kind === 'flag-raised' && e.flag === 'leader-flap');
    const third = events.indexOf(elections(events)[2]!);
    expect(events.slice(0, third).some((e) => e.kind === 'flag-raised' && e.flag === 'leader-flap')).toBe(false);
    expect(events[flap]).toMatchObject({ time: events[third]!.time, controller: 'ctrl1' });
    expect(events[flap]!.evidence).toMatch(/^3 leader changes within 10 minutes, more than --max-elections 2: /);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'verdict', before: 'healthy', after: 'degraded', time: events[third]!.time }),
    );
  });

  it('JSON views: a flapping scenario counts each change it sees in cluster.elections until leader-flap', async () => {
    const c = await start({ nodes: 3, leaderTransferEveryMs: 700 });
    const views = (ls: string[]) => ls.map((l) => JSON.parse(l) as ClusterView);
    const flagged = (v: ClusterView) => v.controllers.some((r) => r.flags.some((f) => f.code === 'leader-flap'));
    const { lines } = await watch(['250ms', '-c', c.url('ctrl1')], (ls) => flagged(views(ls).at(-1)!));
    const all = views(lines);
    const first = all.findIndex(flagged);
    expect(all[0]!.cluster.elections).toEqual({ changes: 0, windowMs: 600_000, max: 2, total: 0, last: null });
    expect(all[first - 1]!.cluster.elections).toMatchObject({ changes: 2, total: 2 });
    expect(all[first]!.cluster.elections).toMatchObject({ changes: 3, total: 3 });
    const leader = all[first]!.cluster.leader;
    const flappedRows = all[first]!.controllers.filter((r) => r.flags.some((f) => f.code === 'leader-flap'));
    expect(flappedRows.map((r) => r.id)).toEqual([leader]);
    expect(all[first]!.cluster.verdict).toBe('degraded');
  });

  it('the live screen names the changes under its header once there is one', async () => {
    const c = await start({ nodes: 3 });
    let frames = 0;
    const { stdout } = await watch(
      ['300ms', '-c', c.url('ctrl1')],
      (ls) => {
        const text = ls.join('\n');
        const now = (text.match(/ziti-status: watching/g) ?? []).length;
        // Once, after the first frame: the next frames see ctrl3 lead.
        if (frames === 0 && now === 1) c.transferLeadership('ctrl3');
        frames = now;
        return /leader changes: 1 within 10m/.test(text);
      },
      true,
    );
    const before = stdout.slice(0, stdout.indexOf('leader changes:'));
    expect((before.match(/ziti-status: watching/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/leader changes: 1 within 10m \(leader-flap above 2\); last ctrl1 -> ctrl3 just now\n/);
  });
});

describe('serve', () => {
  const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

  it('counts leader changes in ziti_status_cluster_leader_elections_total, a promtool-clean counter', async () => {
    const c = await start({ nodes: 3 });
    const s = await serve(c);
    const counter = async () => {
      const text = await (await fetch(`${s.base}/metrics`)).text();
      return {
        text,
        value: /^ziti_status_cluster_leader_elections_total\{cluster="default"\} (\d+)$/m.exec(text)?.[1],
      };
    };
    // Each ask is a real request: the counter appears with the first view, then moves with the transfer.
    let seen = await counter();
    for (let i = 0; i < 5000 && seen.value === undefined; i++) seen = await counter();
    expect(seen.value).toBe('0');
    expect(seen.text).toContain('# TYPE ziti_status_cluster_leader_elections_total counter');
    c.transferLeadership();
    for (let i = 0; i < 5000 && seen.value === '0'; i++) seen = await counter();
    expect(seen.value).toBe('1');
    if (hasPromtool)
      expect(spawnSync('promtool', ['check', 'metrics'], { input: seen.text, encoding: 'utf8' }).status).toBe(0);
    expect(await s.stop()).toBe(0);
  });
});

/** serve in-process on a free port; resolves once it listens. */
async function serve(c: SimCluster) {
  let stop: (s: NodeJS.Signals) => void = () => {};
  let listening: (url: string) => void = () => {};
  const base = new Promise<string>((resolve) => (listening = resolve));
  const { io } = makeIo({
    onStdout: (text) => {
      const match = /serving (http:\/\/[^/]+)\/metrics/.exec(text);
      if (match) listening(match[1]!);
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  const done = main(['serve', '--listen', '127.0.0.1:0', '--interval', '300ms', c.url('ctrl1')], io, loadCommands);
  const stopServe = () => {
    stop('SIGTERM');
    return done;
  };
  return { base: await base, stop: stopServe };
}
