// Per-controller facts distilled from raw evidence, the first step of reconcile (docs/design.md
// section 3): which target is which controller (section 2, "Which controller an address is"),
// whether it answered, its first network failure, and its own live view, replica and raft claim.
// Every rule reads these instead of the raw signals, so each signal is interpreted once. Pure.
import {
  answered,
  failedSignals,
  isNetworkFailure,
  outcomesOf,
  type Evidence,
  type Failure,
  type TargetEvidence,
} from '../evidence.js';
import type { ClusterMember } from '../schemas/cluster-members.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import { addressesOf, originKey } from '../addresses.js';
import { compareIds, compareText } from '../compare.js';
import type { Memo } from '../memo.js';
import { findForeign } from './foreign-clusters.js';
import { judgePeers } from './peer-identity.js';

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
  /** Why what answered at its address belongs to another cluster (its views are then ignored), or null. */
  foreign: string | null;
  /** The SPIFFE id the certificate its address served carries (peer-identity.ts), or null. */
  spiffeId: string | null;
  /**
   * Why its address's certificates say another controller answered (its views are then ignored,
   * and what it is itself is unknown), or null.
   */
  impostor: string | null;
  unpolledReason: string | null;
}

export interface CollectedFacts {
  facts: Map<string, NodeFacts>;
  /**
   * Given addresses that answered but that no replica publishes (a load balancer, another name): seeds for discovery,
   * not controllers.
   */
  seeds: TargetEvidence[];
}

export function collectFacts(evidence: Evidence, memo: Memo): CollectedFacts {
  // Canonical order (by origin, then by id below): the view depends on the evidence, not on the
  // order it arrived in (a tie between two addresses of one controller, the order of reasons).
  const targets = [...evidence.targets].sort((a, b) => compareText(a.origin, b.origin));
  const foreign = findForeign(targets, memo);
  const idsByOrigin = new Map<string, Set<string>>();
  // Whose certificate is whose, for the peer certificates (peer-identity.ts).
  const idsByFingerprint = new Map<string, Set<string>>();
  const fingerprintOf = new Map<string, string>();
  for (const target of targets) {
    if (foreign.has(target)) continue;
    for (const row of target.signals.replica.ok ? target.signals.replica.value : []) {
      idsByFingerprint.set(row.fingerprint, (idsByFingerprint.get(row.fingerprint) ?? new Set()).add(row.id));
      fingerprintOf.set(row.id, row.fingerprint);
      for (const origin of addressesOf(memo, row)) {
        const key = originKey(memo, origin);
        const ids = idsByOrigin.get(key) ?? new Set<string>();
        ids.add(row.id);
        idsByOrigin.set(key, ids);
      }
    }
  }

  const facts = new Map<string, NodeFacts>();
  const seeds: TargetEvidence[] = [];
  // Answers that speak for no controller row: seeds, and the weaker of two addresses of one controller.
  const unheard: TargetEvidence[] = [];
  for (const target of targets) {
    const named = [...(idsByOrigin.get(originKey(memo, target.origin)) ?? [])].sort(compareIds);
    const alien = foreign.get(target);
    // Found only through another cluster's replica: not a controller of this cluster at all.
    if (alien !== undefined && named.length === 0 && target.source === 'discovered') continue;
    const unidentified = named.length === 0 && target.expectedId === undefined;
    const id =
      alien !== undefined
        ? (named[0] ?? target.expectedId ?? target.origin)
        : (target.expectedId ?? named[0] ?? target.origin);
    // Only an address known to be some controller can be answered by the wrong one.
    const peer = unidentified
      ? null
      : judgePeers(target.signals.peers, id, fingerprintOf.get(id) ?? null, idsByFingerprint);
    const fact =
      alien !== undefined
        ? foreignFacts(target, id, alien)
        : peer?.problem
          ? impostorFacts(target, id, peer.problem)
          : factsOf(
              target,
              id,
              named.filter((n) => n !== id),
              unidentified,
            );
    fact.spiffeId = peer?.spiffeId ?? target.signals.peers?.[0]?.spiffeId ?? null;
    // Replicas publish every controller's addresses, yet none names this one: its views cannot be
    // attributed to any controller, so they must not vote for a leader or a quorum.
    if (unidentified && fact.reachable && idsByOrigin.size > 0) {
      seeds.push(target);
      unheard.push(target);
      continue;
    }
    const existing = facts.get(id);
    if (existing === undefined || rank(fact) > rank(existing)) {
      if (existing?.target && existing.foreign === null) unheard.push(existing.target);
      facts.set(id, fact);
    } else if (alien === undefined) {
      unheard.push(target);
    }
  }
  for (const unpolled of evidence.unpolled) {
    const id = unpolled.id ?? unpolled.origin;
    if (id !== null && !facts.has(id)) facts.set(id, emptyFacts(id, unpolled.reason));
  }
  // Their views do not vote, but a controller they name is still a controller (docs/design.md
  // section 3 rule 1): usually discovery polled it already; with --no-discover it is shown, not polled.
  for (const target of unheard) {
    for (const id of namesIn(target)) if (!facts.has(id)) facts.set(id, emptyFacts(id, null));
  }
  return { facts: new Map([...facts].sort(([a], [b]) => compareIds(a, b))), seeds };
}

function namesIn(target: TargetEvidence): string[] {
  const { replica, members } = target.signals;
  return [...(replica.ok ? replica.value.map((r) => r.id) : []), ...(members.ok ? members.value.map((m) => m.id) : [])];
}

// Several addresses reaching one controller: the one that answered speaks for it, then one the
// user gave, then one that failed for a reason other than DNS (a stale alias must not hide a hang).
function rank(f: NodeFacts): number {
  return (f.reachable ? 4 : 0) + (f.target?.source === 'given' ? 2 : 0) + (f.networkFailure?.kind === 'dns' ? 0 : 1);
}

function factsOf(target: TargetEvidence, id: string, identityConflict: string[], unidentified: boolean): NodeFacts {
  const { signals } = target;
  const reachable = answered(signals);
  const firstNetwork = outcomesOf(signals).find((o) => !o.ok && isNetworkFailure(o.failure.kind));
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
    foreign: null,
    spiffeId: null,
    impostor: null,
    unpolledReason: null,
  };
}

// What answered is another cluster's controller: we never talked to this one (not reachable), and
// the stranger's views must not vote for this cluster's leader, quorum or membership. Its signals
// are replaced so that the row's error says what happened instead of showing the stranger's data.
function foreignFacts(target: TargetEvidence, id: string, why: string): NodeFacts {
  const signals = failedSignals({ kind: 'schema', message: `${target.origin} ${why}` });
  return { ...emptyFacts(id, null), target: { ...target, signals }, foreign: why };
}

// Another controller answered at its address: as with another cluster, its views are not this
// controller's, and we never heard this one, so whether it is up is unknown (status.ts).
function impostorFacts(target: TargetEvidence, id: string, why: string): NodeFacts {
  const signals = failedSignals({ kind: 'schema', message: `${target.origin}: ${why}` });
  return { ...emptyFacts(id, null), target: { ...target, signals }, impostor: why };
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
    foreign: null,
    spiffeId: null,
    impostor: null,
    unpolledReason,
  };
}

/** The entry a node's own live view holds about itself. */
export function selfEntry(node: NodeFacts): ClusterMember | undefined {
  return node.liveView?.find((m) => m.id === node.id);
}
