// Polls every target concurrently (capped), discovers the controllers that replicas name in their
// apiAddresses, and settles everything into Evidence before the run deadline. Origins the member
// cache remembers are asked at once, alongside the given ones, and kept only where this run's
// replicas vouch for them (src/poll-vouch.ts).
import {
  failedSignals,
  settledEvidence,
  targetEvidence,
  type Evidence,
  type Signals,
  type TargetEvidence,
  type UnpolledController,
} from './evidence.js';
import type { Deadline } from './client/deadline.js';
import { fetchSignals } from './client/fetch-signals.js';
import type { HttpClient } from './client/http-client.js';
import type { Authenticator } from './client/auth/authenticator.js';
import type { ControllerDetail } from './schemas/controllers.js';
import { addressesOf, originKey } from './addresses.js';
import { Memo } from './memo.js';
import { gatedAuth, Vouching, type PollJob } from './poll-vouch.js';

export interface PollOptions {
  origins: string[];
  discover: boolean;
  client: HttpClient;
  /** Logs in for the endpoints that need it; null polls without credentials. */
  auth?: Authenticator | null;
  deadline: Deadline;
  /**
   * Controllers polled at once; each one costs five concurrent requests. Cached addresses not yet
   * vouched for have as many slots again, apart.
   */
  concurrency?: number;
  onProgress?: (answered: number, total: number) => void;
  /** What this run remembers of the rows it reads (a fresh one when not given). */
  memo?: Memo;
  /**
   * Member origins an earlier run's replicas published (the member cache): asked at once with
   * discovery on, but their answers count only where a replica of this run publishes them.
   */
  cached?: readonly string[];
}

export async function pollCluster(options: PollOptions): Promise<Evidence> {
  const { client, deadline } = options;
  const concurrency = options.concurrency ?? 16;
  const memo = options.memo ?? new Memo();
  const known = new Set<string>();
  const vouching = new Vouching(memo);
  const queue: PollJob[] = [];
  const active = new Set<PollJob>();
  const done: { job: PollJob; signals: Signals }[] = [];
  let answered = 0;
  /** Set once the run's evidence is settled: a stranger answering later changes nothing. */
  let settled = false;

  const enqueue = (job: PollJob) => {
    const key = originKey(memo, job.origin);
    if (known.has(key)) return;
    known.add(key);
    queue.push(job);
    vouching.add(job);
  };
  for (const origin of options.origins) enqueue({ origin, source: 'given', cached: false, via: null, replica: null });
  // Cached ones go after the given ones, so a slot goes first to what the user named.
  if (options.discover)
    for (const origin of options.cached ?? [])
      enqueue({ origin, source: 'discovered', cached: true, via: null, replica: null });

  const discoverFrom = (rows: ControllerDetail[], via: PollJob) => {
    for (const row of rows) {
      const origins = addressesOf(memo, row);
      if (origins.length > 0 && !origins.some((o) => known.has(originKey(memo, o))))
        enqueue({ origin: origins[0]!, source: 'discovered', expectedId: row.id, cached: false, via, replica: null });
    }
  };

  // A simple work loop: start jobs while slots are free, wait for any to finish, stop at the deadline.
  let pump = () => {};
  const run = async (job: PollJob) => {
    // The controllers a replica names are polled as soon as that replica arrives.
    const discoverEarly = (replica: Signals['replica']) => {
      vouching.replica(job, replica.ok ? replica.value : null);
      if (!options.discover || !replica.ok) return;
      discoverFrom(replica.value, job);
      pump();
    };
    const auth = options.auth ?? null;
    const jobAuth = auth !== null && !vouching.has(job) ? gatedAuth(auth, vouching.whenTrusted(job)) : auth;
    const signals = await fetchSignals(client, job.origin, jobAuth, {
      onReplica: discoverEarly,
      memo,
      expectedId: job.expectedId,
    }).catch((err: unknown) => internalFailure(err, job.origin));
    if (settled) return;
    done.push({ job, signals });
    answered++;
    options.onProgress?.(answered, known.size);
  };
  // Only addresses nothing of this run vouches for are still open: their answers could not count.
  const onlyStrangersOpen = () => ![...active, ...queue].some((job) => vouching.has(job));

  // Addresses vouched for and cached ones not (yet) vouched for each have `concurrency` slots:
  // strangers that hang must not hold back the members discovered meanwhile.
  const slotFree = (job: PollJob) => {
    const trusted = vouching.has(job);
    let used = 0;
    for (const other of active) if (vouching.has(other) === trusted) used++;
    return used < concurrency;
  };

  await new Promise<void>((resolve) => {
    pump = () => {
      for (let i = 0; i < queue.length && !deadline.expired(); ) {
        const job = queue[i]!;
        if (!slotFree(job)) {
          i++;
          continue;
        }
        queue.splice(i, 1);
        active.add(job);
        void run(job).finally(() => {
          active.delete(job);
          pump();
        });
      }
      if (active.size === 0 || onlyStrangersOpen()) {
        settled = true;
        vouching.giveUp();
        pump = () => {};
        resolve();
      }
    };
    pump();
  });

  const results: TargetEvidence[] = [];
  for (const { job, signals } of done) {
    if (!vouching.has(job)) continue;
    const expectedId = vouching.idOf(job);
    results.push(
      targetEvidence({ origin: job.origin, source: job.source, ...(expectedId ? { expectedId } : {}) }, signals),
    );
  }
  // Jobs still queued when the deadline hit were never asked: their status is unknown, not offline.
  const unpolled: UnpolledController[] = [];
  for (const job of [...queue, ...active]) {
    if (!vouching.has(job)) continue;
    unpolled.push({
      id: vouching.idOf(job) ?? null,
      origin: job.origin,
      reason: 'the run deadline was reached before it could be polled',
    });
  }
  const unaddressed = new Set<string>();
  if (options.discover)
    for (const { job } of done)
      if (vouching.has(job))
        for (const row of job.replica ?? []) if (addressesOf(memo, row).length === 0) unaddressed.add(row.id);
  for (const id of unaddressed) {
    if (!results.some((t) => t.expectedId === id))
      unpolled.push({ id, origin: null, reason: 'no API address in any replica' });
  }
  return settledEvidence(results, unpolled, options.discover);
}

// fetchSignals turns every network outcome into data; anything thrown is our own bug, and it must
// still cost only this controller's row, not the run.
function internalFailure(err: unknown, origin: string): Signals {
  return failedSignals({
    kind: 'network',
    message: `internal error polling ${origin}: ${err instanceof Error ? err.message : String(err)}`,
  });
}
