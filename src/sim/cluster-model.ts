// Ground truth of the simulated raft cluster (no IO, no timers): links, leadership, beliefs and replicas.
import type { Scenario } from './scenario.js';
import { pairKey } from './cluster-start.js';
import { initialState, type ModelNode, type WantedTimers } from './cluster-start.js';
import { transferTarget } from './leader-transfer.js';
import { cloneTable, writeOnline, type Table } from './table.js';

export type { ModelNode, NodeState, WantedTimers } from './cluster-start.js';
import { FIRST_RAFT_INDEX } from './cluster-start.js';
export { FIRST_RAFT_INDEX };

export class ClusterModel {
  readonly nodes: readonly ModelNode[];
  leader: string | null;
  private readonly byId: Map<string, ModelNode>;
  private readonly voters: readonly ModelNode[];
  private readonly majority: number;
  private readonly cuts = new Set<string>();
  /** The committed table (the raft log); only the ground-truth leader appends to it. */
  private readonly log: Table;
  private logVersion = 0;
  /** Mesh channels outlive raft leadership: peers stay connected to the last leader until a new one. */
  private hub: string;
  /** The leader just lost, which may still recover if it comes back before any election. */
  private lost: string | null = null;
  private electionPending = false;

  constructor(
    scenario: Scenario,
    private readonly clock: () => number,
    private readonly fullMesh = scenario.fullMesh,
  ) {
    const start = initialState(scenario, clock());
    this.nodes = start.nodes;
    this.log = start.log;
    for (const n of this.nodes) n.replica = cloneTable(this.log);
    this.byId = new Map(this.nodes.map((n) => [n.id, n]));
    this.voters = this.nodes.filter((n) => n.voter);
    this.majority = Math.floor(this.voters.length / 2) + 1;
    this.leader = scenario.leader;
    this.hub = scenario.leader;
  }

  get(id: string): ModelNode {
    const node = this.byId.get(id);
    if (!node) throw new Error(`unknown controller "${id}"`);
    return node;
  }

  /** Raft traffic flows: both running (not down, not hung) and not partitioned. */
  raftLink(a: ModelNode, b: ModelNode): boolean {
    return a !== b && a.state === 'up' && b.state === 'up' && !this.cut(a.id, b.id);
  }

  /** A mesh channel exists (what list-members calls `connected`); a hung peer keeps it until dropped. */
  meshLink(a: ModelNode, b: ModelNode): boolean {
    if (a.state === 'down' || b.state === 'down' || a.meshDropped || b.meshDropped) return false;
    if (a === b) return true;
    return !this.cut(a.id, b.id) && (this.fullMesh || this.hub === a.id || this.hub === b.id);
  }

  kill(id: string): void {
    Object.assign(this.live(id), { state: 'down', belief: null, meshDropped: false });
    this.settle();
  }

  restart(id: string): void {
    // A fresh process: it keeps its bolt DB (replica) but knows no leader until raft tells it.
    Object.assign(this.live(id), { state: 'up', belief: null, meshDropped: false });
    this.settle();
  }

  hang(id: string): void {
    const n = this.live(id);
    if (n.state === 'up') n.state = 'hung';
    this.settle();
  }

  resume(id: string): void {
    const n = this.live(id);
    if (n.state === 'hung') Object.assign(n, { state: 'up', meshDropped: false });
    this.settle();
  }

  /** closeUnresponsiveTimeout elapsed while hung: the peers close its channels. */
  dropMesh(id: string): void {
    const n = this.live(id);
    if (n.state === 'hung') n.meshDropped = true;
    this.settle();
  }

  partition(id: string, peers?: readonly string[]): void {
    this.live(id);
    const others = peers ?? this.nodes.filter((n) => !n.removed && n.id !== id).map((n) => n.id);
    for (const p of others) if (this.live(p).id !== id) this.cuts.add(pairKey(id, p));
    this.settle();
  }

  heal(id?: string): void {
    if (id === undefined) this.cuts.clear();
    else for (const key of [...this.cuts]) if (key.split('\u0000').includes(this.live(id).id)) this.cuts.delete(key);
    this.settle();
  }

  /** The leader commits entries that leave the table alone (config writes); none without a leader. */
  appendEntries(entries: number): void {
    if (this.leader !== null) this.logVersion += entries;
    this.settle();
  }

  /** The raft index `id` has applied (its data-model-index inspection); lagging ones stop applying. */
  appliedIndex(id: string): number {
    return FIRST_RAFT_INDEX + this.get(id).applied;
  }

  setLagging(id: string, lagging: boolean): void {
    this.live(id).lagging = lagging;
    this.settle();
  }

  setClaimsLeadership(id: string, claims: boolean): void {
    this.live(id).claimsLeadership = claims;
    this.settle();
  }

