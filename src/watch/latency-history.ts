// Per-controller answer latencies over a moving window, and the deadlines and slowness thresholds derived from them
// (pure, no IO).
export const WINDOW = 50;

export interface LatencyStats {
  samples: number;
  meanMs: number | null;
  p99Ms: number | null;
  /**
   * Nearest-rank 90th percentile: unlike the p99 of at most 50 samples (their maximum), one late answer does not move
   * it.
   */
  p90Ms: number | null;
}

export interface SerializedHistory {
  version: 1;
  /** Keyed by the polled origin (e.g. https://ctrl1.example:1280): the address is what has a latency, not the id. */
  controllers: Record<string, { samples: number[]; updatedAt: string }>;
}

interface Entry {
  samples: number[];
  updatedAt: string;
}

export class LatencyHistory {
  private readonly entries = new Map<string, Entry>();

  static from(serialized?: SerializedHistory): LatencyHistory {
    const history = new LatencyHistory();
    if (serialized !== undefined) history.merge(serialized);
    return history;
  }

  /**
   * Keeps the last WINDOW samples; a non-finite or negative latency is dropped, since one NaN would poison every mean
   * after it.
   */
  record(origin: string, latencyMs: number, at: Date): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    const entry = this.entries.get(origin) ?? { samples: [], updatedAt: at.toISOString() };
    entry.samples.push(latencyMs);
    if (entry.samples.length > WINDOW) entry.samples.splice(0, entry.samples.length - WINDOW);
    entry.updatedAt = at.toISOString();
    this.entries.set(origin, entry);
  }

  /** Mean of the window (the moving average) and its nearest-rank 99th percentile. */
  stats(origin: string): LatencyStats {
    const samples = this.entries.get(origin)?.samples ?? [];
    if (samples.length === 0) return { samples: 0, meanMs: null, p99Ms: null, p90Ms: null };
    const sorted = [...samples].sort((a, b) => a - b);
    const rank = Math.ceil(0.99 * sorted.length);
    return {
      samples: samples.length,
      meanMs: samples.reduce((sum, ms) => sum + ms, 0) / samples.length,
      p99Ms: sorted[rank - 1] ?? null,
      p90Ms: sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null,
    };
  }

  /**
   * Forgets controllers not heard from in `maxAgeMs` before the newest entry, then all but the
   * `maxEntries` most recently heard: without it the file grows with every address ever polled
   * (simulated clusters and test runs bring new ports each time) and every run reads it all.
   */
  prune({ maxEntries, maxAgeMs }: { maxEntries: number; maxAgeMs: number }): void {
    // Each time parsed once, not in every comparison of the sort.
    const byRecency = [...this.entries]
      .map(([origin, entry]) => ({ origin, at: timeOf(entry.updatedAt) }))
      .sort((a, b) => b.at - a.at);
    const newest = byRecency[0]?.at ?? 0;
    byRecency.forEach(({ origin, at }, rank) => {
      if (rank >= maxEntries || !(at >= newest - maxAgeMs)) this.entries.delete(origin);
    });
  }

  /** Origins in sorted order, so the file on disk does not churn with insertion order. */
  serialize(): SerializedHistory {
    const controllers: SerializedHistory['controllers'] = {};
    for (const origin of [...this.entries.keys()].sort()) {
      const entry = this.entries.get(origin)!;
      controllers[origin] = { samples: [...entry.samples], updatedAt: entry.updatedAt };
    }
    return { version: 1, controllers };
  }

  /**
   * For concurrent runs: per origin, the samples with the newer updatedAt win (a tie keeps ours).
   * Whole windows are taken rather than interleaved because two runs' samples share no clock order we could trust.
   */
  merge(other: SerializedHistory): void {
    for (const [origin, theirs] of Object.entries(other.controllers)) {
      const ours = this.entries.get(origin);
      if (ours !== undefined && !(timeOf(theirs.updatedAt) > timeOf(ours.updatedAt))) continue;
      const samples = theirs.samples.filter((ms) => Number.isFinite(ms) && ms >= 0).slice(-WINDOW);
      this.entries.set(origin, { samples, updatedAt: theirs.updatedAt });
    }
  }
}

/** An unparseable time counts as the oldest possible, so it never displaces real samples. */
function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * deadline = base + 2 x mean, clamped to maxMs; base when dynamic is off or there is no history.
 * The result never drops below base: history may give a slow controller more time, never less than the user asked for.
 */
export function adaptiveDeadlineMs(
  baseMs: number,
  stats: LatencyStats,
  opts: { dynamic: boolean; maxMs: number },
): number {
  if (!opts.dynamic || stats.meanMs === null) return baseMs;
  return Math.max(baseMs, Math.min(opts.maxMs, Math.ceil(baseMs + 2 * stats.meanMs)));
}

/** Fewer samples than this say too little about a controller's usual latency to call anything slow. */
const MIN_SAMPLES_FOR_SLOW = 5;
/** A floor, so a controller that usually answers in 2 ms is not "slow" after 7 ms of ordinary jitter. */
const MIN_SLOW_MS = 250;

/**
 * A poll still pending past max(250 ms, factor x p90) is "slow"; null (never slow) with fewer than 5
 * samples. p90, not p99: over a window of at most 50 samples the p99 is the single slowest answer,
 * so one late answer would lift the threshold past the view's wait and delay every hang report by
 * a tick (the accuracy benchmark's tail). Factor 2 stays clear of the benchmark's 50-200 ms jitter
 * and under the 80 % of a 1 s interval a view waits, so a hang shows in the first view after its
 * poll starts.
 */
export function slowThresholdMs(stats: LatencyStats, factor = 2): number | null {
  if (stats.samples < MIN_SAMPLES_FOR_SLOW || stats.p90Ms === null) return null;
  return Math.max(MIN_SLOW_MS, Math.ceil(factor * stats.p90Ms));
}
