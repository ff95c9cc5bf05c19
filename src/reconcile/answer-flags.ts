// The flags that come from how controller i answered our own requests: unreachable, bad-response,
// unhealthy, auth and slow (docs/design.md section 3 rule 6). They rest on the four ways a signal
// can lack a value (section 2): not answered, answered badly, refused, and (slow) not yet answered.
// Each message names the failed signals, so the operator sees the evidence, not only a code.
import { type Failure, outcomesOf } from '../evidence.js';
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

/**
 * The messages of i's failed signals that `match` picks, when i answered at all (else `unreachable`
 * speaks); a refusal or a failed login (`auth` set, whatever its status) is the `auth` flag's alone.
 */
function failuresOf(
  ctx: ReconcileContext,
  id: string,
  match: (status: number | undefined, kind: string) => boolean,
): string[] {
  const target = ctx.facts.get(id)?.target;
  if (!target || !ctx.facts.get(id)?.reachable) return [];
  return outcomesOf(target.signals).flatMap((o) =>
    !o.ok && o.failure.auth === undefined && match(o.failure.status, o.failure.kind) ? [o.failure.message] : [],
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

// Each way of being refused asks something else of the operator (docs/design.md section 2): a
// login that failed (its own reason), a login never given, other credentials, more permissions.
// Each distinct message is said once: one failed login denies list-members and controllers alike.
const NO_LOGIN =
  'no login was given, and list-members and the controllers list need one: give -u USER (with ' +
  '--password-stdin or a prompt), --token, or -i/--cli-identity to use a stored `ziti edge login` when ' +
  '-c is given';

export const auth: FlagRule = (ctx, id) => {
  const target = ctx.facts.get(id)?.target;
  if (!target || !ctx.facts.get(id)?.reachable) return null;
  const groups = new Map<string, Set<string>>();
  for (const o of outcomesOf(target.signals)) {
    if (o.ok) continue;
    const lead = authLead(o.failure);
    if (lead === null) continue;
    const group = groups.get(lead) ?? new Set<string>();
    group.add(o.failure.message);
    groups.set(lead, group);
  }
  const parts = [...groups].map(([lead, messages]) => `${lead}${[...messages].join('; ')}`);
  return parts.length === 0 ? null : { code: 'auth', message: parts.join('; ') };
};

/** What a refusal says before its evidence. */
function authLead(failure: Failure): string | null {
  const { status } = failure;
  switch (failure.auth) {
    case 'login':
      return status === 401 ? 'credentials refused (401), signal missing: ' : 'login failed, signal missing: ';
    case 'no-login':
      return `${NO_LOGIN}; signal missing: `;
    case 'permission':
      return status === 403
        ? 'permission missing (403), signal missing: '
        : 'permission missing (401 without a WWW-Authenticate challenge: the login was accepted), signal missing: ';
    default:
      if (status === 401) return 'credentials refused (401), signal missing: ';
      if (status === 403) return 'permission missing (403), signal missing: ';
      return null;
  }
}

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
