// One deadline for the whole run (discovery and paging included): a single AbortSignal that every
// request shares, so the command returns within --timeout whatever the controllers do.
export interface Deadline {
  readonly signal: AbortSignal;
  readonly totalMs: number;
  /** Milliseconds left, never negative. */
  remainingMs(): number;
  expired(): boolean;
  dispose(): void;
}

export function startDeadline(totalMs: number): Deadline {
  const controller = new AbortController();
  const endsAt = performance.now() + totalMs;
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(totalMs)), totalMs);
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
