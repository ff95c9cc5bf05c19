// The pure core: evidence + now -> ClusterView (docs/design.md section 3). No IO, no clock, no formatting.
import { compareIds } from './compare.js';
import { outcomesOf, type ElectionHistory, type Evidence } from './evidence.js';
import { Memo } from './memo.js';
import type { ClusterMember } from './schemas/cluster-members.js';
import { SCHEMA_VERSION, type ClusterView, type ControllerRow } from './model.js';
import { gatherCertificates } from './reconcile/certificates.js';
import { chooseConsensus } from './reconcile/consensus.js';
import { leaderViewSees, replicaOpinions, type ReconcileContext } from './reconcile/context.js';
import { collectFacts } from './reconcile/facts.js';
import { advanceElections, electionsSummary } from './reconcile/elections.js';
import { DEFAULT_POLICY, type ReconcilePolicy } from './reconcile/policy.js';
import { flagsOf } from './reconcile/flags.js';
import { earliestCertExpiry, healthNotes, healthReasons } from './reconcile/health-summary.js';
import { lagFields } from './reconcile/lag.js';
import { findLeader } from './reconcile/leader.js';
import { findMembership } from './reconcile/membership.js';
import { statusOf } from './reconcile/status.js';
import { decideVerdict, evidenceNotes } from './reconcile/verdict.js';
import { compareVersions, versionOf } from './reconcile/versions.js';

/**
 * `memo` only saves work (a watch session passes its own, so each poll's rows reuse what earlier
 * polls parsed); the view is the same with any memo, or with a fresh one. `policy`: the operator's thresholds.
 */
export function reconcile(
  evidence: Evidence,
  now: Date,
  memo: Memo = new Memo(),
  policy: ReconcilePolicy = DEFAULT_POLICY,
): ClusterView {
  return reconcileTracked(evidence, now, memo, policy).view;
}

/**
 * reconcile, also handing back the leader changes this view adds to the evidence's (null without
 * any): watch carries them into its next view instead of working them out again.
 */
export function reconcileTracked(
  evidence: Evidence,
  now: Date,
  memo: Memo,
  policy: ReconcilePolicy,
): { view: ClusterView; elections: ElectionHistory | null } {
  const { facts, seeds } = collectFacts(evidence, memo);
  // The leader needs the quorum size from live views; without any live view it rests on raft
  // roles alone, and the voters then come from the consensus replica (which needs the leader).
  const provisional = findMembership(facts, null);
  const leader = findLeader(facts, provisional.needed, new Set(provisional.voters));
  const consensus = chooseConsensus(facts, leader.leader);
  const record =
    consensus.kind === 'leader' && leader.leader !== null ? { leader: leader.leader, rows: consensus.rows } : null;
  const membership = findMembership(facts, provisional.hasLiveViews ? null : [...consensus.rows.values()], record);
  // A former member's replica is its own stale copy, not the cluster's: it has no say on the others.
  const replicaHolders = [...facts.values()]
    .filter((f) => f.replicaById !== null && !membership.formerMembers.has(f.id))
    .sort((a, b) => compareIds(a.id, b.id));
  const liveEntries = new Map<string, ClusterMember[]>();
  for (const f of facts.values())
    for (const m of f.liveView ?? []) liveEntries.set(m.id, [...(liveEntries.get(m.id) ?? []), m]);
  const elections =
    evidence.elections === undefined
      ? null
      : advanceElections(evidence.elections, leader.leader, now, policy.electionWindowMs);
  const ctx: ReconcileContext = {
    facts,
    membership,
    leader,
    consensus,
    discoveryOff: evidence.discoveryOff === true,
    replicaHolders,
    liveEntries,
    opinions: new Map(),
    certificates: gatherCertificates(membership.allIds, consensus, replicaHolders, memo),
    versions: compareVersions(
      facts,
      membership.allIds.filter((id) => !membership.formerMembers.has(id)),
      leader.leader,
    ),
    policy,
    elections,
    now,
  };

  const controllers = membership.allIds.map((id) => buildRow(ctx, id, now));
  const reachableVoters = membership.voters.filter((id) => facts.get(id)?.reachable === true).length;
  const { verdict, reasons } = decideVerdict(ctx, controllers, reachableVoters);
  const view: ClusterView = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    cluster: {
      verdict,
      leader: leader.leader,
      leaderClaimants: leader.claimants,
      quorum: {
        voters: membership.voters.length,
        needed: membership.needed,
        reachable: reachableVoters,
        verified: membership.votersVerified,
      },
      consensus: consensus.kind,
      consensusReplicaFrom: consensus.from,
      reasons: verdict === 'degraded' ? [...reasons, ...healthReasons(ctx, controllers)] : reasons,
      notes: [
        ...evidenceNotes(
          ctx,
          seeds.map((s) => s.origin),
        ),
        ...healthNotes(ctx, controllers),
      ],
      earliestCertExpiry: earliestCertExpiry(ctx),
      elections: elections === null ? null : electionsSummary(elections, policy),
    },
    controllers,
  };
  return { view, elections };
}

