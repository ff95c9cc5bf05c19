// Which polled addresses this run's own evidence vouches for. The member cache lets a run ask
// last run's members before any replica has named them; such an answer counts only once a replica
// of a vouched address publishes that origin (the given ones vouch for themselves, and so, as
// ever, does what they discover). A cached address that no replica of this run publishes (a removed
// member, a re-used port) is evidence of nothing and never becomes a row.
import { addressesOf, originKey } from './addresses.js';
import { compareIds } from './compare.js';
import type { TargetOrigin } from './evidence.js';
import type { Memo } from './memo.js';
import type { ControllerDetail } from './schemas/controllers.js';

/** A polled address: how it was found, what found it, and its replica once that has arrived. */
export interface PollJob extends TargetOrigin {
  /** Asked because the member cache named it, not because a replica of this run did (yet). */
  cached: boolean;
  /** The job whose replica discovered it; null for given and cached ones. */
  via: PollJob | null;
  replica: ControllerDetail[] | null;
}

export class Vouching {
  private readonly trusted = new Set<PollJob>();
  private readonly untrusted = new Set<PollJob>();
  /** Origin key -> the ids of the rows in vouched replicas that publish it. */
  private readonly published = new Map<string, string[]>();

  constructor(private readonly memo: Memo) {}

  add(job: PollJob): void {
    if (this.vouchedFor(job)) {
      this.trust(job);
      this.settle();
    } else {
      this.untrusted.add(job);
    }
  }

  /** A job's replica arrived; a vouched one's rows may vouch for others. */
  replica(job: PollJob, rows: ControllerDetail[] | null): void {
    job.replica = rows;
    if (rows !== null && this.trusted.has(job)) {
      this.publish(rows);
      this.settle();
    }
  }

  has(job: PollJob): boolean {
    return this.trusted.has(job);
  }

  /**
   * The controller id a vouched cached address is taken for: the first (in id order) of the rows
   * that publish it, as discovery would have taken it from that row.
   */
  idOf(job: PollJob): string | undefined {
    if (job.expectedId !== undefined || !job.cached) return job.expectedId;
    return [...(this.published.get(originKey(this.memo, job.origin)) ?? [])].sort(compareIds)[0];
  }

  private vouchedFor(job: PollJob): boolean {
    return (
      job.source === 'given' ||
      (job.via !== null && this.trusted.has(job.via)) ||
      this.published.has(originKey(this.memo, job.origin))
    );
  }

  private trust(job: PollJob): void {
    this.trusted.add(job);
    if (job.replica !== null) this.publish(job.replica);
  }

  private publish(rows: ControllerDetail[]): void {
    for (const row of rows) {
      for (const origin of addressesOf(this.memo, row)) {
        const key = originKey(this.memo, origin);
        const ids = this.published.get(key);
        if (ids === undefined) this.published.set(key, [row.id]);
        else if (!ids.includes(row.id)) ids.push(row.id);
      }
    }
  }

  /** Trusting one job can vouch for others (its replica publishes them): until nothing changes. */
  private settle(): void {
    let changed = this.untrusted.size > 0;
    while (changed) {
      changed = false;
      for (const job of this.untrusted) {
        if (!this.vouchedFor(job)) continue;
        this.untrusted.delete(job);
        this.trust(job);
        changed = true;
      }
    }
  }
}
