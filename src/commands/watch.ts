// `list controllers --watch`: a view every interval until interrupted, the positional filter applied
// to each; each change also goes to the audit log; the latency history is saved on the way out.
import type { AuditEvent } from '../audit-event.js';
import type { Authenticator } from '../client/auth/authenticator.js';
import { startDeadline } from '../client/deadline.js';
import type { HttpClient } from '../client/http-client.js';
import { Interrupted, Terminated } from '../errors.js';
import { exitCodeFor } from '../exit-codes.js';
import { warnOn, type Io } from '../io.js';
import type { ClusterView } from '../model.js';
import type { Printer } from '../render/printer.js';
import { everyInterval, watchSettings } from '../run/loop.js';
import type { RunPlan } from '../run/plan.js';
import { openSession } from '../run/session.js';
import { diffViews } from '../watch/audit-events.js';
import { AuditLog } from '../watch/audit-log.js';
import { WatchEngine } from '../watch/engine.js';
import { applyFilter } from './inspect.js';

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
    const filter =
      plan.filter === null
        ? null
        : new WatchFilter(plan.filter, session.client, session.auth, plan.timeoutMs, warnOn(io.stderr));
    // A reader that went away ends the run at once, not at the next write (--events may write nothing for hours).
    const stop = Promise.race([io.untilInterrupted(), ...(io.untilReaderGone ? [io.untilReaderGone()] : [])]);
    void stop.then((s) => (signal = s));
    try {
      await everyInterval(stop, loop.intervalMs, async () => {
        const full = await engine.tick();
        // Stopped during the tick: the loop has ended, the printer may be closed.
        if (signal !== null) return;
        // Changes are found in the whole view; the filter only chooses which rows are shown.
        const view = filter === null ? full : await filter.apply(full, (origin) => engine.capabilities(origin));
        const changes = diffViews(last, full);
        const events = filter === null ? changes : filter.events(changes, view);
        if (signal !== null) return;
        last = full;
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

/**
 * The positional filter in watch mode: asked of the leader every tick, as a single run asks it once,
 * under a deadline of its own (the session's client never times out in watch).
 */
class WatchFilter {
  /** The last reason the filter could not be applied: said once on stderr, not on every tick. */
  private lastNote: string | null = null;
  /** The ids the last tick showed: a controller leaving the filter's rows still gets its change reported. */
  private shown = new Set<string>();

  constructor(
    private readonly filter: string,
    private readonly client: HttpClient,
    private readonly auth: Authenticator,
    private readonly timeoutMs: number,
    private readonly warn: (note: string) => void,
  ) {}

  /** The view with only the rows the filter selects; the verdict still covers the whole cluster. */
  async apply(view: ClusterView, capabilities: (origin: string) => readonly string[] | null): Promise<ClusterView> {
    const deadline = startDeadline(this.timeoutMs);
    let note: string | null = null;
    try {
      const ask = {
        client: this.client.withDeadline(deadline),
        auth: this.auth,
        capabilities: (origin: string) => Promise.resolve(capabilities(origin)),
      };
      return await applyFilter(view, this.filter, ask, (n) => {
        note = n;
        if (n !== this.lastNote) this.warn(n);
      });
    } finally {
      deadline.dispose();
      this.lastNote = note;
    }
  }

  /** The events about the rows shown now or in the previous tick, and every event about the cluster. */
  events(events: AuditEvent[], shownView: ClusterView): AuditEvent[] {
    const now = new Set(shownView.controllers.map((r) => r.id));
    const kept = events.filter((e) => !('controller' in e) || now.has(e.controller) || this.shown.has(e.controller));
    this.shown = now;
    return kept;
  }
}
