// Real cluster: `ziti agent cluster transfer-leadership` twice in a row, each seen by a running
// `list controllers --watch --events` as one election (leadership moved from one controller to
// another), and two within 10 minutes are not leader-flap under the default --max-elections 2.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AuditEvent } from '../../src/audit-event.js';
import { RealCluster } from './harness/cluster.js';
import { waitFor } from './harness/wait.js';

const BIN = fileURLToPath(new URL('../../bin/ziti-status.cjs', import.meta.url));

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

/** `list controllers --watch --events` as the cluster's user runs it, its JSON lines read as they come. */
class EventsWatch {
  private readonly child: ChildProcess;
  readonly events: AuditEvent[] = [];
  private stderr = '';
  private waiters: Array<() => void> = [];
  private readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'list', 'controllers', '--watch', ...args], {
      env: cluster.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    let buffered = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buffered += d;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        this.events.push(JSON.parse(buffered.slice(0, nl)) as AuditEvent);
        buffered = buffered.slice(nl + 1);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d));
    void this.exited.then(() => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first event after the first `skip` events that `matches`, awaited as lines arrive (bounded). */
  async next(what: string, matches: (e: AuditEvent) => boolean, skip = 0, timeoutMs = 60_000): Promise<AuditEvent> {
    const endsAt = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(skip).find(matches);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || Date.now() > endsAt)
        throw new Error(
          `no ${what} (exit ${this.child.exitCode}) after ${JSON.stringify(this.events)}: ${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, endsAt - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Ends the watch by its PID (SIGTERM: it exits 143 after closing cleanly). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.pid !== undefined) process.kill(this.child.pid, 'SIGTERM');
    const guard = setTimeout(() => this.child.pid !== undefined && process.kill(this.child.pid, 'SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(guard);
    return code;
  }
}

/** `ziti agent cluster transfer-leadership <to>`, sent over IPC to the leader's process. */
async function transfer(leader: string, to: string): Promise<void> {
  const result = await cluster.ziti([
    'agent',
    'cluster',
    'transfer-leadership',
    '--pid',
    String(cluster.pid(leader)),
    to,
  ]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
}

describe('leadership transferred with `ziti agent cluster transfer-leadership`', () => {
  it('twice in a row: two elections seen by a running --watch, each from the leader before; no leader-flap until a third', async () => {
    const watch = new EventsWatch(['1s', '--events']);
    try {
      const first = await watch.next('first leader', (e) => e.kind === 'leader' && e.after !== null);
      const start = first.kind === 'leader' ? first.after! : '';
      const [second, third] = cluster.ids.filter((id) => id !== start) as [string, string];

      await transfer(start, second);
      const one = await watch.next('first election', (e) => e.kind === 'election');
      expect(one).toMatchObject({ kind: 'election', before: start, after: second });
      await transfer(second, third);
      const seen = watch.events.indexOf(one) + 1;
      const two = await watch.next('second election', (e) => e.kind === 'election', seen);
      expect(two).toMatchObject({ kind: 'election', before: second, after: third });
      expect(two.evidence).toMatch(/^leader change 2 since the watch began; 2 within 10 minutes/);

      // The controllers agree on who leads now.
      await waitFor(
        'every controller names the new leader',
        30_000,
        async () => Promise.all(cluster.ids.map((id) => cluster.leaderSeenBy(id))),
        (names) => names.every((n) => n === third),
      );
      expect(watch.events.filter((e) => e.kind === 'election')).toHaveLength(2);
      expect(watch.events.some((e) => e.kind === 'flag-raised' && e.flag === 'leader-flap')).toBe(false);

      // A third within the 10 minutes is one more than --max-elections 2 allows: leader-flap, degraded.
      await transfer(third, start);
      const flap = await watch.next('leader-flap', (e) => e.kind === 'flag-raised' && e.flag === 'leader-flap');
      expect(flap).toMatchObject({ controller: start });
      expect(flap.evidence).toMatch(/^3 leader changes within 10 minutes, more than --max-elections 2: /);
      await watch.next('verdict degraded', (e) => e.kind === 'verdict' && e.after === 'degraded');
    } finally {
      expect(await watch.stop()).toBe(143);
    }
  });
});
