// Rule 6 of docs/design.md section 3: every flag, each naming the evidence that raised it.
import { outcomesOf } from '../evidence.js';
import type { Flag } from '../model.js';
import type { ControllerDetail } from '../schemas/controllers.js';
import { leaderSees, leaderViewSees, replicaOpinions, type ReconcileContext } from './context.js';
import { selfEntry } from './facts.js';

type Rule = (ctx: ReconcileContext, id: string) => Flag | null;

const onOff = (online: boolean) => (online ? 'online' : 'offline');

const unreachable: Rule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.networkFailure) return null;
  // The leader's mesh keeps a hung peer for 30 s, and our own path may be the one that is cut.
  const seen =
    leaderViewSees(ctx, id) === true && ctx.leader.leader !== id
      ? ` (the leader ${ctx.leader.leader} still sees it connected: hung, or only our path to it is cut)`
      : '';
  return { code: 'unreachable', message: `no HTTP exchange succeeded: ${node.networkFailure.message}${seen}` };
};

function failuresOf(
  ctx: ReconcileContext,
  id: string,
  match: (status: number | undefined, kind: string) => boolean,
): string[] {
  const target = ctx.facts.get(id)?.target;
  if (!target || !ctx.facts.get(id)?.reachable) return [];
  return outcomesOf(target.signals).flatMap((o) =>
    !o.ok && match(o.failure.status, o.failure.kind) ? [o.failure.message] : [],
  );
}

const isAuthStatus = (s: number | undefined) => s === 401 || s === 403;
const isServerError = (s: number | undefined) => s !== undefined && s >= 500;

const badResponse: Rule = (ctx, id) => {
  const bad = failuresOf(
    ctx,
    id,
    (status, kind) => kind !== 'http' || (!isAuthStatus(status) && !isServerError(status)),
  );
  const name = (ctx.consensus.rows.get(id) ?? replicaOpinions(ctx, id)[0]?.row)?.name;
  for (const [field, value] of [
    ['id', id],
    ['name', name],
  ] as const) {
    const problem = value === undefined ? null : hostileText(value);
    if (problem !== null) bad.push(`its ${field} ${problem}`);
  }
  return bad.length === 0 ? null : { code: 'bad-response', message: bad.join('; ') };
};

