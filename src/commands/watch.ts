// `list controllers --watch`: a view every interval until interrupted; each change also goes to the
// audit log; the latency history is saved on the way out.
import { Interrupted, Terminated } from '../errors.js';
import { exitCodeFor } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import type { Printer } from '../render/printer.js';
import { everyInterval, watchSettings } from '../run/loop.js';
import type { RunPlan } from '../run/plan.js';
import { openSession } from '../run/session.js';
import { diffViews } from '../watch/audit-events.js';
import { AuditLog } from '../watch/audit-log.js';
import { WatchEngine } from '../watch/engine.js';

export async function runWatch(plan: RunPlan, origins: string[], printer: Printer, io: Io): Promise<number> {
  const loop = plan.loop!;
  // Opened before the session, so a bad path is reported before any password is asked for.
  const audit = plan.auditLogPath === null ? null : AuditLog.open(plan.auditLogPath);
  let last: ClusterView | null = null;
  let signal: NodeJS.Signals | 'SIGPIPE' | null = null;
  try {
    const session = await openSession(plan, io);
    const engine = new WatchEngine(
      watchSettings({ ...plan, loop }, origins),
      session.client,
      session.auth,
      await session.history,
      io.now,
    );
    const stop = io.untilInterrupted();
    void stop.then((s) => (signal = s));
    try {
      await everyInterval(stop, loop.intervalMs, async () => {
        const view = await engine.tick();
        const events = diffViews(last, view);
        last = view;
        audit?.append(events);
        await printer.show(view, events);
      });
    } finally {
      printer.close();
      await session.close();
    }
  } finally {
    // Last: a failing fsync of the audit log must not skip restoring the terminal or the rest.
    audit?.close();
  }
  if (signal === 'SIGINT') throw new Interrupted('interrupted');
  if (signal === 'SIGTERM') throw new Terminated('terminated');
  // The reader went away (a closed pipe): end quietly with the code the last verdict gives.
  return exitCodeFor((last as ClusterView | null)?.cluster.verdict ?? null, plan.failOn);
}