  /** Runs an election: the preferred leader, else the lowest id, that reaches a voter majority. */
  elect(): void {
    const pick = this.pickLeader();
    this.lost = null;
    this.electionPending = false;
    this.leader = pick?.id ?? null;
    const believers = pick ? pick.set : this.nodes.filter((n) => n.state === 'up');
    for (const n of believers) if (!n.claimsLeadership) n.belief = pick?.id ?? null;
    this.settle();
  }

  /** `ziti agent cluster transfer-leadership [id]`: a new term under the voter leader-transfer.ts picks. */
  transferLeadership(to?: string): string {
    if (this.leader === null) throw new Error('the cluster has no leader to transfer leadership from');
    const current = this.get(this.leader);
    const target = transferTarget(current, this.voters, to, (n) => this.raftLink(current, n));
    this.leader = target.id;
    this.lost = null;
    this.electionPending = false;
    this.settle();
    return target.id;
  }

  /** An election now, and every follower cut off from its leader gives up on it now too. */
  failover(): void {
    this.elect();
    for (const id of this.wantedTimers().beliefExpiry) this.get(id).belief = null;
    this.settle();
  }

  /** electionTimeout elapsed without hearing from the leader it believes in. */
  expireBelief(id: string): void {
    if (this.wantedTimers().beliefExpiry.includes(id)) this.get(id).belief = null;
    this.settle();
  }

  /** leaderLeaseTimeout elapsed for a leader without a quorum: it steps down. */
  expireLease(id: string): void {
    if (this.wantedTimers().leaseExpiry.includes(id)) this.get(id).belief = null;
    this.settle();
  }

  wantedTimers(): WantedTimers {
    const up = this.nodes.filter((n) => n.state === 'up' && !n.claimsLeadership);
    const leader = this.leader === null ? null : this.get(this.leader);
    return {
      election: leader === null && (this.electionPending || this.pickLeader() !== null),
      beliefExpiry: up
        .filter((n) => n.belief !== null && n.belief !== n.id && (n.belief !== leader?.id || !this.raftLink(n, leader)))
        .map((n) => n.id),
      leaseExpiry: up.filter((n) => n.belief === n.id && n.id !== leader?.id).map((n) => n.id),
    };
  }

  private live(id: string): ModelNode {
    const node = this.get(id);
    if (node.removed) throw new Error(`controller "${id}" was removed from the cluster`);
    return node;
  }

  private cut(a: string, b: string): boolean {
    return this.cuts.has(pairKey(a, b));
  }

  private quorum(c: ModelNode, backs: (v: ModelNode) => boolean = () => true): ModelNode[] {
    return this.voters.filter((v) => v === c || (this.raftLink(c, v) && backs(v)));
  }

  private pickLeader(): { id: string; set: ModelNode[] } | null {
    const candidates = this.voters
      .filter((v) => v.state === 'up')
      .sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.id.localeCompare(b.id, 'en', { numeric: true }));
    for (const c of candidates) {
      const set = this.quorum(c);
      if (set.length >= this.majority) return { id: c.id, set };
    }
    return null;
  }

  /** Derives everything that follows from the current state; called after every change. */
  private settle(): void {
    for (const n of this.nodes) if (n.claimsLeadership && n.state !== 'down') n.belief = n.id;
    const current = this.leader === null ? null : this.get(this.leader);
    if (current && (current.state !== 'up' || this.quorum(current).length < this.majority)) {
      this.lost = current.id;
      this.leader = null;
      this.electionPending = true;
    }
    if (this.leader === null && this.lost !== null) this.tryRecover(this.get(this.lost));
    if (this.leader === null) return; // no leader: nothing is written, every replica is frozen
    const leader = this.get(this.leader);
    this.hub = leader.id;
    if (!leader.claimsLeadership) leader.belief = leader.id;
    for (const n of this.nodes) if (!n.claimsLeadership && this.raftLink(n, leader)) n.belief = leader.id;
    let stamp: number | undefined;
    const written = writeOnline(
      this.log,
      (id) => this.meshLink(leader, this.get(id)),
      () => (stamp ??= this.stamp(leader)),
    );
    if (written) this.logVersion++;
    for (const n of this.nodes) {
      const follows = n === leader || this.raftLink(n, leader);
      if (follows && n.state === 'up' && !n.lagging && n.applied !== this.logVersion) {
        n.replica = cloneTable(this.log);
        n.applied = this.logVersion;
      }
    }
  }

  /** A lost leader inside its lease regaining a majority before any election leads again (no new term). */
  private tryRecover(old: ModelNode): void {
    if (old.state !== 'up' || old.belief !== old.id) return;
    if (this.quorum(old, (v) => v.belief === old.id || v.belief === null).length < this.majority) return;
    this.leader = old.id;
    this.lost = null;
    this.electionPending = false;
  }

  private stamp(writer: ModelNode): number {
    writer.lastStamp = Math.max(this.clock() + writer.clockSkewMs, writer.lastStamp + 1);
    return writer.lastStamp;
  }
}
