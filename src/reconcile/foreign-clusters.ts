// Which polled addresses answer for another cluster than the one the user asked about (a DNS or
// load-balancer mistake, a reused address), so that collectFacts can ignore their views and flag
// them `identity` (docs/design.md section 2, "Which controller an address is"; section 3 rule 6).
// Apart from facts.ts because it is a question about whole replicas, answered before any target
// is attributed to a controller: the home cluster must be known first.
import type { TargetEvidence } from '../evidence.js';
import { addressesOf, originKey } from '../addresses.js';
import { compareIds } from '../compare.js';
import type { Memo } from '../memo.js';

/**
 * Targets that answer for another cluster (a DNS or load-balancer mistake, a reused address),
 * with the reason. Replicas of one cluster share (id, certificate fingerprint) and (id, API
 * address) pairs even when lagging, so replicas that share none belong to different clusters;
 * the cluster of the addresses the user gave is this one. A target without a readable replica is
 * foreign when its live view names none of this cluster's controllers. Ids alone cannot tell
 * clusters apart: every quickstart names its controllers ctrl1, ctrl2, ...
 */
export function findForeign(targets: readonly TargetEvidence[], memo: Memo): Map<TargetEvidence, string> {
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
        `answers for a different cluster: its replica lists ${list(ids)}, whose certificates and ` +
          `addresses no replica of this cluster shares`,
      );
  }
  for (const t of targets) {
    if (holders.includes(t) || !t.signals.members.ok || t.signals.members.value.length === 0) continue;
    const ids = t.signals.members.value.map((m) => m.id);
    if (!ids.some((id) => homeIdSet().has(id)))
      foreign.set(
        t,
        `answers for a different cluster: its live view ` +
          `lists ${list([...new Set(ids)].sort(compareIds))}, none of which this cluster knows`,
      );
  }
  return foreign;
}

/**
 * Replica holders grouped by shared rows (same id and fingerprint, or same id and address); groups and members in input
 * order.
 */
function groupByCluster(holders: readonly TargetEvidence[], memo: Memo): TargetEvidence[][] {
  const parent = holders.map((_, i) => i);
  // Union-find with path compression: every holder on the way up is pointed at the root it reaches.
  const root = (i: number): number => {
    if (parent[i] === i) return i;
    const top = root(parent[i]!);
    parent[i] = top;
    return top;
  };
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
  for (const [i, t] of holders.entries()) {
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
  }
  const groups = new Map<number, TargetEvidence[]>();
  for (const [i, t] of holders.entries()) {
    const group = groups.get(root(i));
    if (group === undefined) groups.set(root(i), [t]);
    else group.push(t);
  }
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
