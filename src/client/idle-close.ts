// Closes an https origin's connection once it has been idle for IDLE_MS, before the controller
// closes it: a controller's web listener closes a connection idle for its `idleTimeout` (5 s by
// default), and on HTTP/2 that GOAWAY can cross a poll's first request, which undici then fails (a
// false failure of one signal). undici's own keep-alive timeout (4 s) only covers HTTP/1.1. Watch
// at an interval well under it keeps its connections; at the default 5 s each poll reconnects,
// resuming its TLS session (tls-sessions.ts).
export const IDLE_MS = 4000;

export class IdleClose {
  private readonly inFlight = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly close: (origin: string) => void,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** A request to `origin` starts: its connection is not idle. */
  begin(origin: string): void {
    clearTimeout(this.timers.get(origin));
    this.timers.delete(origin);
    this.inFlight.set(origin, (this.inFlight.get(origin) ?? 0) + 1);
  }

  /** A request to `origin` is done, its body read: the last one starts the idle clock. */
  end(origin: string): void {
    const left = (this.inFlight.get(origin) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(origin, left);
      return;
    }
    this.inFlight.delete(origin);
    const timer = setTimeout(() => {
      this.timers.delete(origin);
      this.close(origin);
    }, this.idleMs);
    timer.unref();
    this.timers.set(origin, timer);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
