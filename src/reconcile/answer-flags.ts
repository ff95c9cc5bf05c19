// The flags that come from how controller i answered our own requests: unreachable, bad-response,
// unhealthy, auth and slow (docs/design.md section 3 rule 6). They rest on the four ways a signal
// can lack a value (section 2): not answered, answered badly, refused, and (slow) not yet answered.
// Each message names the failed signals, so the operator sees the evidence, not only a code.
import { outcomesOf } from '../evidence.js';
import { type FlagRule, leaderViewSees, type ReconcileContext, replicaOpinions } from './context.js';
import { hostileText } from './hostile-text.js';

export const unreachable: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.networkFailure) return null;
  // The leader's mesh keeps a hung peer for 30 s, and our own path may be the one that is cut.
  const seen =
    leaderViewSees(ctx, id) === true && ctx.leader.leader !== id
      ? ` (the leader ${ctx.leader.leader} still sees it connected: hung, or only our path to it is cut)`
      : '';
  return { code: 'unreachable', message: `no HTTP exchange succeeded: ${node.networkFailure.message}${seen}` };
};

/** The messages of i's failed signals that `match` picks, when i answered at all (else `unreachable` speaks). */
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

export const badResponse: FlagRule = (ctx, id) => {
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

export const unhealthy: FlagRule = (ctx, id) => {
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
export const auth: FlagRule = (ctx, id) => {
  const refused = failuresOf(ctx, id, (status) => status === 401);
  const forbidden = failuresOf(ctx, id, (status) => status === 403);
  const parts = [
    refused.length > 0 ? `credentials refused (401), signal missing: ${refused.join('; ')}` : '',
    forbidden.length > 0 ? `permission missing (403), signal missing: ${forbidden.join('; ')}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : { code: 'auth', message: parts.join('; ') };
};

// Slower than its own history allows: a hang shows before the deadline ends the poll.
export const slow: FlagRule = (ctx, id) => {
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
