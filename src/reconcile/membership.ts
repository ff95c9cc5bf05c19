// Rule 1 and 2 of docs/design.md section 3: who is a member, who is a former member, and the quorum.
import { compareIds } from '../compare.js';
import type { NodeFacts } from './facts.js';

export interface Membership {
  /** Every controller any evidence names, sorted by id. */
  allIds: string[];
  /** Ids listed as members by at least one live view. */
  liveMembers: Set<string>;
  /** Whether any live view (list-members) could be read at all. */
  hasLiveViews: boolean;
  formerMembers: Set<string>;
  /** The former members removed while they still run (the leader's non-voter, gone from its replica). */
  removedRunning: Set<string>;
  voters: string[];
  /** False when voters come from a replica because no live view was readable. */
  votersVerified: boolean;
  needed: number;
}

export function liveViewsOf(facts: Map<string, NodeFacts>): NodeFacts[] {
  return [...facts.values()].filter((f) => f.liveView !== null);
}

/** The leader's own replica and live view: the cluster's word on who still belongs to it. */
export interface LeaderRecord {
  leader: string;
  rows: ReadonlyMap<string, unknown>;
}

export function findMembership(
  facts: Map<string, NodeFacts>,
  consensusRows: readonly { id: string }[] | null,
  record: LeaderRecord | null = null,
): Membership {
  const views = liveViewsOf(facts);
  // Loops into sets rather than flatMap: with 100 controllers each kind holds 10,000 entries.
  const liveMembers = new Set<string>();
  const liveVoters = new Set<string>();
  for (const f of views) {
    for (const m of f.liveView!) {
      liveMembers.add(m.id);
      if (m.voter) liveVoters.add(m.id);
    }
  }
  const replicaIds = new Set<string>();
  for (const f of facts.values()) for (const r of f.replica ?? []) replicaIds.add(r.id);
  const allIds = [...new Set([...facts.keys(), ...liveMembers, ...replicaIds])].sort(compareIds);
  const hasLiveViews = views.length > 0;

  // Named only by replicas while no live view lists it and it does not answer: an ex-member.
  const formerMembers = new Set(
    hasLiveViews
      ? allIds.filter((id) => !liveMembers.has(id) && !(facts.get(id)?.reachable ?? false) && replicaIds.has(id))
      : [],
  );
  const removedRunning = new Set(removedMembers(facts, allIds, record).filter((id) => !formerMembers.has(id)));
  for (const id of removedRunning) formerMembers.add(id);
  const voters = (hasLiveViews ? [...liveVoters] : (consensusRows ?? []).map((r) => r.id))
    .filter((id) => !formerMembers.has(id))
    .sort(compareIds);
  return {
    allIds,
    liveMembers,
    hasLiveViews,
    formerMembers,
    removedRunning,
    voters,
    votersVerified: hasLiveViews,
    needed: Math.floor(voters.length / 2) + 1,
  };
}

/**
 * Controllers removed from the cluster (`ziti agent cluster remove`) that may still run: v2.0.3's
 * leader drops a removed member's row from the controllers table within seconds, while its live
 * view keeps listing the member as a connected non-voter for as long as it runs, and the removed
 * member keeps serving its own stale replica with every old row. So: listed by the leader's live
 * view as a non-voter, and absent from the leader's replica. One the leader does not list at all
 * while it answers stays not-member: nothing says it left on purpose. A non-voter that has only
 * just joined, before the leader writes its row, looks the same for that moment.
 */
function removedMembers(
  facts: Map<string, NodeFacts>,
  allIds: readonly string[],
  record: LeaderRecord | null,
): string[] {
  if (record === null) return [];
  const leaderView = facts.get(record.leader)?.liveView;
  if (!leaderView) return [];
  return allIds.filter(
    (id) => id !== record.leader && !record.rows.has(id) && leaderView.find((m) => m.id === id)?.voter === false,
  );
}
