// Rule 1 and 2 of DESIGN.md section 3: who is a member, who is a former member, and the quorum.
import type { NodeFacts } from './facts.js';

export interface Membership {
  /** Every controller any evidence names, sorted by id. */
  allIds: string[];
  /** Ids listed as members by at least one live view. */
  liveMembers: Set<string>;
  /** Whether any live view (list-members) could be read at all. */
  hasLiveViews: boolean;
  formerMembers: Set<string>;
  voters: string[];
  /** False when voters come from a replica because no live view was readable. */
  votersVerified: boolean;
  needed: number;
}

export function liveViewsOf(facts: Map<string, NodeFacts>): NodeFacts[] {
  return [...facts.values()].filter((f) => f.liveView !== null);
}

export function findMembership(facts: Map<string, NodeFacts>, consensusRows: readonly { id: string }[] | null): Membership {
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

  // OpenZiti never deletes a removed controller's row, so replicas alone can name ex-members.
  const formerMembers = new Set(
    hasLiveViews ? allIds.filter((id) => !liveMembers.has(id) && !(facts.get(id)?.reachable ?? false) && replicaIds.has(id)) : [],
  );
  const voters = hasLiveViews
    ? [...liveVoters].sort(compareIds)
    : (consensusRows ?? []).map((r) => r.id).sort(compareIds);
  return {
    allIds,
    liveMembers,
    hasLiveViews,
    formerMembers,
    voters,
    votersVerified: hasLiveViews,
    needed: Math.floor(voters.length / 2) + 1,
  };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
