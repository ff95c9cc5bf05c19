// Rule 6 of docs/design.md section 3: every flag on one controller, each naming the evidence that
// raised it. The rules live with their family (answer-flags.ts: how it answered us;
// agreement-flags.ts: replicas and live views against the consensus; membership-flags.ts: its place
// in the cluster); this module only fixes their order, which is the order flags are printed in.
import type { Flag } from '../model.js';
import { badResponse, auth, slow, unhealthy, unreachable } from './answer-flags.js';
import { disagree, stale, staleReplica, staleView } from './agreement-flags.js';
import { certificate, unreadableCertificates } from './certificate-flags.js';
import type { FlagRule, ReconcileContext } from './context.js';
import { lagging } from './lag.js';
import { leaderFlap } from './elections.js';
import { formerMember, identity, isolated, notMember, readOnly } from './membership-flags.js';
import { versionSkew } from './version-flags.js';

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
  lagging,
  certificate,
  versionSkew,
  // Raises `bad-response` too: merged into that flag below, so a row carries each code once.
  unreadableCertificates,
  leaderFlap,
];

export function flagsOf(ctx: ReconcileContext, id: string): Flag[] {
  const former = formerMember(ctx, id);
  // A former member is outside the verdict (rule 1); only the reason it is shown matters.
  if (former) return [former];
  const flags: Flag[] = [];
  for (const rule of RULES) {
    const raised = rule(ctx, id);
    if (raised === null) continue;
    const same = flags.findIndex((f) => f.code === raised.code);
    if (same < 0) flags.push(raised);
    else flags[same] = { code: raised.code, message: `${flags[same]!.message}; ${raised.message}` };
  }
  return flags;
}
