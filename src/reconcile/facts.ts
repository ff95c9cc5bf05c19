// Per-controller facts distilled from raw evidence: which target is which controller, whether it
// answered, and its own live view, replica and raft claim. Pure.
import { isNetworkFailure, type Evidence, type Failure, type Outcome, type Signals, type TargetEvidence } from '../evidence.js';
import type { ClusterMember } from '../schemas/cluster-members.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import { addressesOf, originKey } from '../addresses.js';

export interface NodeFacts {
  id: string;
  target: TargetEvidence | null;
  /** True when at least one HTTP exchange with it succeeded (any well-formed response). */
  reachable: boolean;
  /** Why nothing answered, when it was polled but is not reachable. */
  networkFailure: Failure | null;
  liveView: ClusterMember[] | null;
  replica: ControllerDetail[] | null;
  /** The replica indexed by controller id: rules look rows up per controller, so this keeps reconcile linear. */
  replicaById: Map<string, ControllerDetail> | null;
  /** raft.isLeader from its own health check; null when that signal is missing. */
  raftClaim: boolean | null;
  /** Ids other than `id` that replicas also give this target's address (a URL answering as several). */
  identityConflict: string[];
  /** Given target that no replica names: keyed by its origin. */
  unidentified: boolean;
  unpolledReason: string | null;
}

const SIGNALS: (keyof Signals)[] = ['version', 'health', 'raft', 'members', 'replica'];

export function outcomes(target: TargetEvidence): Outcome<unknown>[] {
  return SIGNALS.map((name) => target.signals[name] as Outcome<unknown>);
}

export function isReachable(target: TargetEvidence): boolean {
  return outcomes(target).some((o) => o.ok || !isNetworkFailure(o.failure.kind));
}

export interface CollectedFacts {
  facts: Map<string, NodeFacts>;
  /** Given addresses that answered but that no replica publishes (a load balancer, another name): seeds for discovery, not controllers. */
  seeds: TargetEvidence[];
}

export function collectFacts(evidence: Evidence): CollectedFacts {
  const idsByOrigin = new Map<string, Set<string>>();
  for (const target of evidence.targets) {
    for (const row of target.signals.replica.ok ? target.signals.replica.value : []) {
      for (const origin of addressesOf(row)) {
        const ids = idsByOrigin.get(originKey(origin)) ?? new Set<string>();
        ids.add(row.id);
        idsByOrigin.set(originKey(origin), ids);
      }
    }
  }

  const facts = new Map<string, NodeFacts>();
  const seeds: TargetEvidence[] = [];
  for (const target of evidence.targets) {
    const named = [...(idsByOrigin.get(originKey(target.origin)) ?? [])].sort();
    const unidentified = named.length === 0 && target.expectedId === undefined;
    const id = target.expectedId ?? named[0] ?? target.origin;
    const fact = factsOf(target, id, named.filter((n) => n !== id), unidentified);
    // Replicas publish every controller's addresses, yet none names this one: its views cannot be
    // attributed to any controller, so they must not vote for a leader or a quorum.
    if (unidentified && fact.reachable && idsByOrigin.size > 0) {
      seeds.push(target);
      continue;
    }
    const existing = facts.get(id);
    if (existing === undefined || rank(fact) > rank(existing)) facts.set(id, fact);
  }
  for (const unpolled of evidence.unpolled) {
    const id = unpolled.id ?? unpolled.origin;
    if (id !== null && !facts.has(id)) facts.set(id, emptyFacts(id, unpolled.reason));
  }
  return { facts, seeds };
}

// Several addresses reaching one controller: the one that answered speaks for it, then one the
// user gave, then one that failed for a reason other than DNS (a stale alias must not hide a hang).
function rank(f: NodeFacts): number {
  return (f.reachable ? 4 : 0) + (f.target?.source === 'given' ? 2 : 0) + (f.networkFailure?.kind === 'dns' ? 0 : 1);
}

function factsOf(target: TargetEvidence, id: string, identityConflict: string[], unidentified: boolean): NodeFacts {
  const { signals } = target;
  const reachable = isReachable(target);
  const firstNetwork = outcomes(target).find((o) => !o.ok && isNetworkFailure(o.failure.kind));
  return {
    id,
    target,
    reachable,
    networkFailure: !reachable && firstNetwork && !firstNetwork.ok ? firstNetwork.failure : null,
    liveView: signals.members.ok ? signals.members.value : null,
    replica: signals.replica.ok ? signals.replica.value : null,
    replicaById: signals.replica.ok ? new Map(signals.replica.value.map((r) => [r.id, r])) : null,
    raftClaim: signals.raft.ok && signals.raft.value !== null ? signals.raft.value.raft.isLeader : null,
    identityConflict,
    unidentified,
    unpolledReason: null,
  };
}

export function emptyFacts(id: string, unpolledReason: string | null): NodeFacts {
  return {
    id,
    target: null,
    reachable: false,
    networkFailure: null,
    liveView: null,
    replica: null,
    replicaById: null,
    raftClaim: null,
    identityConflict: [],
    unidentified: false,
    unpolledReason,
  };
}

/** The entry a node's own live view holds about itself. */
export function selfEntry(node: NodeFacts): ClusterMember | undefined {
  return node.liveView?.find((m) => m.id === node.id);
}
