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
  /**
   * Voters never asked whose votes the accepted leader needed (section 2, "not asked"); empty when a quorum of voices
   * backs it.
   */
  unaskedVoters: string[];
}

export function findLeader(facts: Map<string, NodeFacts>, needed: number, voters: ReadonlySet<string>): LeaderFinding {
  // Only voters elect: a non-voter's view naming a leader is not a vote.
  const views = liveViewsOf(facts).filter((v) => voters.has(v.id));
  const claimants = new Set<string>();
  for (const f of facts.values()) if (ownClaim(f)) claimants.add(f.id);
  for (const v of views) for (const m of v.liveView!) if (m.leader) claimants.add(m.id);
  const sorted = [...claimants].sort(compareIds);

  if (views.length === 0) return fromRaftRoles(facts, sorted, voters);

  // Voters we never asked (no address, --no-discover, the deadline first) are not known to vote
  // against anyone: what was not asked is not evidence (section 3 rule 3).
  const unasked = [...voters].filter((v) => (facts.get(v)?.target ?? null) === null).sort(compareIds);
  const byVoices: string[] = [];
  const byConnectivity: string[] = [];
  const byUnasked: string[] = [];
  const rejected = new Map<string, string>();
  for (const id of sorted) {
    const backing = backingOf(facts.get(id), id, views, needed, unasked);
    if (backing === 'voices') byVoices.push(id);
    else if (backing === 'connectivity') byConnectivity.push(id);
    else if (backing === 'unasked') byUnasked.push(id);
    else rejected.set(id, backing.reason);
  }
  // Views that name a leader outweigh a claimant's own mesh: "connected" only says who it can see.
  // A leader that every view asked names, connected, and that only unasked votes keep short of a
  // quorum comes last, and only alone: a view naming anyone else rejects it.
  const named = new Set(views.flatMap((v) => v.liveView!.filter((m) => m.leader).map((m) => m.id)));
  const unaskedAlone = byUnasked.length === 1 && named.size === 1 ? byUnasked : [];
  const backed = byVoices.length > 0 ? byVoices : byConnectivity.length > 0 ? byConnectivity : unaskedAlone;
  for (const id of byUnasked)
    if (!backed.includes(id))
      rejected.set(id, `${id} is backed only if voters never asked (${unasked.join(', ')}) agree`);
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
      voters,
    );
    if (byRoles.leader !== null) return { ...byRoles, claimants: sorted };
  }
  return {
    leader: backed.length === 1 ? backed[0]! : null,
    claimants: sorted,
    backed,
    rejected,
    fromRaftRolesOnly: false,
    unaskedVoters: backed === unaskedAlone && backed.length === 1 ? unasked : [],
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
  unasked: readonly string[],
): 'voices' | 'connectivity' | 'unasked' | { reason: string } {
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
  // Every vote it lacks may sit with voters never asked: not known short of a quorum. It needs one
  // voice we heard, and the unasked it counts on exclude any view we read.
  if (voices > 0 && voices + unasked.filter((v) => v !== id || !reachable).length >= needed) return 'unasked';
  if (!reachable) {
    const named = others.filter((v) => entry(v, id)?.leader === true).map((v) => v.id);
    const what = node?.target == null ? 'was not asked' : 'is unreachable';
    return {
      reason:
        named.length > 0
          ? voices === 0
            ? `${id} is named leader by ${named.join(', ')} but ${what} and not connected in their views ` +
              `(a dead leader still named)`
            : `${id} is named leader by ${named.join(', ')} but ${what} and backed by ${voices} ` +
              `of ${needed} needed connected views`
          : `${id} ${what} and backed by no connected view`,
    };
  }
  return { reason: `${id} claims leadership with ${Math.max(voices, connected)} of ${needed} needed voters behind it` };
}

function entry(view: NodeFacts, id: string) {
  return view.liveView?.find((m) => m.id === id);
}

// Without list-members (no permission) the raft roles are all we have: accept a single claimant
// only when every other reachable controller that could lead says follower. Where live views name
// the voters, only a voter could: a non-voter's unreadable role is no rival claim (and blocking on
// it would make an answer that half works judge harder than no answer at all).
function fromRaftRoles(facts: Map<string, NodeFacts>, claimants: string[], voters: ReadonlySet<string>): LeaderFinding {
  const rejected = new Map<string, string>();
  const couldLead = (f: NodeFacts) => voters.size === 0 || voters.has(f.id);
  const reachable = [...facts.values()].filter((f) => f.reachable && couldLead(f));
  const undecided = reachable.filter((f) => !claimants.includes(f.id) && f.raftClaim !== false).map((f) => f.id);
  let leader: string | null = null;
  if (claimants.length === 1 && undecided.length === 0) leader = claimants[0]!;
  else if (claimants.length === 1)
    rejected.set(claimants[0]!, `the raft role of ${undecided.join(', ')} could not be read`);
  return {
    leader,
    claimants,
    backed: leader === null ? [] : [leader],
    rejected,
    fromRaftRolesOnly: true,
    unaskedVoters: [],
  };
}
