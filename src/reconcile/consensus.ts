// Rule 4 of docs/design.md section 3: which replica speaks for the cluster.
import { compareIds } from '../compare.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import type { NodeFacts } from './facts.js';

export interface ConsensusReplica {
  kind: 'leader' | 'majority' | 'none';
  from: string | null;
  rows: Map<string, ControllerDetail>;
}

/** Rows compared on what the tool reads from them; two replicas agree when these are equal. */
export function replicaSignature(rows: readonly ControllerDetail[]): string {
  return [...rows]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((r) => `${r.id}\u0000${r.isOnline}\u0000${r.lastJoinedAt ?? ''}`)
    .join('\u0001');
}

export function chooseConsensus(facts: Map<string, NodeFacts>, leader: string | null): ConsensusReplica {
  const leaderReplica = leader === null ? null : facts.get(leader)?.replica;
  if (leader !== null && leaderReplica) return { kind: 'leader', from: leader, rows: byId(leaderReplica) };

  // Without the leader's replica, the one most controllers hold stands in; ties go to the freshest.
  const groups = new Map<string, NodeFacts[]>();
  for (const f of [...facts.values()].sort((a, b) => compareIds(a.id, b.id))) {
    if (f.replica === null) continue;
    const key = replicaSignature(f.replica);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  let best: NodeFacts[] | null = null;
  for (const group of groups.values()) {
    if (
      best === null ||
      group.length > best.length ||
      (group.length === best.length && freshest(group[0]!) > freshest(best[0]!))
    ) {
      best = group;
    }
  }
  if (best === null) return { kind: 'none', from: null, rows: new Map() };
  const holder = best[0]!;
  return { kind: 'majority', from: holder.id, rows: byId(holder.replica!) };
}

function freshest(f: NodeFacts): number {
  return (f.replica ?? []).reduce((max, r) => Math.max(max, Date.parse(r.updatedAt) || 0), 0);
}

function byId(rows: readonly ControllerDetail[]): Map<string, ControllerDetail> {
  return new Map(rows.map((r) => [r.id, r]));
}
