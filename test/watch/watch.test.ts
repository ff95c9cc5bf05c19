// Watch mode in-process against the simulator: views on schedule, changes as events, slow before
// the deadline, stop on a signal with the terminal restored.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { loadCommands } from '../helpers/load-commands.js';
import type { ClusterView } from '../../src/model.js';
import { emptyDir, makeIo, runCli } from '../helpers/cli.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });

/** Runs `list controllers --watch ...` in-process; `until` sees every stdout line and says when to stop. */
async function watch(
  args: string[],
  until: (lines: string[]) => boolean,
  options: { tty?: boolean; signal?: NodeJS.Signals } = {},
) {
  let stop: (s: NodeJS.Signals) => void = () => {};
  const lines: string[] = [];
  const { io, stdout } = makeIo({
    tty: options.tty ?? false,
    onStdout: (text) => {
      lines.splice(0, lines.length, ...text.split('\n').filter(Boolean));
      if (until(lines)) stop(options.signal ?? 'SIGINT');
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  const code = await main(['list', 'controllers', '--watch', ...args], io, loadCommands);
  return { code, lines, stdout: stdout() };
}

const views = (lines: string[]) => lines.map((l) => JSON.parse(l) as ClusterView);
const rowOf = (view: ClusterView, id: string) => view.controllers.find((r) => r.id === id);

describe('watch', () => {
  it('piped: one JSON view per line; a killed follower shows offline in a later view; SIGINT exits 130', async () => {
    const c = await start({ nodes: 3 });
    let killed = false;
    const { code, lines } = await watch(['300ms', '-c', c.url('ctrl1')], (ls) => {
      const last = views(ls).at(-1)!;
      if (!killed && last.cluster.verdict === 'healthy') {
        killed = true;
        void c.kill('ctrl3');
      }
      return killed && rowOf(last, 'ctrl3')?.status === 'offline';
    });
    expect(code).toBe(130);
    expect(views(lines)[0]!.cluster.verdict).toBe('healthy');
    expect(rowOf(views(lines).at(-1)!, 'ctrl3')!.flags.map((f) => f.code)).toContain('unreachable');
  });

  it('--events prints only changes, and --audit-log records the same lines; SIGTERM exits 143', async () => {
    const c = await start({ nodes: 3 });
    const log = join(emptyDir(), 'audit.jsonl');
    let killed = false;
    const { code, lines } = await watch(
      ['300ms', '--events', '--audit-log', log, '-c', c.url('ctrl1')],
      (ls) => {
        if (!killed && ls.length >= 5) {
          killed = true;
          void c.kill('ctrl2');
        }
        return ls.some(
          (l) => l.includes('"kind":"status"') && l.includes('"controller":"ctrl2"') && l.includes('"after":"offline"'),
        );
      },
      { signal: 'SIGTERM' },
    );
    expect(code).toBe(143);
    const events = lines.map((l) => JSON.parse(l));
    expect(events.slice(0, 5).map((e) => e.kind)).toEqual(['verdict', 'leader', 'status', 'status', 'status']);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'flag-raised', controller: 'ctrl2', flag: 'unreachable' }),
    );
    expect(events).toContainEqual(expect.objectContaining({ kind: 'verdict', before: 'healthy', after: 'degraded' }));
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(lines);
  });

  it('a hung controller is flagged slow before its deadline ends the poll, then shown offline', async () => {
    const c = await start({ nodes: 3 });
    let hung = false;
    const { lines } = await watch(['250ms', '--timeout', '3s', '-c', c.url('ctrl1')], (ls) => {
      const all = views(ls);
      // Five answered polls give ctrl3 a latency history; then it hangs.
      if (!hung && all.length >= 6) {
        hung = true;
        c.hang('ctrl3');
      }
      return hung && rowOf(all.at(-1)!, 'ctrl3')?.status === 'offline';
    });
    const all = views(lines);
    const slowAt = all.findIndex((v) => rowOf(v, 'ctrl3')!.flags.some((f) => f.code === 'slow'));
    const offlineAt = all.findIndex((v) => rowOf(v, 'ctrl3')!.status === 'offline');
    expect(slowAt).toBeGreaterThan(0);
    expect(slowAt).toBeLessThan(offlineAt);
    expect(rowOf(all[slowAt]!, 'ctrl3')!.status).toBe('online'); // its last answer still stands, flagged
    expect(all[slowAt]!.cluster.verdict).toBe('degraded');
  });

  it(
    'a controller that stops answering in the middle of a poll stays slow, never flickers back to a quiet ' + 'online',
    async () => {
      const c = await start({ nodes: 3 });
      let broken = false;
      const { lines } = await watch(['250ms', '--timeout', '1s', '-c', c.url('ctrl1')], (ls) => {
        const all = views(ls);
        if (!broken && all.length >= 6) {
          broken = true;
          // Its controllers list never answers; every other endpoint still does.
          c.setRawHandler('ctrl3', (req, _res, _socket, next) => {
            if (!req.url?.startsWith('/edge/management/v1/controllers')) next();
          });
        }
        return broken && all.filter((v) => rowOf(v, 'ctrl3')!.flags.some((f) => f.code === 'bad-response')).length >= 3;
      });
      const after = views(lines).slice(
        views(lines).findIndex((v) => rowOf(v, 'ctrl3')!.flags.some((f) => f.code === 'slow')),
      );
      expect(after.length).toBeGreaterThan(3);
      for (const view of after) expect(rowOf(view, 'ctrl3')!.flags.map((f) => f.code)).toContain('slow');
    },
  );

  it('a controller that takes 10 s to answer delays neither the views nor the other controllers', async () => {
    const c = await start({ nodes: 3 });
    c.setLatency('ctrl3', 10_000);
    const started = performance.now();
    const { lines } = await watch(['300ms', '-c', c.url('ctrl1')], (ls) => ls.length >= 4);
    // Four views long before ctrl3's first answer could arrive.
    expect(performance.now() - started).toBeLessThan(10_000);
    const last = views(lines).at(-1)!;
    expect(rowOf(last, 'ctrl1')!.status).toBe('online');
    expect(rowOf(last, 'ctrl3')).toMatchObject({ status: 'unknown', error: 'its first poll has not answered yet' });
  });

  it('on a terminal: an alternate screen, left again when stopped', async () => {
    const c = await start({ nodes: 3 });
    const { stdout } = await watch(
      ['300ms', '-c', c.url('ctrl1'), '--color', 'never'],
      (ls) => ls.some((l) => l.includes('verdict: HEALTHY')),
      { tty: true },
    );
    expect(stdout.startsWith('\u001b[?1049h')).toBe(true);
    expect(stdout.endsWith('\u001b[?1049l')).toBe(true);
    expect(stdout).toContain('LAST ANSWER');
  });

  it.each([
    [['list', 'controllers', '-c', 'h:1', '--events'], /--events only work with --watch/],
    [
      ['list', 'controllers', '-c', 'h:1', '--watch', '100ms'],
      /--watch: 100ms is too short; the interval is at least 250ms/,
    ],
    [['list', 'controllers', '-c', 'h:1', '--watch', 'often'], /--watch: 'often' is not a duration/],
    [['list', 'controllers', '-c', 'h:1', '--watch', '-o', 'plain'], /drop --output plain/],
    [
      ['list', 'controllers', '-c', 'h:1', '--watch', '--audit-log', '/nonexistent/dir/a.jsonl'],
      /\/nonexistent\/dir\/a.jsonl/,
    ],
  ])('%j is a usage error', async (args, message) => {
    const result = await runCli(args);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(message);
  });
});
