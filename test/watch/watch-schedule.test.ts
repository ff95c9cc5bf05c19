// Views on schedule under load: a poll that outlives its tick (a controller slower than the
// interval) is started again as soon as it ends, so it never closes a tick's wait early and the
// views stay one interval apart (WatchEngine.settle).
import { describe, expect, it } from '@jest/globals';
import { main } from '../../src/cli.js';
import type { ClusterView } from '../../src/model.js';
import { makeIo } from '../helpers/cli.js';
import { loadCommands } from '../helpers/load-commands.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });

describe('watch under load', () => {
  it('a controller slower than the interval keeps answering, and the views stay one interval apart', async () => {
    const c = await start({ nodes: 3 });
    // 700 ms per answer under a 500 ms interval: every poll of ctrl3 outlives its tick.
    c.setLatency('ctrl3', 700);
    const shownAt: number[] = [];
    const views: ClusterView[] = [];
    let stop: (s: NodeJS.Signals) => void = () => {};
    const { io } = makeIo({
      tty: false,
      onStdout: (text) => {
        const lines = text.split('\n').filter(Boolean);
        while (views.length < lines.length) {
          views.push(JSON.parse(lines[views.length]!) as ClusterView);
          shownAt.push(performance.now());
        }
        if (views.length >= 9) stop('SIGINT');
      },
      untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
    });
    await main(['list', 'controllers', '--watch', '500ms', '--timeout', '2s', '-c', c.url('ctrl1')], io, loadCommands);
    // Unrestarted, the late poll's end would close the next tick's wait early: gaps of ~300 and ~700 ms.
    const gaps = shownAt.slice(2).map((at, i) => at - shownAt[i + 1]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(350);
      expect(gap).toBeLessThan(650);
    }
    const answers = new Set(views.map((v) => v.controllers.find((r) => r.id === 'ctrl3')!.lastAnsweredAt));
    expect(answers.size).toBeGreaterThanOrEqual(4); // answered again and again, not once per two ticks
    expect(views.at(-1)!.controllers.find((r) => r.id === 'ctrl3')!.status).toBe('online');
  });
});
