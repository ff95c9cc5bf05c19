// The positional filter with --watch: asked of the leader every tick, as a single run asks it once;
// the rows follow the filter as the cluster changes, the verdict still covers the whole cluster.
import { describe, expect, it } from '@jest/globals';
import { main } from '../../src/cli.js';
import type { AuditEvent } from '../../src/audit-event.js';
import type { ClusterView } from '../../src/model.js';
import { makeIo } from '../helpers/cli.js';
import { loadCommands } from '../helpers/load-commands.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });

async function watch<T>(args: string[], until: (lines: T[]) => boolean): Promise<T[]> {
  let stop: (s: NodeJS.Signals) => void = () => {};
  const lines: T[] = [];
  const { io } = makeIo({
    tty: false,
    onStdout: (text) => {
      lines.splice(
        0,
        lines.length,
        ...text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as T),
      );
      if (until(lines)) stop('SIGINT');
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  await main(['list', 'controllers', 'isOnline = false', '--watch', ...args], io, loadCommands);
  return lines;
}

describe('watch with the positional filter', () => {
  it('every tick shows only the rows the filter selects; a killed controller joins them', async () => {
    const c = await start({ nodes: 3 });
    let killed = false;
    const views = await watch<ClusterView>(['300ms', '-c', c.url('ctrl1')], (vs) => {
      if (!killed && vs.length >= 2) {
        killed = true;
        void c.kill('ctrl3');
      }
      return killed && vs.at(-1)!.controllers.some((r) => r.id === 'ctrl3');
    });
    expect(views[0]!.controllers).toEqual([]);
    expect(views[0]!.cluster.verdict).toBe('healthy');
    for (const view of views) expect(view.controllers.every((r) => r.id === 'ctrl3')).toBe(true);
    expect(views.at(-1)!.controllers.map((r) => r.id)).toEqual(['ctrl3']);
    expect(views.at(-1)!.cluster.verdict).toBe('degraded');
  });

  it('--events reports only the changes of the rows shown, and of the cluster', async () => {
    const c = await start({ nodes: 3 });
    let killed = false;
    const events = await watch<AuditEvent>(['300ms', '--events', '-c', c.url('ctrl1')], (es) => {
      if (!killed && es.length >= 2) {
        killed = true;
        void c.kill('ctrl3');
      }
      return es.some((e) => e.kind === 'status' && e.controller === 'ctrl3');
    });
    expect(events.slice(0, 2).map((e) => e.kind)).toEqual(['verdict', 'leader']);
    expect(events.filter((e) => 'controller' in e).every((e) => 'controller' in e && e.controller === 'ctrl3')).toBe(
      true,
    );
  });
});
