// Per-controller facts distilled from raw evidence: which target is which controller, whether it
// answered, and its own live view, replica and raft claim. Pure.
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
  unpolledReason: string | null;
}

export interface CollectedFacts {
  facts: Map<string, NodeFacts>;
  /** Given addresses that answered but that no replica publishes (a load balancer, another name): seeds for discovery, not controllers. */
  seeds: TargetEvidence[];
}

export function collectFacts(evidence: Evidence, memo: Memo): CollectedFacts {
  // Canonical order (by origin, then by id below): the view depends on the evidence, not on the
  // order it arrived in (a tie between two addresses of one controller, the order of reasons).
  const targets = [...evidence.targets].sort((a, b) => compareText(a.origin, b.origin));
  const foreign = findForeign(targets, memo);
  const idsByOrigin = new Map<string, Set<string>>();
  for (const target of targets) {
    if (foreign.has(target)) continue;
    for (const row of target.signals.replica.ok ? target.signals.replica.value : []) {
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
    const fact =
      alien === undefined
        ? factsOf(
            target,
            id,
            named.filter((n) => n !== id),
            unidentified,
          )
        : foreignFacts(target, id, alien);
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
    unpolledReason,
  };
}

/** The entry a node's own live view holds about itself. */
export function selfEntry(node: NodeFacts): ClusterMember | undefined {
  return node.liveView?.find((m) => m.id === node.id);
}

/**
 * Targets that answer for another cluster (a DNS or load-balancer mistake, a reused address),
 * with the reason. Replicas of one cluster share (id, certificate fingerprint) and (id, API
 * address) pairs even when lagging, so replicas that share none belong to different clusters;
 * the cluster of the addresses the user gave is this one. A target without a readable replica is
 * foreign when its live view names none of this cluster's controllers. Ids alone cannot tell
 * clusters apart: every quickstart names its controllers ctrl1, ctrl2, ...
 */
function findForeign(targets: readonly TargetEvidence[], memo: Memo): Map<TargetEvidence, string> {
  const holders = targets.filter((t) => t.signals.replica.ok && t.signals.replica.value.length > 0);
  const groups = groupByCluster(holders, memo);
  const foreign = new Map<TargetEvidence, string>();
  if (groups.length === 0) return foreign;
  const home = groups.reduce((best, g) => (claimOf(g, targets, memo) > claimOf(best, targets, memo) ? g : best));
  const rowsOf = (t: TargetEvidence) => (t.signals.replica.ok ? t.signals.replica.value : []);
  // Only targets without a replica are judged by their live view; most runs have none.
  let homeIds: Set<string> | undefined;
  const homeIdSet = () =>
    (homeIds ??= new Set(
      home.flatMap((t) => [
        ...rowsOf(t).map((r) => r.id),
        ...(t.signals.members.ok ? t.signals.members.value.map((m) => m.id) : []),
      ]),
    ));
  for (const group of groups) {
    if (group === home) continue;
    const ids = [...new Set(group.flatMap((t) => rowsOf(t).map((r) => r.id)))].sort(compareIds);
    for (const t of group)
      foreign.set(
        t,
        `answers for a different cluster: its replica lists ${list(ids)}, whose certificates and addresses no replica of this cluster shares`,
      );
  }
  for (const t of targets) {
    if (holders.includes(t) || !t.signals.members.ok || t.signals.members.value.length === 0) continue;
    const ids = t.signals.members.value.map((m) => m.id);
    if (!ids.some((id) => homeIdSet().has(id)))
      foreign.set(
        t,
        `answers for a different cluster: its live view lists ${list([...new Set(ids)].sort(compareIds))}, none of which this cluster knows`,
      );
  }
  return foreign;
}

/** Replica holders grouped by shared rows (same id and fingerprint, or same id and address); groups and members in input order. */
function groupByCluster(holders: readonly TargetEvidence[], memo: Memo): TargetEvidence[][] {
  const parent = holders.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  // Per id: the first row seen (its holder, fingerprint and origins), then the first holder of
  // every other fingerprint and address. Nearly every row repeats the first one's fingerprint and
  // origins, which ties it to that row's holder with two comparisons instead of map lookups: at
  // 100 controllers this runs for 10,000 rows.
  const byId = new Map<
    string,
    {
      holder: number;
      fingerprint: string;
      origins: readonly string[];
      byFingerprint: Map<string, number>;
      byAddress: Map<string, number>;
    }
  >();
  const tie = (seen: Map<string, number>, key: string, i: number) => {
    const other = seen.get(key);
    if (other === undefined) seen.set(key, i);
    else parent[root(i)] = root(other);
  };
  holders.forEach((t, i) => {
    for (const row of t.signals.replica.ok ? t.signals.replica.value : []) {
      const origins = addressesOf(memo, row);
      const first = byId.get(row.id);
      if (first === undefined) {
        byId.set(row.id, {
          holder: i,
          fingerprint: row.fingerprint,
          origins,
          byFingerprint: new Map([[row.fingerprint, i]]),
          byAddress: new Map(origins.map((o) => [originKey(memo, o), i])),
        });
        continue;
      }
      // A cluster-wide certificate rotation that a lagging follower missed changes every fingerprint,
      // not the addresses: either shared pair ties two replicas to one cluster.
      if (row.fingerprint === first.fingerprint) parent[root(i)] = root(first.holder);
      else tie(first.byFingerprint, row.fingerprint, i);
      if (sameStrings(origins, first.origins)) parent[root(i)] = root(first.holder);
      else for (const origin of origins) tie(first.byAddress, originKey(memo, origin), i);
    }
  });
  const groups = new Map<number, TargetEvidence[]>();
  holders.forEach((t, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), t]));
  return [...groups.values()];
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How strongly a group is the cluster the user asked about: given addresses it holds or publishes, then its size. */
function claimOf(group: readonly TargetEvidence[], targets: readonly TargetEvidence[], memo: Memo): number {
  const published = new Set(
    group.flatMap((t) =>
      (t.signals.replica.ok ? t.signals.replica.value : []).flatMap((r) =>
        addressesOf(memo, r).map((o) => originKey(memo, o)),
      ),
    ),
  );
  const given = targets.filter(
    (t) => t.source === 'given' && (group.includes(t) || published.has(originKey(memo, t.origin))),
  ).length;
  return given * (targets.length + 1) + group.length;
}

function list(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map((id) => JSON.stringify(id.length > 40 ? `${id.slice(0, 39)}…` : id));
  return shown.join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
}
