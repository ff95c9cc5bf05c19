// The flags about controller i's place in the cluster: isolated, identity, read-only, not-member
// and former-member (docs/design.md section 3 rule 6; who is a member and who a former one is
// rule 1, membership.ts). They judge what i is to the cluster, not how it answered or how fresh
// its copy is, so they read the membership and the identity facts of section 2.
import { type FlagRule, leaderSees, replicaOpinions } from './context.js';
import { selfEntry } from './facts.js';

export const isolated: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.reachable || leaderSees(ctx, id) !== false) return null;
  return { code: 'isolated', message: `it answers us, but the leader ${ctx.leader.leader} does not see it connected` };
};

export const identity: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  const conflict = node?.identityConflict ?? [];
  const reasons = [
    node?.foreign ? `its address ${node.target?.origin} ${node.foreign}: ignored` : '',
    conflict.length > 0 ? `its address ${node?.target?.origin} is also published for ${conflict.join(', ')}` : '',
    node?.impostor ? `its address ${node.target?.origin}: ${node.impostor}: its answers ignored` : '',
  ].filter(Boolean);
  return reasons.length === 0 ? null : { code: 'identity', message: reasons.join('; ') };
};

export const readOnly: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  const leaderEntry =
    ctx.leader.leader === null ? undefined : ctx.facts.get(ctx.leader.leader)?.liveView?.find((m) => m.id === id);
  if ((node && selfEntry(node)?.readOnly) || leaderEntry?.readOnly) {
    return { code: 'read-only', message: 'its live view says the mesh is read-only (version mismatch)' };
  }
  return null;
};

export const notMember: FlagRule = (ctx, id) => {
  const node = ctx.facts.get(id);
  if (!node?.reachable || !ctx.membership.hasLiveViews || ctx.membership.liveMembers.has(id)) return null;
  const what = node.unidentified ? `${id} answers, but no replica publishes this address` : 'it answers';
  return { code: 'not-member', message: `${what} and no live view lists it as a cluster member` };
};

// Rule 1's two kinds of former member rest on different evidence: each message says which.
export const formerMember: FlagRule = (ctx, id) => {
  if (!ctx.membership.formerMembers.has(id)) return null;
  if (ctx.membership.removedRunning.has(id))
    return {
      code: 'former-member',
      message:
        `removed from the cluster while it still runs: the leader ${ctx.leader.leader} lists it as a ` +
        `non-voter and the leader's replica no longer has its row; its own replica is a stale copy; ` +
        `outside quorum and verdict`,
    };
  const namedBy = replicaOpinions(ctx, id).map((o) => o.from);
  return {
    code: 'former-member',
    message:
      `named only by replicas${namedBy.length > 0 ? ` (${namedBy.join(', ')})` : ''}, listed by no live ` +
      `view, and it does not answer us: a removed controller whose row lingers there; outside quorum and ` +
      `verdict`,
  };
};
