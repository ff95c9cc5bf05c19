// Rule 7 of docs/design.md section 3: one verdict for the cluster, with the reasons behind it.
import type { ControllerRow, Verdict } from '../model.js';
import { type Failure, outcomesOf } from '../evidence.js';
import { leaderSees, type ReconcileContext } from './context.js';

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
  const notAsked = ctx.membership.allIds.filter((id) => notAskedMember(ctx, id));
  if (notAsked.length > 0) {
    const why = ctx.discoveryOff ? 'discovery is off (--no-discover)' : 'no address or no time to ask them';
    const voters = ctx.membership.votersVerified ? notAskedVoters(ctx).length : 0;
    const unverified =
      voters > 0
        ? `, and the quorum counts ${voters} unasked voter${voters === 1 ? '' : 's'} ` +
          'as not known down: it is not verified'
        : '';
    notes.push(`not asked: ${notAsked.join(', ')} (${why}); only replicas and live views speak for them${unverified}`);
  }
  const { leader, unaskedVoters } = ctx.leader;
  if (leader !== null && unaskedVoters.length > 0)
    notes.push(
      `leader ${leader} accepted on the views asked, which name it connected: its quorum is not ` +
        `verified, the rest of it would be among voters never asked (${unaskedVoters.join(', ')})`,
    );
  for (const seed of seeds)
    notes.push(
      `${seed} answered, but no replica publishes that address (a load balancer or another name?): used ` +
        `only to discover the controllers`,
    );
  return notes;
}

export function decideVerdict(ctx: ReconcileContext, rows: ControllerRow[], reachableVoters: number): VerdictFinding {
  const members = rows.filter((r) => !ctx.membership.formerMembers.has(r.id));
  const reasons: string[] = [];
  const { leader, backed, claimants, rejected } = ctx.leader;

  const refusals = nothingJudgeable(ctx);
  if (refusals !== null) {
    return { verdict: 'unknown', reasons: [`${refusals}: nothing could be judged (each controller's flags say why)`] };
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
  // What was not asked is not known to be down (docs/design.md section 3 rule 2): only voters we
  // asked and that did not answer count against the quorum; evidenceNotes names the others. Only
  // for voters a live view lists: unverified ones come from replica rows, which may name removed
  // controllers nobody can ask, so there the worst case stands.
  const notAsked = votersVerified ? notAskedVoters(ctx).length : 0;
  if (quorumCheckable && reachableVoters + notAsked < needed)
    reasons.push(
      `quorum not reachable: ${reachableVoters} of ${ctx.membership.voters.length} voters ` +
        `answered, ${needed} needed${notAsked > 0 ? ` (${notAsked} not asked)` : ''}`,
    );
  if (!members.some((r) => r.reachable)) reasons.push('no controller answered');
  if (reasons.length > 0) return { verdict: 'critical', reasons };

  // One line naming who is not well; each flag's evidence is listed with its controller.
  // With discovery off the operator asked for the given controllers only: one never asked is judged
  // by what was asked (its flags, the leader seeing it disconnected), not by its `unknown` status.
  const problems = members.flatMap((row) => {
    const codes: string[] = row.flags.filter((f) => f.code !== 'auth').map((f) => f.code);
    if (ctx.discoveryOff && notAskedMember(ctx, row.id)) {
      if (leaderSees(ctx, row.id) === false) codes.unshift('not connected to the leader');
    } else if (row.status !== 'online') codes.unshift(row.status);
    return codes.length > 0 ? [`${row.id} (${codes.join(', ')})`] : [];
  });
  if (problems.length > 0) reasons.push(`not healthy: ${problems.join('; ')}`);
  return { verdict: reasons.length > 0 ? 'degraded' : 'healthy', reasons };
}

// "Unknown" wins when every controller we asked refused our login, credentials or TLS and none let
// us read a live view or replica: then unauthenticated signals (health, raft) must not pass for a
// judgement. A login that failed for any reason (a 400 for a short legacy password, a 404 where a
// forced method is not offered) is a refusal too. A controller that refused the connection is down,
// which is a judgement (critical), not unknown. Null when something could be judged; else what
// refused, in one line (the controller's own words are in each auth flag, said there once).
function nothingJudgeable(ctx: ReconcileContext): string | null {
  const polled = [...ctx.facts.values()].filter((f) => f.target !== null);
  if (polled.length === 0 || polled.some((f) => f.liveView !== null || f.replica !== null)) return null;
  const why = new Set<string>();
  for (const f of polled) {
    const failures = outcomesOf(f.target!.signals).flatMap((o) => (o.ok ? [] : [o.failure]));
    const refused = failures.filter(
      (x) => x.kind === 'tls' || x.auth !== undefined || x.status === 401 || x.status === 403,
    );
    if (refused.length === 0) return null;
    for (const x of refused) why.add(REFUSAL_WORDS[x.kind === 'tls' ? 'tls' : (x.auth ?? 'refused')]);
  }
  return `every controller refused us (${[...why].sort().join(', ')})`;
}

const REFUSAL_WORDS: Record<NonNullable<Failure['auth']> | 'tls', string> = {
  login: 'the login failed',
  'no-login': 'no login was given',
  refused: 'credentials refused',
  permission: 'permission missing',
  tls: 'TLS',
};

/** A member we never asked: no address, the deadline first, discovery off (not a former member). */
function notAskedMember(ctx: ReconcileContext, id: string): boolean {
  return !ctx.membership.formerMembers.has(id) && (ctx.facts.get(id)?.target ?? null) === null;
}

function notAskedVoters(ctx: ReconcileContext): string[] {
  return ctx.membership.voters.filter((id) => notAskedMember(ctx, id));
}

function viewsHiddenByPermission(ctx: ReconcileContext): boolean {
  const polled = [...ctx.facts.values()].filter((f) => f.target !== null && f.reachable);
  return (
    polled.length > 0 &&
    polled.every((f) => {
      const members = f.target!.signals.members;
      // A missing right only (a monitoring user): no login, a refused session or a failed login
      // hide the views for other reasons, and those keep the quorum check (rule 7).
      return !members.ok && members.failure.auth === 'permission';
    })
  );
}
