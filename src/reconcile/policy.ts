// The operator's thresholds that the reconcile rules compare evidence with: not evidence themselves,
// so they come in beside it (--max-lag, --cert-warn, --max-elections), each with the default the
// README's flag table names.

export interface ReconcilePolicy {
  /** A member more than this many raft entries behind the leader is `lagging` (--max-lag). */
  maxLagEntries: number;
  /** A certificate expiring within this many milliseconds is `cert-expiring` (--cert-warn). */
  certWarnMs: number;
  /** More leader changes than this within electionWindowMs is `leader-flap` (--max-elections, watch and serve). */
  maxElections: number;
  electionWindowMs: number;
}

export const DEFAULT_POLICY: ReconcilePolicy = {
  maxLagEntries: 100,
  certWarnMs: 30 * 24 * 3_600_000,
  maxElections: 2,
  electionWindowMs: 10 * 60_000,
};
