// Which polled addresses this run's own evidence vouches for. The member cache lets a run ask
// last run's members before any replica has named them; such an answer counts only once a replica
// of a vouched address publishes that origin (the given ones vouch for themselves, and so, as
// ever, does what they discover). A cached address that no replica of this run publishes (a removed
// member, a re-used port) is evidence of nothing and never becomes a row.
import { addressesOf, originKey } from './addresses.js';
import type { Authenticator } from './client/auth/authenticator.js';
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
  /** Those waiting to learn whether a job will be vouched for (see gatedAuth). */
  private readonly waiting = new Map<PollJob, (trusted: boolean) => void>();
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

  /** Resolves true once `job` is vouched for, false if the run ends first (giveUp). */
  whenTrusted(job: PollJob): Promise<boolean> {
    if (this.trusted.has(job)) return Promise.resolve(true);
    return new Promise((resolve) => this.waiting.set(job, resolve));
  }

  /** The run's evidence is settled: whatever is not vouched for by now never will be. */
  giveUp(): void {
    for (const resolve of this.waiting.values()) resolve(false);
    this.waiting.clear();
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
    this.waiting.get(job)?.(true);
    this.waiting.delete(job);
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

/**
 * The authenticator a cached address not yet vouched for polls with: its unauthenticated requests
 * (and so its TLS handshake) go at once, but no session, token or password goes to it, nor a login,
 * until a replica of this run publishes it. One never vouched for is asked without credentials.
 */
export function gatedAuth(auth: Authenticator, trusted: Promise<boolean>): Authenticator {
  const gated = Object.create(auth) as Authenticator;
  gated.session = async (client, origin, capabilities) =>
    (await trusted) ? auth.session(client, origin, capabilities) : null;
  gated.renew = (client, origin, capabilities) => auth.renew(client, origin, capabilities);
  gated.canRenew = () => auth.canRenew();
  return gated;
}
