// Polls every target concurrently (capped), discovers the controllers that replicas name in their
// apiAddresses, and settles everything into Evidence before the run deadline.
import {
  failedSignals,
  settledEvidence,
  targetEvidence,
  type Evidence,
  type Signals,
  type TargetEvidence,
  type TargetOrigin,
  type UnpolledController,
} from './evidence.js';
import type { Deadline } from './client/deadline.js';
import { fetchSignals } from './client/fetch-signals.js';
import type { HttpClient } from './client/http-client.js';
import type { Authenticator } from './client/auth/authenticator.js';
import type { ControllerDetail } from './schemas/controllers.js';
import { addressesOf, originKey } from './addresses.js';
import { Memo } from './memo.js';

export interface PollOptions {
  origins: string[];
  discover: boolean;
  client: HttpClient;
  /** Logs in for the endpoints that need it; null polls without credentials. */
  auth?: Authenticator | null;
  deadline: Deadline;
  /** Controllers polled at once; each one costs five concurrent requests. */
  concurrency?: number;
  onProgress?: (answered: number, total: number) => void;
  /** What this run remembers of the rows it reads (a fresh one when not given). */
  memo?: Memo;
}

export async function pollCluster(options: PollOptions): Promise<Evidence> {
  const { client, deadline } = options;
  const concurrency = options.concurrency ?? 16;
  const memo = options.memo ?? new Memo();
  const known = new Set<string>();
  const queue: TargetOrigin[] = [];
  const results: TargetEvidence[] = [];
  const unpolled: UnpolledController[] = [];
  const unaddressed = new Set<string>();
  let running = 0;
  let answered = 0;

  const enqueue = (job: TargetOrigin) => {
    const key = originKey(memo, job.origin);
    if (known.has(key)) return;
    known.add(key);
    queue.push(job);
  };
  for (const origin of options.origins) enqueue({ origin, source: 'given' });

  const discoverFrom = (rows: ControllerDetail[]) => {
    for (const row of rows) {
      const origins = addressesOf(memo, row);
      if (origins.length === 0) {
        unaddressed.add(row.id);
      } else if (!origins.some((o) => known.has(originKey(memo, o)))) {
        enqueue({ origin: origins[0]!, source: 'discovered', expectedId: row.id });
      }
    }
  };

  // A simple work loop: start jobs while slots are free, wait for any to finish, stop at the deadline.
  let pump = () => {};
  const run = async (job: TargetOrigin) => {
    // The controllers a replica names are polled as soon as that replica arrives.
    const discoverEarly = (replica: Signals['replica']) => {
      if (!options.discover || !replica.ok) return;
      discoverFrom(replica.value);
      pump();
    };
    const signals = await fetchSignals(client, job.origin, options.auth ?? null, {
      onReplica: discoverEarly,
      memo,
    }).catch((err: unknown) => internalFailure(err, job.origin));
    results.push(targetEvidence(job, signals));
    answered++;
    options.onProgress?.(answered, known.size);
  };

  await new Promise<void>((resolve) => {
    pump = () => {
      while (running < concurrency && queue.length > 0 && !deadline.expired()) {
        const job = queue.shift()!;
        running++;
        void run(job).finally(() => {
          running--;
          pump();
        });
      }
      if (running === 0) {
        // Jobs still queued when the deadline hit were never asked: their status is unknown, not offline.
        for (const job of queue.splice(0))
          unpolled.push({
            id: job.expectedId ?? null,
            origin: job.origin,
            reason: 'the run deadline was reached before it could be polled',
          });
        resolve();
      }
    };
    pump();
  });

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