// Ids are raft server ids and names certificate CNs (at most 64 characters): text that could drive
// or disguise a terminal, or swamp every screen, is kept (the JSON stays exact) but flagged.
const MAX_TEXT_LENGTH = 256;
const HOSTILE_CHARACTERS: readonly [RegExp, string][] = [
  [/\u001b|\u009b/, 'terminal escape sequences'],
  [/[\u0000-\u001a\u001c-\u001f\u007f-\u009a\u009c-\u009f]/, 'control characters'],
  [/[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/, 'bidi or invisible characters'],
];

function hostileText(value: string): string | null {
  const found = HOSTILE_CHARACTERS.filter(([pattern]) => pattern.test(value)).map(([, what]) => what);
  if (value.length > MAX_TEXT_LENGTH) found.push(`${value.length} characters (at most ${MAX_TEXT_LENGTH} expected)`);
  if (found.length === 0) return null;
  const codes = [...new Set([...value].filter((c) => HOSTILE_CHARACTERS.some(([pattern]) => pattern.test(c))))].slice(
    0,
    4,
  );
  const which =
    codes.length === 0
      ? ''
      : ` (${codes.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')})`;
  return `holds ${found.join(' and ')}${which}: shown neutralised in table and plain output, exact in JSON`;
}

const unhealthy: Rule = (ctx, id) => {
  const problems = failuresOf(ctx, id, (status) => isServerError(status));
  const signals = ctx.facts.get(id)?.target?.signals;
  const health = signals?.health.ok ? signals.health.value : null;
  if (health && !health.data.healthy) {
    const failing = health.data.checks.filter((c) => !c.healthy).map((c) => c.id);
    problems.unshift(`its health checks fail${failing.length > 0 ? `: ${failing.join(', ')}` : ''}`);
  }
  return problems.length === 0 ? null : { code: 'unhealthy', message: problems.join('; ') };
};

// 401 and 403 ask different things of the operator: other credentials, or more permissions.
const auth: Rule = (ctx, id) => {
  const refused = failuresOf(ctx, id, (status) => status === 401);
  const forbidden = failuresOf(ctx, id, (status) => status === 403);
  const parts = [
    refused.length > 0 ? `credentials refused (401), signal missing: ${refused.join('; ')}` : '',
    forbidden.length > 0 ? `permission missing (403), signal missing: ${forbidden.join('; ')}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : { code: 'auth', message: parts.join('; ') };
};

const disagree: Rule = (ctx, id) => {
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

const staleReplica: Rule = (ctx, id) => {
  const row = ctx.consensus.rows.get(id);
  const node = ctx.facts.get(id);
  if (row === undefined || ctx.consensus.from === null) return null;
  const source = `the consensus replica (from ${ctx.consensus.from})`;
  const leaderView = leaderViewSees(ctx, id);
  // Not stale while the leader itself still sees it connected: the replica matches the live view.
  if (row.isOnline && node?.networkFailure && leaderView !== true) {
    return {
      code: 'stale-replica',
      message: `${source} says online, but it does not answer (${node.networkFailure.kind}): replication has not caught up`,
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

const staleView: Rule = (ctx, id) => {
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

const stale: Rule = (ctx, id) => {
  const reasons: string[] = [];
  if (ctx.leader.leader === null)
    reasons.push('no consensus leader: replicated values (isOnline, lastJoinedAt) are frozen');
  const fresh = ctx.facts.get(id)?.target?.freshness;
  if (fresh?.staleAfterMs != null && fresh.ageMs > fresh.staleAfterMs) {
    reasons.push(`no fresh evidence for ${seconds(fresh.ageMs)} (stale after ${seconds(fresh.staleAfterMs)})`);
  }
  return reasons.length === 0 ? null : { code: 'stale', message: reasons.join('; ') };
};

// Slower than its own history allows: a hang shows before the deadline ends the poll.
const slow: Rule = (ctx, id) => {
  const fresh = ctx.facts.get(id)?.target?.freshness;
  if (fresh == null || fresh.slowAfterMs == null) return null;
  const { pendingMs, answeredAfterMs } = fresh;
  // A watch poll that ran into its deadline is followed at once by the next: the longer of the two speaks.
  const ms =
    pendingMs === null ? answeredAfterMs : answeredAfterMs === null ? pendingMs : Math.max(pendingMs, answeredAfterMs);
  if (ms === null || ms < fresh.slowAfterMs) return null;
  const what = pendingMs !== null ? `no answer after ${ms} ms` : `answered only after ${ms} ms`;
  return { code: 'slow', message: `${what}, far beyond its usual latency (slow after ${fresh.slowAfterMs} ms)` };
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

const isolated: Rule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.reachable || leaderSees(ctx, id) !== false) return null;
  return { code: 'isolated', message: `it answers us, but the leader ${ctx.leader.leader} does not see it connected` };
};

const identity: Rule = (ctx, id) => {
  const node = ctx.facts.get(id);
  const conflict = node?.identityConflict ?? [];
  const reasons = [
    node?.foreign ? `its address ${node.target?.origin} ${node.foreign}: ignored` : '',
    conflict.length > 0 ? `its address ${node?.target?.origin} is also published for ${conflict.join(', ')}` : '',
  ].filter(Boolean);
  return reasons.length === 0 ? null : { code: 'identity', message: reasons.join('; ') };
};

const readOnly: Rule = (ctx, id) => {
  const node = ctx.facts.get(id);
  const leaderEntry =
    ctx.leader.leader === null ? undefined : ctx.facts.get(ctx.leader.leader)?.liveView?.find((m) => m.id === id);
  if ((node && selfEntry(node)?.readOnly) || leaderEntry?.readOnly) {
    return { code: 'read-only', message: 'its live view says the mesh is read-only (version mismatch)' };
  }
  return null;
};

const notMember: Rule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.reachable || !ctx.membership.hasLiveViews || ctx.membership.liveMembers.has(id)) return null;
  const what = node.unidentified ? `${id} answers, but no replica publishes this address` : 'it answers';
  return { code: 'not-member', message: `${what} and no live view lists it as a cluster member` };
};

const formerMember: Rule = (ctx, id) =>
  ctx.membership.formerMembers.has(id)
    ? {
        code: 'former-member',
        message: 'named only by replicas (a removed controller keeps its row); outside quorum and verdict',
      }
    : null;

const RULES: Rule[] = [
  unreachable,
  badResponse,
  unhealthy,
  auth,
  disagree,
  staleReplica,
  staleView,
  stale,
  slow,
  isolated,
  identity,
  readOnly,
  notMember,
];

export function flagsOf(ctx: ReconcileContext, id: string): Flag[] {
  const former = formerMember(ctx, id);
  // A former member is outside the verdict; only the reason it is shown matters.
  if (former) return [former];
  return RULES.map((rule) => rule(ctx, id)).filter((f): f is Flag => f !== null);
}

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
