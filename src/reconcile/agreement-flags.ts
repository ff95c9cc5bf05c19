// The flags that say where the replicas and live views disagree with each other or with the
// consensus, or are frozen: disagree, stale-replica, stale-view and stale (docs/design.md section 3
// rule 6). They compare against the consensus leader and the consensus replica of rule 4, which is
// why they sit apart from the flags about how a controller answered us: they need the whole cluster.
import type { ControllerDetail } from '../schemas/controllers.js';
import { type FlagRule, leaderViewSees, replicaOpinions } from './context.js';

export const disagree: FlagRule = (ctx, id) => {
  const opinions = replicaOpinions(ctx, id);
  // Replicas nearly always agree: find that out before building any list (100 x 100 at 100 controllers).
  if (opinions.every((o) => o.row.isOnline) || opinions.every((o) => !o.row.isOnline)) return null;
  const online = opinions.filter((o) => o.row.isOnline).map((o) => o.from);
  const offline = opinions.filter((o) => !o.row.isOnline).map((o) => o.from);
  const say = (ids: string[], value: string) => `${ids.join(', ')} ${ids.length === 1 ? 'says' : 'say'} ${value}`;
  return {
    code: 'disagree',
    message: `replicas disagree on isOnline: ${say(online, 'online')}; ${say(offline, 'offline')}`,
  };
};

export const staleReplica: FlagRule = (ctx, id) => {
  const row = ctx.consensus.rows.get(id);
  const node = ctx.facts.get(id);
  if (row === undefined || ctx.consensus.from === null) return null;
  const source = `the consensus replica (from ${ctx.consensus.from})`;
  const leaderView = leaderViewSees(ctx, id);
  // Not stale while the leader itself still sees it connected: the replica matches the live view.
  if (row.isOnline && node?.networkFailure && leaderView !== true) {
    return {
      code: 'stale-replica',
      message:
        `${source} says online, but it does not answer (${node.networkFailure.kind}): replication has not ` +
        `caught up`,
    };
  }
  if (row.isOnline && leaderView === false) {
    return {
      code: 'stale-replica',
      message: `${source} says online, but the leader ${ctx.leader.leader} does not see it connected`,
    };
  }
  if (!row.isOnline && leaderView === true) {
    return {
      code: 'stale-replica',
      message: `${source} says offline, but the leader ${ctx.leader.leader} sees it connected`,
    };
  }
  return null;
};

export const staleView: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.reachable) return null;
  const reasons: string[] = [];
  if (node.replica && ctx.consensus.from !== null && ctx.consensus.from !== id) {
    const diff = describeDifference(node.replica, ctx.consensus.rows);
    if (diff !== null)
      reasons.push(`its replica differs from the consensus replica (from ${ctx.consensus.from}): ${diff}`);
  }
  const leader = ctx.leader.leader;
  if (leader !== null && node.liveView) {
    const believed = node.liveView.filter((m) => m.leader).map((m) => m.id);
    if (believed.length === 0) reasons.push(`it believes no controller leads (the leader is ${leader})`);
    else if (!believed.includes(leader))
      reasons.push(`it believes ${believed.join(', ')} leads (the leader is ${leader})`);
  }
  // A second controller that says it leads (a stale leader within its lease, or worse) is never quiet.
  if (leader !== null && leader !== id && node.raftClaim === true)
    reasons.push(`its raft role says it is the leader, but ${leader} is the leader backed by a quorum`);
  return reasons.length === 0 ? null : { code: 'stale-view', message: reasons.join('; ') };
};

export const stale: FlagRule = (ctx, id) => {
  const reasons: string[] = [];
  if (ctx.leader.leader === null)
    reasons.push('no consensus leader: replicated values (isOnline, lastJoinedAt) are frozen');
  const fresh = ctx.facts.get(id)?.target?.freshness;
  if (fresh?.staleAfterMs != null && fresh.ageMs > fresh.staleAfterMs) {
    reasons.push(`no fresh evidence for ${seconds(fresh.ageMs)} (stale after ${seconds(fresh.staleAfterMs)})`);
  }
  return reasons.length === 0 ? null : { code: 'stale', message: reasons.join('; ') };
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

const onOff = (online: boolean) => (online ? 'online' : 'offline');

/** What replicaSignature equality says (same ids, isOnline and lastJoinedAt), without building the strings. */
function sameAsConsensus(rows: readonly ControllerDetail[], consensus: ReadonlyMap<string, ControllerDetail>): boolean {
  if (rows.length !== consensus.size) return false;
  for (const row of rows) {
    const other = consensus.get(row.id);
    if (
      other === undefined ||
      other.isOnline !== row.isOnline ||
      (other.lastJoinedAt ?? '') !== (row.lastJoinedAt ?? '')
    )
      return false;
  }
  return true;
}

/** How a replica differs from the consensus replica, up to three differences named; null when it does not. */
function describeDifference(
  rows: readonly ControllerDetail[],
  consensus: Map<string, ControllerDetail>,
): string | null {
  if (sameAsConsensus(rows, consensus)) return null;
  const parts: string[] = [];
  for (const row of rows) {
    const other = consensus.get(row.id);
    if (other === undefined) parts.push(`has ${row.id}, which the consensus lacks`);
    else if (other.isOnline !== row.isOnline)
      parts.push(`says ${row.id} ${onOff(row.isOnline)}, consensus ${onOff(other.isOnline)}`);
    else if (other.lastJoinedAt !== row.lastJoinedAt)
      parts.push(`has an older or different lastJoinedAt for ${row.id}`);
  }
  for (const id of consensus.keys()) if (!rows.some((r) => r.id === id)) parts.push(`lacks ${id}`);
  return parts.slice(0, 3).join(', ') + (parts.length > 3 ? `, and ${parts.length - 3} more` : '');
}
