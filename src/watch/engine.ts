// Watch mode's core: one poller per controller, a view every tick from the newest evidence of
// each, discovery as replicas name new controllers. A slow controller delays nothing.
import { originKey, addressesOf } from '../addresses.js';
import type { Authenticator } from '../client/auth/authenticator.js';
import type { HttpClient } from '../client/http-client.js';
import {
  type ElectionHistory,
  answered,
  outcomesOf,
  settledEvidence,
  targetEvidence,
  type TargetEvidence,
  type UnpolledController,
} from '../evidence.js';
import { Memo } from '../memo.js';
import type { ClusterView } from '../model.js';
import { reconcileTracked } from '../reconcile.js';
import { NO_ELECTIONS } from '../reconcile/elections.js';
import type { ReconcilePolicy } from '../reconcile/policy.js';
import { adaptiveDeadlineMs, slowThresholdMs, type LatencyHistory } from './latency-history.js';
import { answerLatencyMs, ControllerPoller, type PollResult } from './poller.js';

export interface WatchSettings {
  origins: string[];
  discover: boolean;
  intervalMs: number;
  /** --timeout: the base of every poll's deadline. */
  baseTimeoutMs: number;
  dynamicTimeout: boolean;
  staleAfterMs: number;
  policy: ReconcilePolicy;
}

/** A poll's deadline never grows past this many times the base, however slow the history. */
const MAX_DEADLINE_FACTOR = 3;
/** A view waits for the polls of its tick at most this share of the interval, then shows what it has. */
const SETTLE_SHARE = 0.8;

export class WatchEngine {
  private readonly pollers = new Map<string, ControllerPoller>();
  /** Pollers whose poll began in the current tick: the others missed its start. */
  private readonly startedThisTick = new Set<ControllerPoller>();
  /** This watch session's: every poll's rows reuse the addresses and join times earlier polls parsed. */
  private readonly memo = new Memo();
  /**
   * The id each polled origin last answered as, carried as its expected id: when every controller
   * stops answering there is no replica left to name them, and the rows keep the ids they had.
   */
  private readonly knownIds = new Map<ControllerPoller, string>();
  /** The leaders the views so far named: each view gets it as evidence, and its own leader extends it. */
  private elections: ElectionHistory = NO_ELECTIONS;

  constructor(
    private readonly settings: WatchSettings,
    private readonly client: HttpClient,
    private readonly auth: Authenticator,
    private readonly history: LatencyHistory,
    private readonly now: () => Date,
  ) {
    for (const origin of settings.origins) this.add(origin, 'given', undefined);
  }

  /** Starts every poll that is due, waits for them within the tick's budget, and returns the view. */
  async tick(): Promise<ClusterView> {
    const settleBy = performance.now() + this.settings.intervalMs * SETTLE_SHARE;
    this.startedThisTick.clear();
    for (const poller of this.pollers.values()) this.start(poller);
    await this.settle(settleBy);
    return this.view();
  }

  /** The view from the newest evidence of every controller, as of now. */
  view(): ClusterView {
    // Both clocks read together: ages measured to `at` become times from `now`.
    const at = performance.now();
    const now = this.now();
    const targets: TargetEvidence[] = [];
    const unpolled: UnpolledController[] = [];
    for (const poller of this.pollers.values()) {
      const stats = this.history.stats(poller.origin);
      // Only while it does not answer: when it does, the replicas say who it is, and may say otherwise.
      const silent = poller.latest !== null && !answered(poller.latest.signals);
      const expectedId = poller.expectedId ?? (silent ? this.knownIds.get(poller) : undefined);
      if (poller.latest === null) {
        unpolled.push({
          id: expectedId ?? null,
          origin: poller.origin,
          reason: 'its first poll has not answered yet',
        });
        continue;
      }
      const { origin, source } = poller;
      targets.push(
        targetEvidence({ origin, source, ...(expectedId === undefined ? {} : { expectedId }) }, poller.latest.signals, {
          ageMs: Math.round(at - poller.latest.finishedAt),
          staleAfterMs: this.settings.staleAfterMs,
          pendingMs: poller.pendingSince === null ? null : Math.round(at - poller.pendingSince),
          answeredAfterMs: cutShortMs(poller.latest),
          slowAfterMs: slowThresholdMs(stats),
          answeredAgoMs: poller.answeredAt === null ? null : Math.round(at - poller.answeredAt),
        }),
      );
    }
    const evidence = { ...settledEvidence(targets, unpolled, this.settings.discover), elections: this.elections };
    const { view, elections } = reconcileTracked(evidence, now, this.memo, this.settings.policy);
    this.learnIds(view);
    this.elections = elections ?? this.elections;
    return view;
  }

