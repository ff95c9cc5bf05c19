// Replica lag by raft index (docs/design.md section 3 rule 6, `lagging`): how many log entries a
// member's applied index is behind the consensus leader's, from each controller's own
// `data-model-index` inspection (src/client/fetch-inspection.ts). Pure.
//
// The leader's index is the consensus leader's own answer, never a follower's idea of it: without
// a backed leader there is no log anyone is behind, and without the leader's own answer the lag is
// unknown (null), which raises nothing. A member whose inspection failed, was refused or was not
// asked has no index (null); that failure is reported by the rules that report every signal's
// failure (bad-response, auth), not here.
import type { DataModelIndex } from '../schemas/inspections.js';
import type { FlagRule, ReconcileContext } from './context.js';

/** `id`'s applied raft index as it said itself, or null when it did not (or said it of another id). */
function appliedIndexOf(ctx: ReconcileContext, id: string): DataModelIndex | null {
  const inspection = ctx.facts.get(id)?.target?.signals.inspection;
  if (!inspection?.ok || inspection.value === null) return null;
  // Asked about the id its own replica gave the address; a target that reconcile took for another
  // controller (an identity conflict) does not speak for this one.
  return inspection.value.askedFor === id ? inspection.value.index : null;
}

/**
 * Entries `id` is behind the consensus leader, or null when unknown: no leader, either index
 * missing, a former member (it replicates nothing any more), or the two indexes of different
 * timelines (after a restore the counts start again and cannot be compared). Never negative: the
 * two answers are taken at slightly different instants, so a member asked after the leader may
 * already have applied entries the leader committed in between; it cannot truly be ahead of the
 * leader's log, so the lag is 0.
 */
function lagOf(ctx: ReconcileContext, id: string): number | null {
  const leader = ctx.leader.leader;
  if (leader === null || ctx.membership.formerMembers.has(id)) return null;
  const leading = appliedIndexOf(ctx, leader);
  const own = appliedIndexOf(ctx, id);
  if (leading === null || own === null || leading.timeline !== own.timeline) return null;
  if (sampledTooEarly(ctx, id, leader)) return null;
  return Math.max(0, leading.index - own.index);
}

/** How much older than the leader's a member's answer may be and still be compared with it. */
const MAX_SAMPLE_SKEW_MS = 1000;

/**
 * A member's index read before the leader's overstates its lag by every entry committed in between
 * (read after, it can only understate it). One run asks everyone at once; in watch each controller
 * is polled on its own, and a view may hold a member's previous poll beside the leader's newest:
 * then, under writes, a healthy member would look behind. Such a pair is not compared.
 */
function sampledTooEarly(ctx: ReconcileContext, id: string, leader: string): boolean {
  const memberAge = ctx.facts.get(id)?.target?.freshness?.ageMs;
  const leaderAge = ctx.facts.get(leader)?.target?.freshness?.ageMs;
  return memberAge !== undefined && leaderAge !== undefined && memberAge - leaderAge > MAX_SAMPLE_SKEW_MS;
}

/** The row's two fields: its own applied index and its lag. */
export function lagFields(ctx: ReconcileContext, id: string): { raftIndex: number | null; lagEntries: number | null } {
  return { raftIndex: appliedIndexOf(ctx, id)?.index ?? null, lagEntries: lagOf(ctx, id) };
}

export const lagging: FlagRule = (ctx, id) => {
  const lag = lagOf(ctx, id);
  if (lag === null || lag <= ctx.policy.maxLagEntries) return null;
  const own = appliedIndexOf(ctx, id)!.index;
  const leading = appliedIndexOf(ctx, ctx.leader.leader!)!.index;
  return {
    code: 'lagging',
    message:
      `its applied raft index ${own} is ${lag} entries behind the leader ${ctx.leader.leader}'s ${leading} ` +
      `(more than --max-lag ${ctx.policy.maxLagEntries})`,
  };
};
