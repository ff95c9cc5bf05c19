// Rule 6 of docs/design.md section 3: every flag on one controller, each naming the evidence that
// raised it. The rules live with their family (answer-flags.ts: how it answered us;
// agreement-flags.ts: replicas and live views against the consensus; membership-flags.ts: its place
// in the cluster); this module only fixes their order, which is the order flags are printed in.
import type { Flag } from '../model.js';
import { badResponse, auth, slow, unhealthy, unreachable } from './answer-flags.js';
import { disagree, stale, staleReplica, staleView } from './agreement-flags.js';
import type { FlagRule, ReconcileContext } from './context.js';
import { leaderFlap } from './elections.js';
import { formerMember, identity, isolated, notMember, readOnly } from './membership-flags.js';

const RULES: FlagRule[] = [
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
  leaderFlap,
];

export function flagsOf(ctx: ReconcileContext, id: string): Flag[] {
  const former = formerMember(ctx, id);
  // A former member is outside the verdict (rule 1); only the reason it is shown matters.
  if (former) return [former];
  return RULES.map((rule) => rule(ctx, id)).filter((f): f is Flag => f !== null);
}
