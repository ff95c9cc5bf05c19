// One deadline for the whole run (discovery and paging included): a single AbortSignal that every
// request shares, so the command returns within --timeout whatever the controllers do.
import { setMaxListeners } from 'node:events';

export interface Deadline {
  readonly signal: AbortSignal;
  readonly totalMs: number;
  /** Milliseconds left, never negative. */
  remainingMs(): number;
  expired(): boolean;
  dispose(): void;
}

/**
 * `startedAt` is a performance.now() timestamp: the CLI passes 0, the process start, so time spent
 * loading modules counts against --timeout too and the whole process ends within it.
 */
export function startDeadline(totalMs: number, startedAt = performance.now()): Deadline {
  const controller = new AbortController();
  // Every request of the run listens on this one signal; that is by design, not a leak.
  setMaxListeners(0, controller.signal);
  const endsAt = startedAt + totalMs;
  const timer = setTimeout(
    () => controller.abort(new DeadlineExceeded(totalMs)),
    Math.max(0, endsAt - performance.now()),
  );
  // The timer must never keep a finished process alive.
  timer.unref();
  return {
    signal: controller.signal,
    totalMs,
    remainingMs: () => Math.max(0, endsAt - performance.now()),
    expired: () => controller.signal.aborted,
    dispose: () => clearTimeout(timer),
  };
}

export class DeadlineExceeded extends Error {
  constructor(readonly totalMs: number) {
    super(`run deadline of ${totalMs} ms reached`);
    this.name = 'DeadlineExceeded';
  }
}
