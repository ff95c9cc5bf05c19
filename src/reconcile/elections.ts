// Leader changes over time (watch and serve): the history earlier views left comes in as evidence,
// this view's consensus leader extends it, and too many changes within the window raise
// `leader-flap`. What counts as a change (docs/design.md section 3 rule 6):
// - a view naming another leader than the last one any earlier view named, leaderless views
//   between them or not: A, none, B is one change, from A to B;
// - not the first leader seen (who led before the watch began is unknown);
// - not a view without a leader: on its own it may be our polls failing, not the cluster;
// - not A, none, A: the API shows no raft term, so a re-election of the same leader cannot be told
//   apart from views we could not read, and counting it would let our own lost polls raise the flag.
import type { ElectionHistory } from '../evidence.js';
import type { Elections, Flag } from '../model.js';
import type { ReconcileContext } from './context.js';
import type { ReconcilePolicy } from './policy.js';

/** Before the first view. */
export const NO_ELECTIONS: ElectionHistory = { lastLeader: null, recent: [], total: 0, last: null };

/** The history once a view at `now` named `leader` (null: none); changes older than the window are dropped. */
export function advanceElections(
  history: ElectionHistory,
  leader: string | null,
  now: Date,
  windowMs: number,
): ElectionHistory {
  const since = now.getTime() - windowMs;
  const recent = history.recent.filter((c) => Date.parse(c.at) > since);
  if (leader === null || leader === history.lastLeader) return { ...history, recent };
  if (history.lastLeader === null) return { ...history, lastLeader: leader, recent };
  const change = { at: now.toISOString(), from: history.lastLeader, to: leader };
  return { lastLeader: leader, recent: [...recent, change], total: history.total + 1, last: change };
}

/** The cluster summary's `elections`. */
export function electionsSummary(history: ElectionHistory, policy: ReconcilePolicy): Elections {
  return {
    changes: history.recent.length,
    windowMs: policy.electionWindowMs,
    max: policy.maxElections,
    total: history.total,
    last: history.last,
  };
}

/**
 * More changes within the window than --max-elections: on the current leader's row, the one the
 * operator looks at for leadership; while there is none, on the row of the newest change's leader,
 * so the flag stays visible through the leaderless moments a flapping cluster has.
 */
export function leaderFlap(ctx: ReconcileContext, id: string): Flag | null {
  const history = ctx.elections;
  if (history === null || history.recent.length <= ctx.policy.maxElections) return null;
  if (id !== (ctx.leader.leader ?? history.last?.to)) return null;
  const minutes = ctx.policy.electionWindowMs / 60_000;
  const shown = history.recent.slice(-3).map((c) => `${c.from} -> ${c.to} at ${c.at}`);
  const more = history.recent.length > shown.length ? `${history.recent.length - shown.length} more, then ` : '';
  return {
    code: 'leader-flap',
    message:
      `${history.recent.length} leader changes within ${minutes} minutes, more than --max-elections ` +
      `${ctx.policy.maxElections}: ${more}${shown.join(', ')}`,
  };
}
