// `list controllers --watch`: a view every interval until interrupted; each change also goes to the
// audit log; the latency history is saved on the way out.
import { EXIT, exitCodeFor, type FailOn } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { decideColorLevel, type ColorMode } from '../render/color.js';
import { diffViews } from '../watch/audit-events.js';
import { AuditLog } from '../watch/audit-log.js';
import { WatchEngine, type WatchSettings } from '../watch/engine.js';
import { openPollingSession } from '../watch/polling-session.js';
import { untilNextTick } from '../watch/next-tick.js';
import { eventsSink, ndjsonSink, screenSink, type ViewSink } from '../watch/sinks.js';
import type { InspectOptions } from './list-controllers.js';

export interface WatchOptions extends WatchSettings {
  events: boolean;
  auditLogPath: string | null;
  failOn: FailOn;
}

export async function runWatch(options: WatchOptions, connection: Pick<InspectOptions, 'tls' | 'credentials'>, colorMode: ColorMode, io: Io): Promise<number> {
  const audit = options.auditLogPath === null ? null : AuditLog.open(options.auditLogPath);
  const session = await openPollingSession(connection, io);
  const engine = new WatchEngine(options, session.client, session.auth, session.history, io.now);
  const sink = pickSink(options, colorMode, io);
  const stop = io.untilInterrupted();
  let last: ClusterView | null = null;
  let signal: NodeJS.Signals | 'SIGPIPE' | null = null;
  void stop.then((s) => (signal = s));
  try {
    while (signal === null) {
      const tickStarted = performance.now();
      const view = await engine.tick();
      const events = diffViews(last, view);
      last = view;
      audit?.append(events);
      sink.show(view, events);
      await untilNextTick(stop, tickStarted + options.intervalMs - performance.now());
    }
  } finally {
    sink.close();
    await session.close();
    // Last: a failing fsync of the audit log must not skip restoring the terminal or the rest.
    audit?.close();
  }
  if (signal === 'SIGINT') return EXIT.interrupted;
  if (signal === 'SIGTERM') return EXIT.terminated;
  // The reader went away (a closed pipe): end quietly with the code the last verdict gives.
  return last === null ? EXIT.healthy : exitCodeFor(last.cluster.verdict, options.failOn);
}

function pickSink(options: WatchOptions, colorMode: ColorMode, io: Io): ViewSink {
  if (options.events) return eventsSink(io.stdout);
  if (io.stdout.isTTY !== true) return ndjsonSink(io.stdout);
  const tty = true;
  return screenSink(io.stdout, () => ({ colorLevel: decideColorLevel(colorMode, io.env, tty), now: io.now(), tty, columns: io.stdout.columns }), options.intervalMs);
}
