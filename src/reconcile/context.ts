// Everything the per-controller rules need, computed once per reconcile.
import type { ElectionHistory } from '../evidence.js';
import type { Flag } from '../model.js';
import type { CertificateFacts } from './certificates.js';
import type { ConsensusReplica } from './consensus.js';
import type { ClusterMember } from '../schemas/cluster-members.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import type { NodeFacts } from './facts.js';
import type { LeaderFinding } from './leader.js';
import type { Membership } from './membership.js';
import type { ReconcilePolicy } from './policy.js';
import type { VersionFacts } from './versions.js';

export interface ReconcileContext {
  facts: Map<string, NodeFacts>;
  membership: Membership;
  leader: LeaderFinding;
  consensus: ConsensusReplica;
  discoveryOff: boolean;
  /** Controllers whose replica we read, sorted by id (computed once: every rule walks them). */
  replicaHolders: NodeFacts[];
  /** Every live view's entry about each controller, by controller id. */
  liveEntries: Map<string, ClusterMember[]>;
  /** replicaOpinions' answers by id, filled as rules ask: the disagree rule and the row's views both want them. */
  opinions: Map<string, Opinion[]>;
  /** The operator's thresholds (--max-lag, --cert-warn, --max-elections). */
  policy: ReconcilePolicy;
  /** Each controller's certificate dates from the replicas, and the replicas whose certPem was unreadable. */
  certificates: CertificateFacts;
  /** Each member's own version and the one they are compared with (version-skew). */
  versions: VersionFacts;
  /** Watch and serve: the leader changes so far, this view's included (elections.ts); null in a single run. */
  elections: ElectionHistory | null;
  /** The view's time: rules that compare dates (certificate expiry) compare with this, never with a clock. */
  now: Date;
}

/** One flag rule of docs/design.md section 3 rule 6: the flag it raises on controller `id`, or null. */
export type FlagRule = (ctx: ReconcileContext, id: string) => Flag | null;

/** One replica's row about a controller, and whose replica it is. */
export interface Opinion {
  from: string;
  row: ControllerDetail;
}

/** Every replica holder's row about `id` (former members' excluded), in holder order. */
export function replicaOpinions(ctx: ReconcileContext, id: string): readonly Opinion[] {
  let opinions = ctx.opinions.get(id);
  if (opinions === undefined) {
    opinions = [];
    for (const f of ctx.replicaHolders) {
      const row = f.replicaById!.get(id);
      if (row) opinions.push({ from: f.id, row });
    }
    ctx.opinions.set(id, opinions);
  }
  return opinions;
}

/** What the consensus leader's own live view says of `id`: connected or not, null without that view. */
export function leaderViewSees(ctx: ReconcileContext, id: string): boolean | null {
  const leader = ctx.leader.leader;
  if (leader === null) return null;
  if (leader === id) return true;
  const view = ctx.facts.get(leader)?.liveView;
  // A live view taken before this node won the election (its raft check answered after) shows a
  // follower's mesh, not the leader's: it cannot say whom the leader sees.
  if (view?.find((m) => m.id === leader)?.leader !== true) return null;
  return view.find((m) => m.id === id)?.connected ?? false;
}

/**
 * Whether the leader sees `id`: its live view, or (without that view, e.g. no permission for
 * list-members) the consensus replica's isOnline standing in. Null when neither exists.
 */
export function leaderSees(ctx: ReconcileContext, id: string): boolean | null {
  if (ctx.leader.leader === null) return null;
  const fromView = leaderViewSees(ctx, id);
  if (fromView !== null) return fromView;
  return ctx.consensus.rows.get(id)?.isOnline ?? null;
}