function buildRow(ctx: ReconcileContext, id: string, now: Date): ControllerRow {
  const node = ctx.facts.get(id);
  const consensusRow = ctx.consensus.rows.get(id);
  const opinions = replicaOpinions(ctx, id);
  const anyRow = consensusRow ?? opinions[0]?.row;
  const liveEntries = ctx.liveEntries.get(id) ?? [];
  const status = statusOf(ctx, id);
  return {
    id,
    name: anyRow?.name ?? null,
    status,
    reachable: node?.reachable ?? false,
    latencyMs: latencyOf(ctx, id),
    isLeader: ctx.leader.leader === id,
    isPreferredLeader: anyRow?.isPreferredLeader === true || liveEntries.some((m) => m.preferredLeader === true),
    lastJoinedAt: anyRow?.lastJoinedAt ?? null,
    lastAnsweredAt: node?.reachable
      ? new Date(now.getTime() - (node.target?.freshness?.ageMs ?? 0)).toISOString()
      : node?.target?.freshness?.answeredAgoMs != null
        ? new Date(now.getTime() - node.target.freshness.answeredAgoMs).toISOString()
        : null,
    address: node?.target?.origin ?? null,
    fingerprint: anyRow?.fingerprint ?? null,
    spiffeId: node?.spiffeId ?? null,
    version: versionOf(node),
    certExpiresAt: certExpiryOf(ctx, id),
    voter: liveEntries.length === 0 ? null : liveEntries.some((m) => m.voter),
    flags: flagsOf(ctx, id),
    error: errorOf(ctx, id),
    views: {
      consensus: consensusRow ? { isOnline: consensusRow.isOnline, lastJoinedAt: consensusRow.lastJoinedAt } : null,
      replicas: opinions.map((o) => ({ from: o.from, isOnline: o.row.isOnline, lastJoinedAt: o.row.lastJoinedAt })),
      agreeing: consensusRow
        ? opinions.filter(
            (o) => o.row.isOnline === consensusRow.isOnline && o.row.lastJoinedAt === consensusRow.lastJoinedAt,
          ).length
        : 0,
      leaderSeesConnected: leaderViewSees(ctx, id),
    },
    ...lagFields(ctx, id),
  };
}

function latencyOf(ctx: ReconcileContext, id: string): number | null {
  const signals = ctx.facts.get(id)?.target?.signals;
  if (!signals) return null;
  const times = outcomesOf(signals)
    .map((o) => o.latencyMs)
    .filter((ms): ms is number => ms !== undefined);
  return times.length === 0 ? null : Math.min(...times);
}

function certExpiryOf(ctx: ReconcileContext, id: string): string | null {
  const found = ctx.certificates.byId.get(id);
  return found === undefined ? null : new Date(found.dates.notAfter).toISOString();
}

function errorOf(ctx: ReconcileContext, id: string): string | null {
  const node = ctx.facts.get(id);
  if (node === undefined || node.target === null) {
    if (ctx.membership.formerMembers.has(id)) return null;
    return (
      node?.unpolledReason ??
      (ctx.discoveryOff ? 'not polled: discovery is off (--no-discover)' : 'not polled: no address known for it')
    );
  }
  if (node.networkFailure) return node.networkFailure.message;
  // Not SIGNAL_NAMES order: the failure that says most about the row comes first.
  const firstFailure = [
    node.target.signals.version,
    node.target.signals.members,
    node.target.signals.replica,
    node.target.signals.raft,
    node.target.signals.health,
    node.target.signals.inspection,
  ].find((o) => !o.ok);
  return firstFailure && !firstFailure.ok ? firstFailure.failure.message : null;
}
