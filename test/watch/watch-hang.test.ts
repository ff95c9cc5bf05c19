// Watch mode when controllers stop answering: slow in the first view after a poll outlives its slow
// threshold (even when the deadline ends the poll before the view's 80 % wait would), then
// unreachable; the time of the last answer is kept, and the rows keep their ids when none answers.
import { describe, expect, it } from '@jest/globals';
import { main } from '../../src/cli.js';
import type { ClusterView } from '../../src/model.js';
import { makeIo } from '../helpers/cli.js';
import { loadCommands } from '../helpers/load-commands.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });

/** `list controllers --watch ...` in-process; `until` sees every view so far and says when to stop. */
async function watch(args: string[], until: (views: ClusterView[]) => boolean): Promise<ClusterView[]> {
  let stop: (s: NodeJS.Signals) => void = () => {};
  const views: ClusterView[] = [];
  const { io } = makeIo({
    tty: false,
    onStdout: (text) => {
      views.splice(
        0,
        views.length,
        ...text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as ClusterView),
      );
      if (until(views)) stop('SIGINT');
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  await main(['list', 'controllers', '--watch', ...args], io, loadCommands);
  return views;
}

const rowOf = (view: ClusterView, id: string) => view.controllers.find((r) => r.id === id)!;
const codes = (view: ClusterView, id: string) => rowOf(view, id).flags.map((f) => f.code);
// A deadline (300 ms) that ends before the view's 80 % wait (400 ms) but after the slow threshold (250 ms).
const SHORT_DEADLINE = ['500ms', '--timeout', '300ms', '--no-dynamic-timeout'];

describe('watch: controllers that stop answering', () => {
  it('a hung controller is slow in the first view after it hangs, then unreachable, its last answer kept', async () => {
    const c = await start({ nodes: 3 });
    let hungAfter = -1;
    const all = await watch([...SHORT_DEADLINE, '-c', c.url('ctrl1')], (views) => {
      // Five answered polls give ctrl3 a latency history; then it hangs, between two polls.
      if (hungAfter < 0 && views.length >= 6) {
        hungAfter = views.length;
        c.hang('ctrl3');
      }
      return hungAfter > 0 && views.length >= hungAfter + 3;
    });
    const [first, second, third] = all.slice(hungAfter);
    const lastAnswer = rowOf(all[hungAfter - 1]!, 'ctrl3').lastAnsweredAt;
    expect(lastAnswer).not.toBeNull();
    expect(rowOf(first!, 'ctrl3').status).toBe('online');
    expect(codes(first!, 'ctrl3')).toContain('slow');
    for (const view of [second!, third!]) {
      expect(rowOf(view, 'ctrl3').status).toBe('offline');
      expect(codes(view, 'ctrl3')).toContain('unreachable');
      // The time of its last answer stays, instead of "never" (to the clocks' rounding).
      const kept = rowOf(view, 'ctrl3').lastAnsweredAt;
      expect(kept).not.toBeNull();
      expect(Math.abs(Date.parse(kept!) - Date.parse(lastAnswer!))).toBeLessThan(20);
    }
  });

  it('when every controller stops answering, the rows keep their ids', async () => {
    const c = await start({ nodes: 3 });
    let hung = false;
    const all = await watch([...SHORT_DEADLINE, '-c', c.url('ctrl1')], (views) => {
      if (!hung && views.length >= 3) {
        hung = true;
        for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) c.hang(id);
      }
      return hung && views.at(-1)!.controllers.every((r) => r.status === 'offline');
    });
    const last = all.at(-1)!;
    expect(last.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
    for (const row of last.controllers) {
      expect(row.address).toBe(c.url(row.id));
      expect(row.lastAnsweredAt).not.toBeNull();
    }
  });
});
