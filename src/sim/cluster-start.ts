// A simulated node's state, and the cluster as a scenario starts it: every node, the committed table.
import type { Scenario } from './scenario.js';
import type { Table } from './table.js';

export type NodeState = 'up' | 'down' | 'hung';

/** The raft index a fresh v2.0.3 HA quickstart had applied (test/fixtures/real-v2.0.3/inspections/). */
export const FIRST_RAFT_INDEX = 17;

/** Which timers the current state calls for; the cluster arms and cancels them to match. */
export interface WantedTimers {
  election: boolean;
  beliefExpiry: string[];
  leaseExpiry: string[];
}

/** The key of an unordered pair of ids (a partition cut). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export interface ModelNode {
  readonly id: string;
  readonly voter: boolean;
  readonly preferred: boolean;
  readonly removed: boolean;
  readonly clockSkewMs: number;
  state: NodeState;
  /** Hung for longer than closeUnresponsiveTimeout: its peers closed its mesh channels. */
  meshDropped: boolean;
  lagging: boolean;
  claimsLeadership: boolean;
  /** Who this node thinks leads (itself included), or null. */
  belief: string | null;
  replica: Table;
  /** The raft log version last applied to `replica`. */
  applied: number;
  /** Last timestamp this node wrote as leader: its writes stay strictly increasing. */
  lastStamp: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function initialState(scenario: Scenario, now: number): { nodes: ModelNode[]; log: Table } {
  const leaderSpec = scenario.controllers.find((c) => c.id === scenario.leader);
  const at = now - scenario.startedAgoMs + (leaderSpec?.clockSkewMs ?? 0);
  const nodes: ModelNode[] = scenario.controllers.map((c) => ({
    id: c.id,
    voter: c.voter && !c.removed,
    preferred: c.preferredLeader && !c.removed,
    removed: c.removed,
    clockSkewMs: c.clockSkewMs,
    state: c.removed ? 'down' : 'up',
    meshDropped: false,
    lagging: false,
    claimsLeadership: false,
    belief: c.removed ? null : scenario.leader,
    replica: new Map(),
    applied: 0,
    lastStamp: c.id === scenario.leader ? at : Number.NEGATIVE_INFINITY,
  }));
  const log: Table = new Map();
  for (const c of scenario.controllers) {
    // A removed controller's row, offline since long ago: what a replica that kept it still shows.
    log.set(
      c.id,
      c.removed
        ? { id: c.id, createdAt: at - 7 * DAY, updatedAt: at - DAY + HOUR, isOnline: false, lastJoinedAt: at - DAY }
        : { id: c.id, createdAt: at, updatedAt: at, isOnline: true, lastJoinedAt: at },
    );
  }
  return { nodes, log };
}
