// Rule 3 of docs/design.md section 3: which claimant, if any, is a leader backed by a quorum.
import { compareIds } from '../compare.js';
import { selfEntry, type NodeFacts } from './facts.js';
import { liveViewsOf } from './membership.js';

export interface LeaderFinding {
  leader: string | null;
  /** Everyone who claims leadership or is named leader by someone, sorted. */
  claimants: string[];
  /** Claimants backed by a quorum; two or more is split leadership. */
  backed: string[];
  /** Why each unbacked claimant was not accepted, for the summary. */
  rejected: Map<string, string>;
  /** True when no live view was readable and the leader rests on raft roles alone. */
  fromRaftRolesOnly: boolean;
}

export function findLeader(facts: Map<string, NodeFacts>, needed: number, voters: ReadonlySet<string>): LeaderFinding {
  // Only voters elect: a non-voter's view naming a leader is not a vote.
  const views = liveViewsOf(facts).filter((v) => voters.has(v.id));
  const claimants = new Set<string>();
  for (const f of facts.values()) if (ownClaim(f)) claimants.add(f.id);
  for (const v of views) for (const m of v.liveView!) if (m.leader) claimants.add(m.id);
  const sorted = [...claimants].sort(compareIds);

  if (views.length === 0) return fromRaftRoles(facts, sorted);

  const byVoices: string[] = [];
  const byConnectivity: string[] = [];
  const rejected = new Map<string, string>();
  for (const id of sorted) {
    const backing = backingOf(facts.get(id), id, views, needed);
    if (backing === 'voices') byVoices.push(id);
    else if (backing === 'connectivity') byConnectivity.push(id);
    else rejected.set(id, backing.reason);
  }
  // Views that name a leader outweigh a claimant's own mesh: "connected" only says who it can see.
  const backed = byVoices.length > 0 ? byVoices : byConnectivity;
  if (byVoices.length > 0) {
    for (const id of byConnectivity)
      rejected.set(id, `${id} claims leadership, but the other views name ${byVoices.join(', ')}`);
  }
  // Too few views to back anyone (endpoints timed out, permissions differ): the raft roles decide,
  // as they do when no view is readable at all.
  if (backed.length === 0 && views.length < needed) {
    const byRoles = fromRaftRoles(
      facts,
      [...facts.values()]
        .filter((f) => f.raftClaim === true)
        .map((f) => f.id)
        .sort(compareIds),
    );
    if (byRoles.leader !== null) return { ...byRoles, claimants: sorted };
  }
  return {
    leader: backed.length === 1 ? backed[0]! : null,
    claimants: sorted,
    backed,
    rejected,
    fromRaftRolesOnly: false,
  };
}

function ownClaim(f: NodeFacts): boolean {
  return f.raftClaim === true || selfEntry(f)?.leader === true;
}

/**
 * How a claimant is backed by a quorum. A voice is its own claim (only when it answers us) or
 * another live view naming it leader AND showing it connected: a follower that names a leader it
 * cannot see is only remembering one (a dead leader still named). Failing that, a raft leader
 * without a quorum steps down within the lease timeout, so a claimant whose own view shows a
 * connected quorum is backed by connectivity (followers' views may be unreadable).
 */
function backingOf(
  node: NodeFacts | undefined,
  id: string,
  views: NodeFacts[],
  needed: number,
): 'voices' | 'connectivity' | { reason: string } {
  const others = views.filter((v) => v.id !== id);
  const reachable = node?.reachable === true;
  // Its own denial outweighs stale views that still name it.
  if (reachable && node.raftClaim === false && selfEntry(node)?.leader !== true)
    return { reason: `${id} itself says it is a follower` };
  const claims = reachable && ownClaim(node);
  const voices =
    (claims ? 1 : 0) + others.filter((v) => entry(v, id)?.leader === true && entry(v, id)?.connected === true).length;
  if (voices >= needed) return 'voices';
  const connected =
    reachable && selfEntry(node)?.leader === true
      ? (node.liveView ?? []).filter((m) => m.voter && m.connected).length
      : 0;
  if (connected >= needed) return 'connectivity';
  if (!reachable) {
    const named = others.filter((v) => entry(v, id)?.leader === true).map((v) => v.id);
    return {
      reason:
        named.length > 0
          ? `${id} is named leader by ${named.join(', ')} but is unreachable and not connected in their views (a dead leader still named)`
          : `${id} is unreachable and backed by no connected view`,
    };
  }
  return { reason: `${id} claims leadership with ${Math.max(voices, connected)} of ${needed} needed voters behind it` };
}

function entry(view: NodeFacts, id: string) {
  return view.liveView?.find((m) => m.id === id);
}

// Without list-members (no permission) the raft roles are all we have: accept a single claimant
// only when every other reachable controller's raft role says follower.
function fromRaftRoles(facts: Map<string, NodeFacts>, claimants: string[]): LeaderFinding {
  const rejected = new Map<string, string>();
  const reachable = [...facts.values()].filter((f) => f.reachable);
  const undecided = reachable.filter((f) => !claimants.includes(f.id) && f.raftClaim !== false).map((f) => f.id);
  let leader: string | null = null;
  if (claimants.length === 1 && undecided.length === 0) leader = claimants[0]!;
  else if (claimants.length === 1)
    rejected.set(claimants[0]!, `the raft role of ${undecided.join(', ')} could not be read`);
  return { leader, claimants, backed: leader === null ? [] : [leader], rejected, fromRaftRolesOnly: true };
}
