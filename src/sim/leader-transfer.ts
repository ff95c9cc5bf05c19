// Whom a simulated leader hands over to on `ziti agent cluster transfer-leadership [id]`, as a real
// controller decides (controller/raft/member.go: hashicorp raft's LeadershipTransfer[ToServer]).
import type { ModelNode } from './cluster-start.js';

/**
 * `to` when it is a voter the leader reaches; without `to`, the next voter after the leader in the
 * cluster's order that it reaches, one that is not lagging first (raft picks a caught-up follower).
 * Throws, as the real command fails: an unknown id, a non-voter, nobody to hand over to.
 */
export function transferTarget(
  leader: ModelNode,
  voters: readonly ModelNode[],
  to: string | undefined,
  reaches: (node: ModelNode) => boolean,
): ModelNode {
  const eligible = (n: ModelNode) => n !== leader && !n.removed && !n.claimsLeadership && reaches(n);
  if (to !== undefined) {
    const target = voters.find((n) => n.id === to);
    if (target === undefined || target.removed) throw new Error(`no cluster node found with id ${to} among the voters`);
    if (!eligible(target)) throw new Error(`error transferring leadership: ${leader.id} does not reach ${to}`);
    return target;
  }
  const next = [...voters.slice(voters.indexOf(leader) + 1), ...voters];
  const target = next.find((n) => eligible(n) && !n.lagging) ?? next.find(eligible);
  if (target === undefined) throw new Error('error transferring leadership: no voter to transfer to');
  return target;
}
