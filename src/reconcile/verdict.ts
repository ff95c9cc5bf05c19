// Rule 7 of docs/design.md section 3: one verdict for the cluster, with the reasons behind it.
import type { ControllerRow, Verdict } from '../model.js';
import { outcomesOf } from '../evidence.js';
import type { ReconcileContext } from './context.js';

export interface VerdictFinding {
  verdict: Verdict;
  reasons: string[];
}

/** Caveats about the evidence itself; they never change the verdict. */
export function evidenceNotes(ctx: ReconcileContext, seeds: readonly string[]): string[] {
  const notes: string[] = [];
  if (!ctx.membership.votersVerified)
    notes.push(
      'quorum could not be checked: no live view (list-members) was readable; voters taken from the consensus replica',
    );
  for (const seed of seeds)
    notes.push(
      `${seed} answered, but no replica publishes that address (a load balancer or another name?): used only to discover the controllers`,
    );
  return notes;
}

export function decideVerdict(ctx: ReconcileContext, rows: ControllerRow[], reachableVoters: number): VerdictFinding {
  const members = rows.filter((r) => !ctx.membership.formerMembers.has(r.id));
  const reasons: string[] = [];
  const { leader, backed, claimants, rejected } = ctx.leader;

  if (nothingJudgeable(ctx)) {
    return {
      verdict: 'unknown',
      reasons: ['every controller refused our credentials or TLS: nothing could be judged'],
    };
  }
  if (backed.length > 1) reasons.push(`split leadership: ${backed.join(' and ')} are each backed`);
  else if (leader === null) {
    const why = claimants.map((c) => rejected.get(c) ?? `${c} is not backed`).join('; ');
    reasons.push(claimants.length === 0 ? 'no controller claims leadership' : `no consensus leader: ${why}`);
  }
  const { needed, votersVerified } = ctx.membership;
  // Unverified voters come from replica rows, which keep removed controllers forever; when only a
  // permission hides list-members (a monitoring user), a leader accepted from raft roles already
  // implies a quorum (a raft leader without one steps down). When the views failed for any other
  // reason the worst case stands: less evidence must never make the verdict milder.
  const quorumCheckable = votersVerified || leader === null || !viewsHiddenByPermission(ctx);
  if (quorumCheckable && reachableVoters < needed)
    reasons.push(
      `quorum not reachable: ${reachableVoters} of ${ctx.membership.voters.length} voters answered, ${needed} needed`,
    );
  if (!members.some((r) => r.reachable)) reasons.push('no controller answered');
  if (reasons.length > 0) return { verdict: 'critical', reasons };

  // One line naming who is not well; each flag's evidence is listed with its controller.
  const problems = members.flatMap((row) => {
    const codes: string[] = row.flags.filter((f) => f.code !== 'auth').map((f) => f.code);
    if (row.status !== 'online') codes.unshift(row.status);
    return codes.length > 0 ? [`${row.id} (${codes.join(', ')})`] : [];
  });
  if (problems.length > 0) reasons.push(`not healthy: ${problems.join('; ')}`);
  return { verdict: reasons.length > 0 ? 'degraded' : 'healthy', reasons };
}

// "Unknown" wins when every controller we asked refused our credentials or TLS and none let us read
// a live view or replica: then unauthenticated signals (health, raft) must not pass for a judgement.
// A controller that refused the connection is down, which is a judgement (critical), not unknown.
function nothingJudgeable(ctx: ReconcileContext): boolean {
  const polled = [...ctx.facts.values()].filter((f) => f.target !== null);
  if (polled.length === 0 || polled.some((f) => f.liveView !== null || f.replica !== null)) return false;
  return polled.every((f) =>
    outcomesOf(f.target!.signals).some(
      (o) => !o.ok && (o.failure.kind === 'tls' || o.failure.status === 401 || o.failure.status === 403),
    ),
  );
}

function viewsHiddenByPermission(ctx: ReconcileContext): boolean {
  const polled = [...ctx.facts.values()].filter((f) => f.target !== null && f.reachable);
  return (
    polled.length > 0 &&
    polled.every((f) => {
      const members = f.target!.signals.members;
      return !members.ok && (members.failure.status === 401 || members.failure.status === 403);
    })
  );
}
