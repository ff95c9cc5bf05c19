// What one run, or one watch session, remembers of the values controllers send. The caller
// creates a Memo (one per run, one per watch session) and passes it down; nothing outlives it, so
// reconcile stays a function of its evidence (docs/design.md section 3): a memo changes how fast
// the answer comes, never which answer.
import type { ControllerDetail } from './schemas/controllers.js';

/**
 * Most values a table holds: the same few hundred values recur in every replica, but a hostile
 * controller could send new ones on every poll of a watch that runs for days.
 */
export const MEMO_LIMIT = 10_000;

/**
 * One pure function's results by key, forgotten all at once at `limit`. `compute` never returns
 * undefined (null is fine): undefined marks a value not yet computed.
 */
export class MemoTable<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly limit = MEMO_LIMIT) {}

  get(key: string, compute: (key: string) => Exclude<T, undefined>): T {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.limit) this.values.clear();
      value = compute(key);
      this.values.set(key, value);
    }
    return value;
  }
}

/**
 * Every replica holds a row for every controller: with 100 controllers one poll of all of them
 * brings 10,000 rows repeating the same few hundred addresses and join times, and several rules
 * ask for the same row's addresses. These tables let each be worked out once.
 */
export class Memo {
  /** Origin of each address URL a controller published (addresses.ts). */
  readonly origins = new MemoTable<string | null>();
  /** Key under which an origin counts as the same address as another (addresses.ts). */
  readonly originKeys = new MemoTable<string>();
  /**
   * Each lastJoinedAt as epoch milliseconds: Date.parse is the slow part of checking them (client/fetch-replica.ts).
   */
  readonly joinTimes = new MemoTable<number>();
  /**
   * Each certPem's validity in epoch ms, or why it is no certificate (reconcile/certificates.ts): every replica
   * holds every controller's certificate, and parsing one is the costly part.
   */
  readonly certificates = new MemoTable<{ notBefore: number; notAfter: number } | { unreadable: string }>();
  /** Origins worked out for each replica row (addresses.ts). */
  readonly rowOrigins = new WeakMap<ControllerDetail, readonly string[]>();
  /**
   * The row last seen for each id (addresses.ts): the next replica's row for that id nearly always
   * publishes the same addresses, and comparing URL strings is far cheaper than parsing them.
   */
  readonly lastRowById = new Map<string, ControllerDetail>();
}
