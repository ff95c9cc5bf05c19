// Rule 5 of docs/design.md section 3: the reconciled online/offline/unknown, live evidence first.
import type { ControllerStatus } from '../model.js';
import { leaderSees, type ReconcileContext } from './context.js';

export function statusOf(ctx: ReconcileContext, id: string): ControllerStatus {
  const node = ctx.facts.get(id);
  if (ctx.membership.formerMembers.has(id)) return 'unknown';
  if (node === undefined || node.target === null) return 'unknown'; // never polled: only replicas speak for it
  if (node.impostor !== null) return 'unknown'; // another controller answered at its address: it was not heard
  if (!node.reachable) {
    // A discovered address that does not resolve may be a name only the cluster's DNS knows.
    const dnsOnDiscovered = node.networkFailure?.kind === 'dns' && node.target.source === 'discovered';
    return dnsOnDiscovered ? 'unknown' : 'offline';
  }
  // It answered us; it is online unless a leader exists that does not see it (isolated).
  return leaderSees(ctx, id) === false ? 'offline' : 'online';
}