  /** What the newest /version of the controller at `origin` listed; null when it has not answered it. */
  capabilities(origin: string): readonly string[] | null {
    const version = [...this.pollers.values()].find((p) => p.origin === origin)?.latest?.signals.version;
    return version?.ok ? (version.value.capabilities ?? []) : null;
  }

  /** Remembers which id each origin answered as (a seed, never a row, is never remembered). */
  private learnIds(view: ClusterView): void {
    for (const poller of this.pollers.values()) {
      const row = view.controllers.find((r) => r.reachable && r.address === poller.origin);
      if (row !== undefined) this.knownIds.set(poller, row.id);
    }
  }

  private add(
    origin: string,
    source: TargetEvidence['source'],
    expectedId: string | undefined,
  ): ControllerPoller | null {
    const key = originKey(this.memo, origin);
    if (this.pollers.has(key)) return null;
    const poller = new ControllerPoller(origin, source, expectedId);
    this.pollers.set(key, poller);
    return poller;
  }

  private start(poller: ControllerPoller): void {
    if (poller.pending() !== null) return;
    this.startedThisTick.add(poller);
    const deadlineMs = adaptiveDeadlineMs(this.settings.baseTimeoutMs, this.history.stats(poller.origin), {
      dynamic: this.settings.dynamicTimeout,
      maxMs: this.settings.baseTimeoutMs * MAX_DEADLINE_FACTOR,
    });
    void poller.poll(this.client, this.auth, deadlineMs, this.memo).then((result) => this.learn(poller, result));
  }

  /** Records the answer's latency and polls the controllers its replica names that we do not know yet. */
  private learn(poller: ControllerPoller, result: PollResult): void {
    const latency = answerLatencyMs(result.signals, poller.origin);
    if (latency !== null) this.history.record(poller.origin, latency, this.now());
    if (!this.settings.discover || !result.signals.replica.ok) return;
    for (const row of result.signals.replica.value) {
      const origins = addressesOf(this.memo, row);
      if (origins.length === 0 || origins.some((o) => this.pollers.has(originKey(this.memo, o)))) continue;
      const found = this.add(origins[0]!, 'discovered', row.id);
      if (found !== null) this.start(found);
    }
  }

  /**
   * Waits until no poll is in flight or `settleBy` passes, whichever is first. A poll still running
   * from an earlier tick (a hung controller's, under a deadline as long as the interval) that ends
   * meanwhile is started again at once: it missed this tick's start, and letting its end close the
   * tick early would put the views out of step (one early, the next late).
   */
  private async settle(settleBy: number): Promise<void> {
    for (;;) {
      for (const poller of this.pollers.values()) if (!this.startedThisTick.has(poller)) this.start(poller);
      const now = performance.now();
      const inFlight = [...this.pollers.values()]
        .map((p) => p.pending())
        .filter((p): p is Promise<PollResult> => p !== null);
      // A poll pending past its slow threshold holds the view no longer: the view says it is slow.
      const slowAt = [...this.pollers.values()].flatMap((p) => {
        if (p.pendingSince === null) return [];
        const threshold = slowThresholdMs(this.history.stats(p.origin));
        return [threshold === null ? settleBy : p.pendingSince + threshold + 1];
      });
      const left = Math.min(settleBy, Math.max(...slowAt)) - now;
      if (inFlight.length === 0 || left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      // A poll finishing may add discovered pollers, so look again after each one.
      await Promise.race([Promise.race(inFlight).then(() => undefined), timeUp]);
      clearTimeout(timer);
    }
  }
}

/**
 * How long the last poll took if some of its requests ran into the deadline, else null: a
 * controller that stopped answering in the middle of a poll must stay "slow" until a poll shows
 * all of it unreachable, not flicker back to a quiet online.
 */
function cutShortMs(last: PollResult): number | null {
  const ranIntoDeadline = outcomesOf(last.signals).some((o) => !o.ok && o.failure.kind === 'timeout');
  return ranIntoDeadline ? Math.round(last.finishedAt - last.startedAt) : null;
}
