// One controller's polls in watch mode: at most one in flight, each under its own adaptive
// deadline, so a slow controller never holds up the others or the view.
import type { Authenticator } from '../client/auth/authenticator.js';
import { startDeadline } from '../client/deadline.js';
import { fetchSignals } from '../client/fetch-signals.js';
import type { HttpClient } from '../client/http-client.js';
import { answered, outcomesOf, type Signals, type TargetEvidence } from '../evidence.js';
import { Memo } from '../memo.js';

export interface PollResult {
  signals: Signals;
  /** When the poll finished, in performance.now() time. */
  finishedAt: number;
  /** When it started. */
  startedAt: number;
}

export class ControllerPoller {
  latest: PollResult | null = null;
  /** performance.now() when the last poll that got any answer finished; null while none has. */
  answeredAt: number | null = null;
  /** performance.now() when the poll in flight started; null when none is. */
  pendingSince: number | null = null;
  private inFlight: Promise<PollResult> | null = null;

  constructor(
    readonly origin: string,
    readonly source: TargetEvidence['source'],
    readonly expectedId: string | undefined,
  ) {}

  /** Starts a poll unless one is in flight; resolves when that poll is done. `memo` is the watch session's. */
  poll(client: HttpClient, auth: Authenticator, deadlineMs: number, memo: Memo = new Memo()): Promise<PollResult> {
    if (this.inFlight !== null) return this.inFlight;
    const startedAt = performance.now();
    this.pendingSince = startedAt;
    const deadline = startDeadline(deadlineMs);
    this.inFlight = fetchSignals(client.withDeadline(deadline), this.origin, auth, {
      memo,
      expectedId: this.expectedId,
    })
      .then((signals) => {
        const result = { signals, startedAt, finishedAt: performance.now() };
        this.latest = result;
        if (answered(signals)) this.answeredAt = result.finishedAt;
        return result;
      })
      .finally(() => {
        deadline.dispose();
        this.inFlight = null;
        this.pendingSince = null;
      });
    return this.inFlight;
  }

  /** The poll in flight, if any, so a view can wait a little for it. */
  pending(): Promise<PollResult> | null {
    return this.inFlight;
  }
}

/** Answer latency of a finished poll (its quickest response), or null when nothing answered. */
export function answerLatencyMs(signals: Signals, _origin: string): number | null {
  if (!answered(signals)) return null;
  const times = outcomesOf(signals).flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs]));
  return times.length === 0 ? null : Math.min(...times);
}
